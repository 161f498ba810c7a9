const mysql = require('mysql2');
const sqlite3 = require('sqlite3');
const Database = require('better-sqlite3');

const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });
const db = new sqlite3.Database(':memory:');
const local = new Database('app.db');

function products(req, res) {
  // ruleid: sql/string-built-query
  connection.query('SELECT * FROM products WHERE category = "' + req.query.category + '" AND price < ?', [req.query.max], (err, rows) => {
    res.json(rows);
  });
  // ruleid: sql/string-built-query
  connection.query(`SELECT * FROM products WHERE id = ${req.params.id}`, (err, rows) => res.json(rows));
  // ruleid: sql/string-built-query
  db.all("SELECT * FROM notes WHERE owner = '" + req.user.name + "'", (err, rows) => res.json(rows));
  // ruleid: sql/string-built-query
  const row = local.prepare(`SELECT * FROM notes WHERE id = ${req.params.id}`).get();
  // ruleid: sql/string-built-query
  db.exec('DELETE FROM notes WHERE id = ' + req.params.id);
  // ok: sql/string-built-query
  connection.query('SELECT * FROM products WHERE id = ?', [req.params.id]);
  // ok: sql/string-built-query
  local.prepare('SELECT * FROM notes WHERE id = ?').get(req.params.id);
  // ok: sql/string-built-query (not a database object)
  const cache = new Map();
  cache.get('SELECT * FROM x WHERE id = ' + req.params.id);
  return row;
}

module.exports = { products };
