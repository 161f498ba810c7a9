const express = require('express');

const back = express.Router();
back.use('/round', require('./loop'));

module.exports = back;
