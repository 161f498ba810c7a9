'use strict';

const audit = require('./audit');
const tokens = require('./tokens');

// Writes the outcome of every SSO login itself: its callers are audited through it.
async function loginWithSso(assertion, ip) {
  const user = await tokens.userForAssertion(assertion);
  audit.record({ event: user ? 'authn_login_success' : 'authn_login_fail', actor: user && user.id, ip, time: new Date().toISOString() });
  return user;
}

// Writes nothing.
async function loginWithEmailAndPassword(email, password) {
  return tokens.userFor(email, password);
}

async function logout(refreshToken) {
  await tokens.remove(refreshToken);
}

module.exports = { loginWithSso, loginWithEmailAndPassword, logout };
