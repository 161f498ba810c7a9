'use strict';

const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const { redis } = require('./redis');

const app = express();

app.use(session({
  store: new RedisStore({ client: redis, prefix: 'shop:sess:' }),
  secret: process.env.SESSION_SECRET,
  resave: false,
  // ruleid: defaults/session-defaults
  saveUninitialized: false,
  cookie: { httpOnly: true, secure: true, sameSite: 'lax' },
  name: 'sid',
}));

const admin = express();
// ruleid: defaults/session-defaults
admin.use(session({
  store: new RedisStore({ client: redis, prefix: 'admin:sess:' }),
  secret: process.env.ADMIN_SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, secure: true, sameSite: 'strict' },
  name: 'sid',
}));

const api = express();
// ok: defaults/session-defaults — named, and sessions are saved only after login
api.use(session({
  name: 'api.sid',
  store: new RedisStore({ client: redis, prefix: 'api:sess:' }),
  secret: process.env.API_SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { httpOnly: true, secure: true, sameSite: 'strict' },
}));

// ok: defaults/session-defaults — options built elsewhere are not judged here
const shared = require('./session-options');
api.use(session({ ...shared, name: undefined }));

module.exports = { app, admin, api };
