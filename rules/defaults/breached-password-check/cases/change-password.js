const Joi = require('joi');
const { pwnedCount } = require('../lib/pwned-passwords');

// ok: defaults/breached-password-check — the file checks the Pwned Passwords range API
const changeSchema = Joi.object({ newPassword: Joi.string().min(10).max(200).required() });

async function validateNewPassword(body) {
  const value = await changeSchema.validateAsync(body);
  if ((await pwnedCount(value.newPassword)) > 0) throw new Error('This password appeared in a data breach; choose another.');
  return value;
}

module.exports = { validateNewPassword };
