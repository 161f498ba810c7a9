'use strict';

const bcrypt = require('bcryptjs');
const db = require('../lib/db');

// Checks the old password and stores the new one: the change is decided here (and reported here,
// by audit/unlogged-account-change, as it writes no event).
exports.changePassword = async (id, oldPassword, newPassword) => {
  const { rows } = await db.query('SELECT password_hash FROM staff WHERE id = $1', [id]);
  if (!rows[0] || !(await bcrypt.compare(oldPassword, rows[0].password_hash))) return false;
  await db.query('UPDATE staff SET password_hash = $1 WHERE id = $2', [await bcrypt.hash(newPassword, 12), id]);
  return true;
};
