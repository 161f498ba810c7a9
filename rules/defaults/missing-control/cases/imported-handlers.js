'use strict';

// Handlers live in controllers/; this file only wires them. Each registration is a route of the table.
const express = require('express');
const rateLimit = require('express-rate-limit');
const { requireUser, requireRole } = require('../middleware/auth');
const users = require('../controllers/users');
const { login } = require('../controllers/session');

const router = express.Router();
const loginLimiter = rateLimit({ windowMs: 60_000, max: 5 });

// ruleid: defaults/missing-control — an admin route with no guard in front of the imported handler
router.delete('/admin/users/:id', users.remove);

// ok: defaults/missing-control — signed in and admin-only
router.delete('/admin/accounts/:id', requireUser, requireRole('admin'), users.remove);

// ruleid: defaults/missing-control — a credential route without a rate limit
router.post('/login', login);

// ok: defaults/missing-control — the limiter in front of the sign-in
router.post('/staff/login', loginLimiter, login);

// ruleid: defaults/missing-control — a chained registration on an admin path
router.route('/admin/roles/:id').put(users.setRole);

// ok: defaults/missing-control — not a route: a cache lookup that happens to take a path
const cache = new Map();
cache.get('/admin/users');

module.exports = router;
