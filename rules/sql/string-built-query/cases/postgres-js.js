// A worker on postgres.js (porsager/postgres).
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL);

export async function jobsFor(queue, status) {
  // ruleid: sql/string-built-query
  return sql.unsafe(`SELECT * FROM jobs WHERE queue = '${queue}' AND status = '${status}'`);
}

export async function retry(id) {
  // ruleid: sql/string-built-query
  return sql.unsafe('UPDATE jobs SET attempts = attempts + 1 WHERE id = ' + id);
}

export async function safe(queue, id) {
  // ok: sql/string-built-query
  const a = await sql`SELECT * FROM jobs WHERE queue = ${queue}`;
  // ok: sql/string-built-query
  const b = await sql.unsafe('SELECT * FROM jobs WHERE id = $1', [id]);
  // ok: sql/string-built-query (an identifier through sql() helper)
  const c = await sql`SELECT * FROM ${sql('jobs')} WHERE id = ${id}`;
  return [a, b, c];
}
