'use strict';

const bcrypt = require('bcrypt');

async function seedAdmin(db, password) {
  // ruleid: defaults/weak-password-hash
  const passwordHash = await bcrypt.hash(password, 6);
  await db.users.insert({ email: 'ops@shop.example', passwordHash });
}

module.exports = { seedAdmin };
