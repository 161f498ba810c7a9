'use strict';

const bcrypt = require('bcryptjs');
const crypto = require('node:crypto');
const { Pool } = require('pg');

const pool = new Pool();

// Called only by a route whose chain writes the audit event (auditTrail in app.js): the change is
// recorded there, not reported here again.
async function changeOwnPassword(staffId, current, next) {
  const { rows } = await pool.query('SELECT password_hash FROM staff WHERE id = $1', [staffId]);
  if (!rows[0] || !(await bcrypt.compare(current, rows[0].password_hash))) return false;
  // ok: audit/unlogged-account-change (its only caller is an audited route)
  await pool.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [staffId, await bcrypt.hash(next, 12)]);
  return true;
}

// Called by a route with no audit event in its chain: the reset is decided and stored here.
async function issueTemporaryPassword(actorRole, staffId) {
  if (actorRole !== 'manager') throw new Error('managers only');
  const temporary = crypto.randomBytes(9).toString('base64url');
  // ruleid: audit/unlogged-account-change
  await pool.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [staffId, await bcrypt.hash(temporary, 12)]);
  return temporary;
}

async function setRole(staffId, role) {
  await pool.query('UPDATE staff SET role = $2 WHERE id = $1', [staffId, role]);
}

module.exports = { changeOwnPassword, issueTemporaryPassword, setRole };
