// Database seed script: creates the first admin account for a fresh environment.
const bcrypt = require('bcrypt');
const { User } = require('../models');

async function seed() {
  await User.create({
    email: 'admin@acme.test',
    role: 'admin',
    // ruleid: cred/default-password
    passwordHash: await bcrypt.hash(requireEnv('SEED_USER_PASSWORD'), 12),
  });
  await User.create({
    email: 'support@acme.test',
    // ok: cred/default-password
    username: 'admin',
    // ruleid: cred/default-password
    password: requireEnv('SEED_PASSWORD'),
  });
}

module.exports = seed;

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
