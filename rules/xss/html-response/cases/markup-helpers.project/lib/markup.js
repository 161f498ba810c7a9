'use strict';

const escapeHtml = require('escape-html');
const { marked } = require('marked');

// A hand-written escaper: `&`, `<`, `>` and `"` become entities.
const enc = (s) =>
  String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function receipt(order) {
  return `<h1>Receipt #${Number(order.id)}</h1><p>${escapeHtml(order.customer)}</p>`;
}

function notFound(slug) {
  return `<p>No page named <em>${enc(slug)}</em></p>`;
}

function noResults(term) {
  return '<div class="empty">No orders match <strong>' + term + '</strong></div>';
}

function preview(markdown) {
  return `<article>${marked.parse(markdown)}</article>`;
}

function greeting(name) {
  return `<h1>Hello ${name}</h1><p>${new Date().toUTCString()}</p>`;
}

module.exports = { enc, receipt, notFound, noResults, preview, greeting };
