// Reports against SQL Server with the mssql package (and a legacy tedious path).
const sql = require('mssql');
const { Connection, Request } = require('tedious');

const poolPromise = new sql.ConnectionPool(process.env.MSSQL_URL).connect();

async function invoices(req, res) {
  const pool = await poolPromise;
  // ruleid: sql/string-built-query
  const result = await pool.request().input('customer', req.query.customer).query(`SELECT * FROM invoices WHERE customer = @customer`);
  res.json(result.recordset);
}

async function overdue(req, res) {
  const pool = await poolPromise;
  // ruleid: sql/string-built-query
  const result = await pool.request().input('days', req.query.days).query('SELECT * FROM invoices WHERE days_overdue > @days');
  res.json(result.recordset);
}

async function byRegion(req, res) {
  const request = new sql.Request();
  // ruleid: sql/string-built-query
  const result = await request.query(`SELECT * FROM sales WHERE region = '${req.query.region}' AND year = @year`);
  res.json(result.recordset);
}

async function byOwner(req, res) {
  const pool = await poolPromise;
  // ruleid: sql/string-built-query (a national-character literal: N'…' binds as one value)
  const result = await pool.request().input('owner', req.query.owner).query('SELECT * FROM jobs WHERE owner = @owner');
  res.json(result.recordset);
}

function legacyLookup(connection, name, done) {
  // ruleid: sql/string-built-query
  const request = new Request("SELECT id FROM accounts WHERE name = '" + name + "'", done);
  connection.execSql(request);
}

async function safe(req, res) {
  const pool = await poolPromise;
  // ok: sql/string-built-query
  const a = await pool.request().input('customer', sql.NVarChar, req.query.customer).query('SELECT * FROM invoices WHERE customer = @customer');
  // ok: sql/string-built-query (the tagged template binds its values)
  const b = await sql.query`SELECT * FROM invoices WHERE id = ${req.params.id}`;
  res.json([a.recordset, b.recordset]);
}

module.exports = { byOwner, invoices, overdue, byRegion, legacyLookup, safe, Connection };
