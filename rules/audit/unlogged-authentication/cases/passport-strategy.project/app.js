'use strict';

const express = require('express');
const session = require('express-session');
const passport = require('passport');
const user = require('./controllers/user');
require('./config/passport');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
app.use(passport.initialize());
app.use(passport.session());
app.post('/login', user.postLogin);

module.exports = app;
