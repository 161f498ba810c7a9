'use strict';

// Cookie options built the ways an app builds them: a helper, Object.assign over shared
// defaults, a spread, a default parameter, members set after construction, a setting's fallback.
const express = require('express');
const config = require('./config');

const router = express.Router();

const baseCookie = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' };

function authCookieOptions() {
  return { path: '/', httpOnly: true, sameSite: 'strict' };
}

router.post('/login', async (req, res) => {
  const { token, refresh } = await req.app.locals.auth.login(req.body);
  // ruleid: defaults/insecure-cookie
  res.cookie('auth_token', token, authCookieOptions());
  // ruleid: defaults/insecure-cookie
  res.cookie('refresh_token', refresh, Object.assign({}, baseCookie, { httpOnly: false }));
  // ok: defaults/insecure-cookie
  res.cookie('session_id', token, { ...baseCookie, maxAge: 3600_000 });
  res.json({ ok: true });
});

// A spread overridden by a later safe property.
const relaxed = { ...baseCookie, secure: false };
router.post('/kiosk', (req, res) => {
  // ok: defaults/insecure-cookie
  res.cookie('kiosk_session', req.body.token, { ...relaxed, secure: true });
  res.end();
});

function setRememberCookie(res, token, options = { httpOnly: true, sameSite: 'lax' }) {
  // ruleid: defaults/insecure-cookie
  res.cookie('remember_token', token, options);
}

router.post('/remember', (req, res) => {
  setRememberCookie(res, req.body.token);
  const opts = { httpOnly: true, secure: true, sameSite: 'lax' };
  opts.httpOnly = false;
  // ruleid: defaults/insecure-cookie
  res.cookie('access_token', req.body.token, opts);
  const devOpts = { httpOnly: true, secure: true, sameSite: 'lax' };
  // A switch decided at run time, like `secure: isProd`: not judged.
  if (process.env.NODE_ENV === 'development') devOpts.secure = false;
  // ok: defaults/insecure-cookie
  res.cookie('device_token', req.body.token, devOpts);
  res.end();
});

router.post('/sso', (req, res) => {
  // ruleid: defaults/insecure-cookie
  res.cookie('sso_token', req.body.token, { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure ?? false });
  // ok: defaults/insecure-cookie
  res.cookie('sso_session', req.body.token, { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure ?? true });
  res.end();
});

module.exports = { router, setRememberCookie };
