'use strict';

const express = require('express');
const session = require('express-session');
const config = require('./config');

const app = express();
app.use(session({ ...config.session, secret: process.env.SESSION_SECRET }));

module.exports = app;
