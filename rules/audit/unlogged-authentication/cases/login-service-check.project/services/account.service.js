'use strict';

const bcrypt = require('bcryptjs');
const accounts = require('./accounts');

const signInWithPassword = async (email, password) => {
  const account = await accounts.findByEmail(email);
  // ruleid: audit/unlogged-authentication
  if (!account || !(await bcrypt.compare(password, account.passwordHash))) {
    const error = new Error('Incorrect email or password');
    error.status = 401;
    throw error;
  }
  return account;
};

// Hands the answer back (null): the caller decides.
const findByCredentials = async (email, password) => {
  const account = await accounts.findByEmail(email);
  if (!account) return null;
  if (await bcrypt.compare(password, account.passwordHash)) return account;
  return null;
};

module.exports = { signInWithPassword, findByCredentials };
