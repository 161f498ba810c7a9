// An Express app on Swig, and a mailer on Eta: both engines escape unless told not to.
const express = require('express');
const consolidate = require('consolidate');
const swig = require('swig');
const { Eta } = require('eta');

const app = express();
app.engine('.html', consolidate.swig);
app.set('view engine', 'html');

swig.setDefaults({
  // ruleid: xss/template-escaping-disabled
  autoescape: true,
});

// ok: xss/template-escaping-disabled
const strict = new swig.Swig({ autoescape: true, cache: 'memory' });

const eta = new Eta({
  views: './emails',
  // ruleid: xss/template-escaping-disabled
  autoEscape: true,
});

// ok: xss/template-escaping-disabled
const pages = new Eta({ views: './views', cache: true });

app.get('/hello', (req, res) => {
  res.send(strict.render('<p>{{ name }}</p>', { locals: { name: req.query.name } }) + pages.renderString('<p><%= it.name %></p>', { name: req.query.name }));
});

module.exports = { app, eta };
