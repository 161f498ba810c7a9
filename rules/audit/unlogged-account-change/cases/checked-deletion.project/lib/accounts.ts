import bcrypt from 'bcryptjs';
import { query } from './db';

// Re-checks the password, then deletes: the deletion is decided here, so it is reported here.
export async function deleteAccount(userId: number, password: string): Promise<boolean> {
  const { rows } = await query('SELECT password_hash FROM users WHERE id = $1', [userId]);
  if (!rows[0] || !(await bcrypt.compare(password, rows[0].password_hash))) return false;
  await query('DELETE FROM notes WHERE owner_id = $1', [userId]);
  // ruleid: audit/unlogged-account-change
  await query('DELETE FROM users WHERE id = $1', [userId]);
  return true;
}

// Deletes what it is told: the caller decides (and is reported there).
export async function removeUser(userId: number): Promise<void> {
  // ok: audit/unlogged-account-change
  await query('DELETE FROM users WHERE id = $1', [userId]);
}
