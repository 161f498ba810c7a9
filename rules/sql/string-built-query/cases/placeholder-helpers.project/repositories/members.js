import { pool } from '../db.js';
import { placeholders, containsTerm } from '../lib/clauses.js';

export async function membersByIds(ids) {
  // ok: sql/string-built-query
  const [rows] = await pool.query(`SELECT id, name FROM members WHERE id IN ${placeholders(ids.length)}`, ids);
  return rows;
}

export async function membersNamed(name) {
  // ruleid: sql/string-built-query
  const [rows] = await pool.query('SELECT id, name FROM members WHERE ' + containsTerm('name', name));
  return rows;
}
