'use strict';

const bcrypt = require('bcryptjs');
const audit = require('./audit');

class AuthError extends Error {}

// The service decides and writes the event for every outcome: its callers only translate the error.
async function changePassword(user, current, next) {
  const ok = await bcrypt.compare(current, user.passwordHash);
  if (!ok) {
    audit.record({ action: 'authn_password_change', outcome: 'failure', actorId: user.id });
    throw new AuthError('wrong_password');
  }
  user.passwordHash = await bcrypt.hash(next, 12);
  audit.record({ action: 'authn_password_change', outcome: 'success', actorId: user.id });
}

module.exports = { changePassword, AuthError };
