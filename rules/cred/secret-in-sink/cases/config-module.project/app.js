'use strict';

const express = require('express');
const session = require('express-session');
const config = require('./config');

const app = express();
app.use(session({ name: config.session.cookieName, secret: config.session.secret, resave: false }));

module.exports = app;
