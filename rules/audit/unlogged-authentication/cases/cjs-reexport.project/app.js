'use strict';

const express = require('express');
const auth = require('./controllers/auth.controller');

const app = express();
app.use(express.json());
app.post('/reset-password', auth.resetPassword);

module.exports = app;
