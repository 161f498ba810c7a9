'use strict';

const express = require('express');
const authRoute = require('./routes/auth');

const app = express();
app.use(express.json());
app.use('/v1/auth', authRoute);

module.exports = app;
