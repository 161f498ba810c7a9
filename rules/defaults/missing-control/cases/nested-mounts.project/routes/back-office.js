const express = require('express');
const { requireUser } = require('../middleware/auth');

const office = express.Router();
office.use('/tools', requireUser, require('./tools'));

module.exports = office;
