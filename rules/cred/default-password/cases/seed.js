// Database seed script: creates the first admin account for a fresh environment.
const bcrypt = require('bcrypt');
const { User } = require('../models');

async function seed() {
  await User.create({
    email: 'admin@acme.test',
    role: 'admin',
    // ruleid: cred/default-password
    passwordHash: await bcrypt.hash('admin123', 12),
  });
  await User.create({
    email: 'support@acme.test',
    // ok: cred/default-password
    username: 'admin',
    // ruleid: cred/default-password
    password: 'changeme',
  });
}

module.exports = seed;
