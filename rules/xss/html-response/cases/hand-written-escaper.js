// A function of the file that turns &, <, > and " into entities is an escaper: what it returns is text.
const express = require('express');

const app = express();

const enc = (s) =>
  String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function escapeAll(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Only `<` is replaced: an attribute value can still be closed with a quote.
const ltOnly = (s) => String(s).replace(/</g, '&lt;');

app.get('/a', (req, res) => {
  // ok: xss/html-response
  res.send(`<p>No page named <em>${enc(req.query.slug)}</em></p>`);
});

app.get('/b', (req, res) => {
  // ok: xss/html-response
  res.send('<a title="' + escapeAll(req.query.title) + '">x</a>');
});

app.get('/c', (req, res) => {
  // ruleid: xss/html-response
  res.send('<a title="' + ltOnly(req.query.title) + '">x</a>');
});
