'use strict';

const express = require('express');
const sessionController = require('../controllers/session.controller');

const router = express.Router();
router.post('/sign-in', sessionController.signIn);

module.exports = router;
