'use strict';

// The routes of the controllers in controllers/auth.js: login and logout with their handlers in
// another module, and a login whose service writes the event itself.
const express = require('express');
const authController = require('../controllers/auth');

const router = express.Router();

router.post('/login', authController.login);
router.post('/logout', authController.logout);
router.post('/login/sso', authController.ssoLogin);
router.post('/refresh-tokens', authController.refreshTokens);

module.exports = router;
