// List endpoints with sorting and per-tenant tables.
import express from 'express';
import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import knexFactory from 'knex';

const app = express();
const pool = new Pool();
const knex = knexFactory({ client: 'pg' });
const SORTABLE = ['name', 'created_at', 'price'];
const COLUMNS: Record<string, string> = { name: 'p.name', newest: 'p.created_at' };

app.get('/products', async (req, res) => {
  const sort = String(req.query.sort);
  // ruleid: sql/dynamic-identifier
  const a = await pool.query(`SELECT * FROM products ORDER BY ${sort}`);
  // ruleid: sql/dynamic-identifier
  const b = await pool.query('SELECT * FROM products ORDER BY name ' + req.query.dir);
  // ruleid: sql/dynamic-identifier, sql/string-built-query
  const c = await pool.query(`SELECT * FROM products WHERE brand = '${req.query.brand}' ORDER BY ${sort} ${req.query.dir}`);
  res.json([a.rows, b.rows, c.rows]);
});

app.get('/tenants/:tenant/users', async (req, res) => {
  const conn = await mysql.createConnection({ host: 'db' });
  // ruleid: sql/dynamic-identifier
  const [rows] = await conn.query(`SELECT id, email FROM \`${req.params.tenant}_users\``);
  // ruleid: sql/dynamic-identifier
  const [count] = await conn.query('SELECT ' + req.query.field + ' FROM users');
  // ok: sql/dynamic-identifier (`??` binds an identifier)
  const [ok] = await conn.query('SELECT * FROM ?? WHERE id = ?', [req.params.tenant, req.query.id]);
  res.json([rows, count, ok]);
});

app.get('/reports', async (req, res) => {
  const column = String(req.query.column);
  // ruleid: sql/dynamic-identifier
  const rows = await knex('orders').orderByRaw(column + ' DESC');
  res.json(rows);
});

app.get('/allow-listed', async (req, res) => {
  const sort = String(req.query.sort);
  const byTable = COLUMNS[String(req.query.order)] ?? 'p.id';
  const checked = SORTABLE.includes(sort) ? sort : 'name';
  // ok: sql/dynamic-identifier (chosen from an allow-list)
  const a = await pool.query(`SELECT * FROM products p ORDER BY ${byTable}`);
  // ok: sql/dynamic-identifier (chosen from an allow-list)
  const b = await pool.query(`SELECT * FROM products ORDER BY ${checked}`);
  if (!SORTABLE.includes(sort)) return res.status(400).end();
  // ok: sql/dynamic-identifier (guarded above)
  const c = await pool.query(`SELECT * FROM products ORDER BY ${sort}`);
  res.json([a.rows, b.rows, c.rows]);
});
