const express = require('express');

const loop = express.Router();
// Two routers that mount each other: the chain stops at the module it already went through.
loop.use('/again', require('./loop-back'));

// ok: defaults/missing-control — a public health check
loop.get('/health', (req, res) => {
  res.send('ok');
});

module.exports = loop;
