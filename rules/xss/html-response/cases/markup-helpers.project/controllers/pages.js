'use strict';

const express = require('express');
const { enc, receipt, notFound, noResults, preview, greeting } = require('../lib/markup');

const router = express.Router();

router.get('/receipt/:id', async (req, res) => {
  const order = await req.app.locals.orders.byId(req.params.id);
  // ok: xss/html-response
  res.send(receipt(order));
});

router.get('/pages/:slug', (req, res) => {
  // ok: xss/html-response
  res.status(404).send(notFound(req.params.slug));
});

router.get('/search', (req, res) => {
  // ruleid: xss/html-response
  res.send(noResults(req.query.q));
});

router.get('/search-escaped', (req, res) => {
  // ok: xss/html-response
  res.send(noResults(enc(req.query.q)));
});

router.get('/empty', (req, res) => {
  // ok: xss/html-response
  res.send(noResults('everything'));
});

router.post('/preview', (req, res) => {
  // ruleid: xss/html-response
  res.send(preview(String(req.body.markdown)));
});

router.get('/hello', (req, res) => {
  // ruleid: xss/html-response
  res.send('<main>' + greeting(req.query.name) + '</main>');
});

module.exports = router;
