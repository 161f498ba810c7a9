// A CLI tool's storage on sqlite3, with callbacks passed by name.
const sqlite3 = require('sqlite3');

const db = new sqlite3.Database('./todo.db');

function printRows(err, rows) {
  if (err) throw err;
  for (const row of rows) console.log(row.id, row.title);
}

function listByTag(tag, done) {
  // ruleid: sql/string-built-query
  db.all('SELECT id, title FROM todos WHERE tag = ?', [tag], done);
}

function listOlderThan(days) {
  // ruleid: sql/string-built-query
  db.all(`SELECT id, title FROM todos WHERE created < datetime('now', ?)`, [`-${days} days`], printRows);
}

function listAll(done) {
  // ok: sql/string-built-query
  db.all('SELECT id, title FROM todos ORDER BY id', done);
}

module.exports = { listByTag, listOlderThan, listAll };
