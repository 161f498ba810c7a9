'use strict';

const pool = require('../db');
const { buildOrderFilter, buildCustomerFilter, searchSql } = require('../lib/searchFilters');

const BASE = 'SELECT o.id, o.status FROM orders o JOIN customers c ON c.id = o.customer_id';

async function listForCustomer(customerId) {
  const filter = buildCustomerFilter(customerId);
  // ok: sql/string-built-query
  const { rows } = await pool.query(BASE + filter.text, filter.values);
  return rows;
}

async function search(filters) {
  const sql = BASE + buildOrderFilter(filters) + ' LIMIT 200';
  // ruleid: sql/string-built-query
  const { rows } = await pool.query(sql);
  return rows;
}

async function byNote(term) {
  // ruleid: sql/string-built-query
  const { rows } = await pool.query(searchSql(term));
  return rows;
}

// A helper in this file that returns the text it assembles is followed the same way.
function statusSql(status) {
  return `SELECT id FROM orders WHERE status = '${status}'`;
}

async function byStatus(status) {
  // ruleid: sql/string-built-query
  const { rows } = await pool.query(statusSql(status));
  return rows;
}

module.exports = { listForCustomer, search, byNote, byStatus };
