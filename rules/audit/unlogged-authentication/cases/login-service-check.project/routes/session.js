'use strict';

const express = require('express');
const sessionController = require('../controllers/session.controller');

const router = express.Router();
router.post('/sign-in', sessionController.signIn);
router.post('/sign-in/legacy', sessionController.signInLegacy);

module.exports = router;
