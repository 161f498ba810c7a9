'use strict';

const express = require('express');
const { issueToken, issueRefreshToken } = require('./tokens');

const router = express.Router();
const isProd = process.env.NODE_ENV === 'production';

router.post('/login', async (req, res) => {
  const token = await issueToken(req.body.email, req.body.password);
  // ruleid: defaults/insecure-cookie
  res.cookie('access_token', token, { maxAge: 15 * 60 * 1000, sameSite: 'lax', httpOnly: true, secure: process.env.NODE_ENV !== 'development' });
  // ruleid: defaults/insecure-cookie
  res.cookie('refresh_token', await issueRefreshToken(token), { httpOnly: true, secure: process.env.NODE_ENV !== 'development', sameSite: 'lax' });
  // ok: defaults/insecure-cookie — all three flags, Secure outside local development
  res.cookie('sid', token, { httpOnly: true, secure: isProd, sameSite: 'strict' });
  // ok: defaults/insecure-cookie — a display preference, read by script on purpose
  res.cookie('theme', req.body.theme === 'dark' ? 'dark' : 'light', { sameSite: 'lax' });
  // ok: defaults/insecure-cookie — the double-submit CSRF token must be readable by script
  res.cookie('XSRF-TOKEN', req.csrfToken(), { secure: true, sameSite: 'strict' });
  res.json({ ok: true });
});

router.post('/remember', (req, res) => {
  // ruleid: defaults/insecure-cookie
  res.cookie('remember_me', req.user.rememberToken, {
    maxAge: 30 * 24 * 3600 * 1000,
    httpOnly: true,
    secure: process.env.NODE_ENV !== 'development',
    sameSite: 'lax',
  });
  res.end();
});

module.exports = router;
