// A data-access module whose helpers pass SQL text on to the driver.
const { Pool } = require('pg');
const express = require('express');

const pool = new Pool();
const app = express();

function run(text, values) {
  return pool.query(text, values);
}

const first = async (text) => (await pool.query(text)).rows[0];

function findUser(name) {
  // ruleid: sql/string-built-query
  return run('SELECT * FROM users WHERE name = $1', [name]);
}

app.get('/users', async (req, res) => {
  res.json(await findUser(req.query.name));
});

app.get('/orders/:id', async (req, res) => {
  // ruleid: sql/string-built-query
  const order = await first(`SELECT * FROM orders WHERE id = ${req.params.id}`);
  // ok: sql/string-built-query
  const same = await run('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  res.json([order, same.rows]);
});

// Recursion between functions and circular reassignments stay bounded.
function ping(text, n) { return n > 0 ? pong(text, n - 1) : pool.query(text); }
function pong(text, n) { return ping(text, n); }
// ok: sql/string-built-query
ping('SELECT 1', 3);

function circular(input) {
  let a = 'SELECT 1';
  let b = a;
  a = b;
  b = a;
  // ok: sql/string-built-query (circular, but only constants)
  return pool.query(b);
}

module.exports = { app, circular };
