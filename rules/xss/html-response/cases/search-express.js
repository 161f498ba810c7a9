// An Express shop: search results and a greeting page assembled by hand.
const express = require('express');
const escapeHtml = require('escape-html');

const app = express();

app.get('/search', async (req, res) => {
  const results = await findProducts(req.query.q);
  const items = results.map((p) => `<li>${escapeHtml(p.title)}</li>`).join('');
  // ruleid: xss/html-response
  res.send(`<h1>Results for ${req.query.q}</h1><ul>${items}</ul>`);
});

app.get('/hello', (req, res) => {
  // ruleid: xss/html-response
  res.send('Hello ' + req.query.name);
});

app.get('/hello-safe', (req, res) => {
  // ok: xss/html-response
  res.send(`<p>Hello ${escapeHtml(req.query.name)}</p>`);
});

app.get('/api/products', async (req, res) => {
  const results = await findProducts(req.query.q);
  // ok: xss/html-response
  res.json({ q: req.query.q, results });
});

app.get('/echo.txt', (req, res) => {
  res.type('text/plain');
  // ok: xss/html-response
  res.send('You sent: ' + req.query.msg);
});

app.get('/profile/:id', async (req, res) => {
  const user = await loadUser(req.params.id);
  // ok: xss/html-response
  res.render('profile', { user });
});

app.get('/status', (req, res) => {
  // ok: xss/html-response
  res.status(200).send('<p>OK</p>');
});

app.use((err, req, res, next) => {
  // ruleid: xss/html-response
  res.status(500).send('<pre>' + err.message + '</pre>');
});

async function findProducts(q) { return [{ title: String(q) }]; }
async function loadUser(id) { return { id }; }

module.exports = app;
