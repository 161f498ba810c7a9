'use strict';

const express = require('express');
const cors = require('cors');

const app = express();

// The storefront SPA and the partner widgets both call us with cookies.
app.use('/api', cors({
  // ruleid: defaults/cors-credentials
  origin: true,
  credentials: true,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
}));

app.use('/widgets', cors({
  // ruleid: defaults/cors-credentials
  origin: (origin, callback) => callback(null, true),
  credentials: true,
}));

// ok: defaults/cors-credentials — a public feed, no cookies
app.use('/feeds', cors({ origin: '*', methods: ['GET'] }));

const ALLOWED = new Set(['https://shop.example.com', 'https://partners.example.com']);
// ok: defaults/cors-credentials — an allow-list function
app.use('/account', cors({
  origin: (origin, callback) => callback(null, ALLOWED.has(origin)),
  credentials: true,
}));

// ok: defaults/cors-credentials — a fixed list
app.use('/orders', cors({ origin: ['https://shop.example.com'], credentials: true }));

// Hand-written CORS for the legacy endpoints.
app.use('/legacy', (req, res, next) => {
  // ruleid: defaults/cors-credentials
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

app.use('/v2', (req, res, next) => {
  const origin = req.headers.origin;
  if (ALLOWED.has(origin)) {
    // ok: defaults/cors-credentials — echoed only after the allow-list check
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  next();
});

// Reflected whenever an Origin is sent: `if (origin)` only asks whether there is one.
app.use('/scanner', (req, res, next) => {
  const origin = req.headers.origin;
  if (origin) {
    // ruleid: defaults/cors-credentials
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  next();
});

app.use('/partners', (req, res, next) => {
  const origin = req.get('origin');
  if (typeof origin === 'string' && origin.endsWith('.partners.example.com')) {
    // ok: defaults/cors-credentials — the origin is compared (a suffix check on the partners' domain)
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
});

const allowed = (process.env.APP_ORIGINS ?? '').split(',').filter(Boolean);
app.use(
  '/v2',
  cors({
    // ruleid: defaults/cors-credentials — with APP_ORIGINS unset every origin is reflected
    origin: allowed.length > 0 ? allowed : true,
    credentials: true,
  }),
);

app.use(
  '/v3',
  cors({
    // ok: defaults/cors-credentials — an empty list falls back to no cross-origin access at all
    origin: allowed.length > 0 ? allowed : false,
    credentials: true,
  }),
);

module.exports = app;
