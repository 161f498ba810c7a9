'use strict';

const express = require('express');
const rateLimit = require('express-rate-limit');
const bcrypt = require('bcrypt');
const { users } = require('./db');

const router = express.Router();
const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 20 });

// ruleid: defaults/missing-control
router.post('/login', async (req, res) => {
  const user = await users.byEmail(req.body.email);
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.status(401).end();
  req.session.userId = user.id;
  res.status(204).end();
});

// ok: defaults/missing-control — rate limited
router.post('/login/v2', loginLimiter, async (req, res) => {
  const user = await users.byEmail(req.body.email);
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.status(401).end();
  res.status(204).end();
});

// ruleid: defaults/missing-control
router.post('/forgot-password', async (req, res) => {
  await users.sendReset(String(req.body.email || ''));
  res.json({ ok: true });
});

// ok: defaults/missing-control — only shows the form; the credential is checked where it is posted
router.get('/login', (req, res) => res.render('login'));

// ok: defaults/missing-control — signing out checks no credential
router.post('/logout', (req, res) => req.session.destroy(() => res.status(204).end()));

// ok: defaults/missing-control — a public health check
router.get('/healthz', (req, res) => res.json({ ok: true }));

module.exports = router;
