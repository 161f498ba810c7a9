// A CommonJS-style TypeScript service: its modules come in through `import x = require('y')`.
import express = require('express');
import mysql = require('mysql2');
import type pgTypes = require('pg');
import helpers = require('./helpers/index');

const app = express();
const connection = mysql.createConnection({ host: process.env.DB_HOST });

export namespace Db {
  export import connect = mysql.createConnection;
}

app.get('/users', (req, res) => {
  // ruleid: sql/string-built-query
  connection.query("SELECT * FROM users WHERE id = " + req.query.id, (err, rows) => res.json(rows));
});

app.get('/orders', (req, res) => {
  const reports = Db.connect({ host: process.env.DB_HOST });
  // ruleid: sql/string-built-query
  reports.query(`SELECT * FROM orders WHERE customer = '${req.query.customer}'`, (err, rows) => res.json(rows));
});

app.get('/safe', (req, res) => {
  // ok: sql/string-built-query
  connection.query('SELECT * FROM users WHERE id = ?', [req.query.id], (err, rows) => res.json(rows));
  // ok: sql/string-built-query (a local helper module, not a database driver)
  helpers.query(`SELECT ${req.query.id}`);
});

export type Client = pgTypes.Client;
