'use strict';

// Session options kept in one object and spread into the middleware: the spread's keys count.
const express = require('express');
const session = require('express-session');

const sessionDefaults = {
  name: 'portal.sid',
  resave: false,
  // ruleid: defaults/session-defaults
  saveUninitialized: false,
};

const adminDefaults = { ...sessionDefaults, saveUninitialized: false };

const app = express();
app.use(session({ ...sessionDefaults, secret: process.env.SESSION_SECRET }));

const admin = express();
// A spread overridden by a later safe property.
// ok: defaults/session-defaults
admin.use(session({ ...adminDefaults, secret: process.env.ADMIN_SESSION_SECRET }));

module.exports = { app, admin };
