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

module.exports = { signInWithPassword };
