// A route module using a pool exported by another file: the driver is not visible here.
const db = require('./db');
const cache = require('./cache');

async function invoices(req, res) {
  // ruleid: sql/string-built-query
  const result = await db.query('SELECT * FROM invoices WHERE customer_id = ' + req.params.id);
  // ok: sql/string-built-query (not SQL text)
  const cached = await cache.query('invoices:' + req.params.id);
  // ok: sql/string-built-query
  const safe = await db.query('SELECT * FROM invoices WHERE id = $1', [req.params.id]);
  res.json([result.rows, cached, safe.rows]);
}

module.exports = { invoices };

async function archive(repo, req) {
  // ruleid: sql/string-built-query
  await repo.execute(`DELETE FROM invoices WHERE archived_at < '${req.body.before}'`);
}

module.exports.archive = archive;
