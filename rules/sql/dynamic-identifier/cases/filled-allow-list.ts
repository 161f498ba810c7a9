// A sort allow-list that a settings endpoint fills from the request body: after
// `Object.assign(SORTABLE, req.body)` a lookup can yield any text the caller chose.
import express from 'express';
import { Pool } from 'pg';

const app = express();
app.use(express.json());
const pool = new Pool();
const SORTABLE: Record<string, string> = { name: 'u.name', created: 'u.created_at' };
const DIRECTIONS = Object.freeze({ up: 'ASC', down: 'DESC' });

app.post('/prefs/sort-columns', (req, res) => {
  Object.assign(SORTABLE, req.body);
  res.status(204).end();
});

app.get('/users', async (req, res) => {
  const column = SORTABLE[String(req.query.sort)] ?? 'u.id';
  // ruleid: sql/dynamic-identifier
  const filled = await pool.query(`SELECT u.id, u.name FROM users u ORDER BY ${column}`);
  const direction = DIRECTIONS[String(req.query.dir) as keyof typeof DIRECTIONS] ?? 'ASC';
  // ok: sql/dynamic-identifier (a frozen table of constants that nothing fills)
  const frozen = await pool.query(`SELECT u.id FROM users u ORDER BY u.id ${direction}`);
  res.json([filled.rows, frozen.rows]);
});
