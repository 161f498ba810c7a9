// Database access for the course app. Several queries here build SQL from strings on purpose.
const { Pool } = require('pg');
const Database = require('better-sqlite3');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const notes = new Database(process.env.NOTES_DB || 'notes.db');

async function findUserByName(name) {
  const result = await pool.query("SELECT id, name, role FROM users WHERE name = '" + name + "'");
  return result.rows[0];
}

async function searchProducts(term, category) {
  const sql = `SELECT id, title, price FROM products WHERE title ILIKE '%${term}%' AND category = $1`;
  const result = await pool.query(sql, [category]);
  return result.rows;
}

async function listOrders(customerId, sortColumn) {
  const result = await pool.query(`SELECT * FROM orders WHERE customer_id = $1 ORDER BY ${sortColumn}`, [customerId]);
  return result.rows;
}

function noteById(id) {
  return notes.prepare(`SELECT * FROM notes WHERE id = ${id}`).get();
}

async function countUsers() {
  // Constant SQL: nothing to fix.
  const result = await pool.query('SELECT count(*) AS n FROM users');
  return result.rows[0].n;
}

module.exports = { pool, findUserByName, searchProducts, listOrders, noteById, countUsers };
