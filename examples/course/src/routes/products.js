// The catalogue: search, product pages and reviews.
const express = require('express');
const escapeHtml = require('escape-html');
const db = require('../db');

const router = express.Router();

router.get('/search', async (req, res) => {
  const results = await db.searchProducts(req.query.q);
  res.send('<h1>Results for ' + req.query.q + '</h1><ul>' + results.map((p) => '<li>' + escapeHtml(p.title) + '</li>').join('') + '</ul>');
});

router.get('/products/:id', async (req, res) => {
  const product = await db.productById(req.params.id);
  res.render('product', { product, reviews: db.reviewsFor(req.params.id) });
});

router.post('/products/:id/reviews', (req, res) => {
  db.addReview(req.params.id, req.body.author, req.body.body);
  res.redirect('/products/' + encodeURIComponent(req.params.id));
});

router.get('/hello', (req, res) => {
  res.send(`<p>Hello, ${escapeHtml(req.query.name)}!</p>`);
});

module.exports = router;
