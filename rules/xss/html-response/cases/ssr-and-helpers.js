// Server-side rendering and small HTML helpers: what is already escaped stays quiet, what is not is reported.
const express = require('express');
const React = require('react');
const { renderToString } = require('react-dom/server');
const serialize = require('serialize-javascript');
const escapeHtml = require('escape-html');
const App = require('./App');

const app = express();

function badge(label) {
  return `<span class="badge">${escapeHtml(label)}</span>`;
}

function rawBadge(label) {
  return '<span class="badge">' + label + '</span>';
}

app.get('/badge', (req, res) => {
  // ok: xss/html-response
  res.send(badge(req.query.label) + badge(req.query.other));
});

app.get('/raw-badge', (req, res) => {
  // ruleid: xss/html-response
  res.send(rawBadge(req.query.label));
});

app.get('/page', (req, res) => {
  const page = Number.parseInt(req.query.page, 10) || 1;
  const pages = Math.max(1, Math.ceil(req.query.total / 20));
  // ok: xss/html-response
  res.send(`<p>Page ${page} of ${pages}</p>`);
});

app.get('/app/*', (req, res) => {
  const state = { path: req.path, search: req.query.search || '' };
  const markup = renderToString(React.createElement(App, { state }));
  // ok: xss/html-response
  res.send(`<div id="root">${markup}</div><script>window.__STATE__ = ${serialize(state, { isJSON: true })}</script>`);
});

app.get('/app-unsafe/*', (req, res) => {
  const state = { search: req.query.search || '' };
  // ruleid: xss/html-response
  res.send(`<script>window.__STATE__ = ${serialize(state, { unsafe: true })}</script>`);
});

module.exports = app;
