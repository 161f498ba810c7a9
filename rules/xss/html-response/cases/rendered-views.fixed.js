// Pages rendered by escaping template engines and sent by hand: the engine escaped every value.
const express = require('express');
const ejs = require('ejs');
const Mustache = require('mustache');
const Handlebars = require('handlebars');
const escapeHtml = require('escape-html');

const app = express();
const receipt = Handlebars.compile('<p>Thanks, {{name}}!</p>');

app.get('/search', async (req, res) => {
  const html = await ejs.renderFile('views/search.ejs', { q: req.query.q });
  // ok: xss/html-response
  res.send(html);
});

app.get('/hello', (req, res) => {
  // ok: xss/html-response
  res.send(Mustache.render('<p>Hello {{name}}</p>', req.query));
});

app.get('/receipt', (req, res) => {
  // ok: xss/html-response
  res.send(receipt({ name: req.query.name }));
});

app.get('/banner', (req, res) => {
  // ruleid: xss/html-response
  res.send(`<div class="banner">${escapeHtml(req.query.text)}</div>`);
});
