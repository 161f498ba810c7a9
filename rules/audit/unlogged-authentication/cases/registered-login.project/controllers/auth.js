'use strict';

const catchAsync = require('../utils/catchAsync');
const authService = require('../services/auth');
const tokens = require('../services/tokens');

// Registered as POST /login in routes/auth.js: nothing here or in the service writes the event.
// ruleid: audit/unlogged-authentication
const login = catchAsync(async (req, res) => {
  const user = await authService.loginWithEmailAndPassword(req.body.email, req.body.password);
  res.send({ user });
});

// Registered as POST /logout.
// ruleid: audit/unlogged-authentication
const logout = catchAsync(async (req, res) => {
  await authService.logout(req.body.refreshToken);
  res.status(204).send();
});

// ok: audit/unlogged-authentication (the service writes the login's event)
const ssoLogin = catchAsync(async (req, res) => {
  const user = await authService.loginWithSso(req.body.assertion, req.ip);
  res.send({ user });
});

// ok: audit/unlogged-authentication (no security event)
const refreshTokens = catchAsync(async (req, res) => {
  res.send(await tokens.refresh(req.body.refreshToken));
});

module.exports = { login, logout, ssoLogin, refreshTokens };
