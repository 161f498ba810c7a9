'use strict';

const express = require('express');
const session = require('express-session');
const settings = require('./settings');

const app = express();
app.use(session({ ...settings.portal, secret: process.env.SESSION_SECRET }));
app.use('/admin', session({ ...settings.admin, secret: process.env.ADMIN_SESSION_SECRET }));

module.exports = app;
