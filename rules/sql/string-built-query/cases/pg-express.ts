import express from 'express';
import { Pool } from 'pg';

const app = express();
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const USERS = 'users';

app.get('/users/:id', async (req, res) => {
  // ruleid: sql/string-built-query
  const byId = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`);
  // ruleid: sql/string-built-query
  const byName = await pool.query("SELECT * FROM users WHERE name = '" + req.query.name + "' AND active = true");
  // ruleid: sql/string-built-query
  const search = await pool.query(`SELECT id FROM users WHERE name LIKE '%${req.query.q}%' AND org = $1`, [req.query.org]);
  res.json({ byId: byId.rows, byName: byName.rows, search: search.rows });
});

app.get('/orders', async (req, res) => {
  let sql = 'SELECT * FROM orders WHERE ';
  sql += 'customer = ' + req.query.customer;
  // ruleid: sql/string-built-query
  const result = await pool.query(sql);
  res.json(result.rows);
});

app.get('/sorted', async (req, res) => {
  // ok: sql/string-built-query (a column name cannot be bound: sql/dynamic-identifier reports it)
  const result = await pool.query(`SELECT * FROM users ORDER BY ${req.query.column}`);
  res.json(result.rows);
});

app.get('/safe', async (req, res) => {
  // ok: sql/string-built-query
  const a = await pool.query('SELECT * FROM users WHERE id = $1', [req.query.id]);
  // ok: sql/string-built-query
  const b = await pool.query('SELECT * FROM ' + USERS + ' WHERE id = $1', [req.query.id]);
  // ok: sql/string-built-query
  const c = await pool.query(`SELECT count(*) FROM ${USERS}`);
  // ok: sql/string-built-query (a log line that happens to say SELECT is not a query)
  console.log(`SELECT for ${req.query.id} took long`);
  res.json([a.rows, b.rows, c.rows]);
});

export async function findByEmail(client: import('pg').PoolClient, email: string) {
  const query = `SELECT * FROM users WHERE email = '${email}'`;
  // ruleid: sql/string-built-query
  return client.query(query);
}
