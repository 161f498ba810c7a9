'use strict';

// The bcrypt cost comes from a setting; the fallback is the cost wherever nobody set it.
const bcrypt = require('bcrypt');
const settings = require('./settings');

const ROUNDS = Number(process.env.BCRYPT_ROUNDS) || 8;

async function register(user, password) {
  // ruleid: defaults/weak-password-hash
  user.passwordHash = await bcrypt.hash(password, ROUNDS);
  return user;
}

async function resetPassword(user, password) {
  // ruleid: defaults/weak-password-hash
  user.passwordHash = await bcrypt.hash(password, settings.auth.saltRounds ?? 6);
  return user;
}

async function changePassword(user, password) {
  // A secure fallback.
  // ok: defaults/weak-password-hash
  user.passwordHash = await bcrypt.hash(password, settings.auth.saltRounds ?? 12);
  return user;
}

module.exports = { register, resetPassword, changePassword };
