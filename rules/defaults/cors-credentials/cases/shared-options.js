'use strict';

// CORS options kept in shared objects and spread into each router's middleware.
const express = require('express');
const cors = require('cors');

const corsDefaults = {
  // ruleid: defaults/cors-credentials
  origin: true,
  methods: ['GET', 'POST'],
  maxAge: 600,
};

const app = express();
app.use('/api', cors({ ...corsDefaults, credentials: true }));

// A spread overridden by a later safe property: the allow-list wins.
const partnerOrigins = (process.env.PARTNER_ORIGINS ?? '').split(',').filter(Boolean);
// ok: defaults/cors-credentials
app.use('/partners', cors({ ...corsDefaults, origin: partnerOrigins, credentials: true }));

// The public feed spreads the same defaults without credentials.
// ok: defaults/cors-credentials
app.use('/feeds', cors({ ...corsDefaults, methods: ['GET'] }));

module.exports = app;
