const express = require('express');

const api = express.Router();
api.use('/admin', require('./admin'));
api.use('/loop', require('./loop'));

module.exports = api;
