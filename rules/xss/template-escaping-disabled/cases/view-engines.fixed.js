// View engine setup for an Express app that renders Nunjucks pages, Handlebars e-mails and
// Mustache widgets.
const express = require('express');
const nunjucks = require('nunjucks');
const Handlebars = require('handlebars');
const Mustache = require('mustache');
const ejs = require('ejs');
const { create } = require('express-handlebars');

const app = express();

// ruleid: xss/template-escaping-disabled
nunjucks.configure('views', { autoescape: true, express: app });

// ok: xss/template-escaping-disabled
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });

function compileEmail(source) {
  // ruleid: xss/template-escaping-disabled
  return Handlebars.compile(source, { noEscape: false });
}

function compileSafeEmail(source) {
  // ok: xss/template-escaping-disabled
  return Handlebars.compile(source, { strict: true });
}

const hbs = create({
  extname: '.hbs',
  // ruleid: xss/template-escaping-disabled
  compilerOptions: { noEscape: false },
});

// ruleid: xss/template-escaping-disabled
Mustache.escape = (text) => text;

function renderWidget(template, data) {
  // ruleid: xss/template-escaping-disabled
  return ejs.render(template, data, { escape: (s) => String(s) });
}

function renderSafeWidget(template, data) {
  // ok: xss/template-escaping-disabled
  return ejs.render(template, data, { rmWhitespace: true });
}

module.exports = { app, env, hbs, compileEmail, compileSafeEmail, renderWidget, renderSafeWidget };
