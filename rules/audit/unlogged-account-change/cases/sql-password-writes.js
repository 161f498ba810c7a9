// A new password stored with SQL text (`UPDATE … SET password_hash = $2`) by a function that also
// decides — it refuses with a throw, or checks the current password — is the account change. A
// data-access helper that only writes the value it is given leaves the event to its caller.
const bcrypt = require('bcrypt');
const crypto = require('crypto');
const pool = require('./db');
const audit = require('./lib/audit');

class NotAllowed extends Error {}

async function issueTemporaryPassword(actorRole, staffId) {
  if (actorRole !== 'manager') throw new NotAllowed('managers only');
  const temporary = crypto.randomBytes(9).toString('base64url');
  // ruleid: audit/unlogged-account-change
  await pool.query('UPDATE staff SET password_hash = $2, must_change = true WHERE id = $1', [staffId, await bcrypt.hash(temporary, 12)]);
  return temporary;
}

async function changeOwnPassword(staffId, current, next) {
  const { rows } = await pool.query('SELECT password_hash FROM staff WHERE id = $1', [staffId]);
  if (!rows[0] || !(await bcrypt.compare(current, rows[0].password_hash))) return false;
  // ruleid: audit/unlogged-account-change
  await pool.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [staffId, await bcrypt.hash(next, 12)]);
  return true;
}

async function changeOwnPasswordAudited(staffId, current, next) {
  const { rows } = await pool.query('SELECT password_hash FROM staff WHERE id = $1', [staffId]);
  if (!rows[0] || !(await bcrypt.compare(current, rows[0].password_hash))) return false;
  // ok: audit/unlogged-account-change
  await pool.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [staffId, await bcrypt.hash(next, 12)]);
  audit.record({ event: 'authn_password_change', actor: staffId, time: new Date().toISOString() });
  return true;
}

// ok: audit/unlogged-account-change (data access: its caller decides and owns the event)
async function updatePasswordHash(id, hash) {
  await pool.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [id, hash]);
}

module.exports = { issueTemporaryPassword, changeOwnPassword, changeOwnPasswordAudited, updatePasswordHash, NotAllowed };
