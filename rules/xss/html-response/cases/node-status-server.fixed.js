'use strict';
// A framework-less Node status server: each branch sets its own content type before answering.
const http = require('http');
const https = require('https');
const url = require('url');
const os = require('os');

http.createServer((req, res) => {
  const u = new URL(req.url, `http://${req.headers.host}`);
  if (u.pathname === '/status.json') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    // ok: xss/html-response
    res.end(JSON.stringify({ host: os.hostname(), q: u.searchParams.get('q') }));
    return;
  }
  if (u.pathname === '/echo.txt') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    // ok: xss/html-response
    res.end('You said ' + u.searchParams.get('say'));
    return;
  }
  if (u.pathname === '/hello') {
    const name = u.searchParams.get('name') || 'stranger';
    res.writeHead(200, { 'Content-Type': 'text/html' });
    // ruleid: xss/html-response
    res.end('<h1>Hello ' + escapeHtml(name) + '</h1>');
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/html' });
  // ok: xss/html-response
  res.end(`<h1>Status</h1><p>Host: ${os.hostname()}</p><p>Uptime: ${Math.round(process.uptime())} s</p>`);
}).listen(9100);

https.createServer({}, (req, res) => {
  const { query } = url.parse(req.url, true);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // ruleid: xss/html-response
  res.write(`<p>Results for ${escapeHtml(query.term)}</p>`);
  res.end();
}).listen(9443);

http.createServer((req, res) => {
  const term = url.parse(req.url, true).query.term;
  res.writeHead(200, { 'content-type': 'text/html' });
  // ruleid: xss/html-response
  res.end('<p>No results for ' + escapeHtml(term) + '</p>');
}).listen(9101);

const _ = require('lodash');
const escapeHtml = require('escape-html');
http.createServer((req, res) => {
  const { query } = url.parse(req.url, true);
  res.writeHead(200, { 'Content-Type': 'text/html' });
  // ok: xss/html-response
  res.end(_.template('<h1><%- title %></h1>')({ title: query.title }));
}).listen(9102);

http.createServer((req, res) => {
  if (!req.url.startsWith('/page/')) {
    res.statusCode = 404;
    // ok: xss/html-response
    res.end('Not found: ' + req.url);
    return;
  }
  res.setHeader('Content-Type', 'text/html');
  res.end('<p>Page</p>');
}).listen(9103);
