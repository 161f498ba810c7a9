// Data access for the shop.
const { Pool } = require('pg');
const Database = require('better-sqlite3');
const config = require('./config');

const pool = new Pool(config.database);
const reviews = new Database(process.env.REVIEWS_DB || 'reviews.db');

const PRODUCTS = 'products';

async function findUser(email) {
  const result = await pool.query("SELECT id, email, password_hash, role FROM users WHERE email = '" + email + "'");
  return result.rows[0];
}

async function searchProducts(term) {
  const result = await pool.query(`SELECT id, title, price FROM ${PRODUCTS} WHERE title ILIKE '%${term}%'`);
  return result.rows;
}

async function productById(id) {
  const result = await pool.query('SELECT * FROM products WHERE id = $1', [id]);
  return result.rows[0];
}

async function ordersFor(userId, sort) {
  const result = await pool.query(`SELECT * FROM orders WHERE user_id = $1 ORDER BY ${sort}`, [userId]);
  return result.rows;
}

function reviewsFor(productId) {
  return reviews.prepare(`SELECT author, body FROM reviews WHERE product_id = ${productId}`).all();
}

function addReview(productId, author, body) {
  let sql = 'INSERT INTO reviews (product_id, author, body) VALUES (';
  sql += productId + ", '" + author + "', '" + body + "')";
  return reviews.exec(sql);
}

async function countProducts() {
  const result = await pool.query('SELECT count(*) AS n FROM ' + PRODUCTS);
  return result.rows[0].n;
}

async function setRole(userId, role) {
  await pool.query('UPDATE users SET role = $1 WHERE id = $2', [role, userId]);
}

async function deleteUser(userId) {
  await pool.query('DELETE FROM users WHERE id = $1', [userId]);
}

module.exports = { pool, findUser, searchProducts, productById, ordersFor, reviewsFor, addReview, countProducts, setRole, deleteUser };
