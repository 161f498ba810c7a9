'use strict';

const express = require('express');
const sessionRoutes = require('./routes/session');

const app = express();
app.use(express.json());
app.use('/api/session', sessionRoutes);

module.exports = app;
