const express = require('express');
const bcrypt = require('bcrypt');
const asyncHandler = require('express-async-handler');

const app = express();

function auditEvent(req, event, details = {}) {
  const entry = { time: new Date().toISOString(), event, ip: req.ip, user: req.user && req.user.id, ...details };
  process.stdout.write(JSON.stringify(entry) + '\n');
}

function deny(req, res, status) {
  auditEvent(req, 'authz_fail', { status, path: req.originalUrl });
  return res.status(status).json({ error: 'denied' });
}

function requireUser(req, res, next) {
  if (!req.user) return deny(req, res, 401);
  next();
}

app.post('/login', asyncHandler(async (req, res) => {
  const user = await users.byEmail(req.body.email);
  const ok = user && (await bcrypt.compare(req.body.password, user.hash));
  if (!ok) {
    auditEvent(req, 'authn_login_fail', { email: req.body.email });
    return res.status(401).json({ error: 'invalid' });
  }
  auditEvent(req, 'authn_login_success', { user: user.id });
  req.session.regenerate(() => {
    req.session.userId = user.id;
    res.json({ ok: true });
  });
}));

app.post('/password/reset', asyncHandler(async (req, res) => {
  const record = await resetTokens.consume(req.body.token);
  if (!record) {
    // ruleid: audit/unlogged-authentication
    return res.status(401).json({ error: 'invalid or expired token' });
  }
  await users.setPassword(record.userId, await bcrypt.hash(req.body.password, 12));
  auditEvent(req, 'authn_password_change', { user: record.userId, via: 'reset' });
  res.json({ ok: true });
}));

app.post('/admin/impersonate/:id', requireUser, asyncHandler(async (req, res) => {
  if (!req.user.isAdmin) return deny(req, res, 403);
  req.session.impersonating = req.params.id;
  // ruleid: audit/unlogged-account-change
  res.json({ impersonating: req.params.id });
}));

app.post('/teams/:id/members', requireUser, asyncHandler(async (req, res) => {
  const team = await teams.get(req.params.id);
  await team.addMember(req.body.userId);
  // ruleid: audit/unlogged-account-change
  await grantRole(req.body.userId, 'member', team.id);
  res.status(201).end();
}));

app.get('/admin', requireUser, (req, res) => res.render('admin'));

module.exports = app;
