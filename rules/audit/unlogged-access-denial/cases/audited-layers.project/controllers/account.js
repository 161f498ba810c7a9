'use strict';

const accounts = require('../services/accountService');
const passwords = require('../services/passwords');

exports.changePassword = async (req, res, next) => {
  try {
    await accounts.changePassword(req.user, req.body.currentPassword, req.body.newPassword);
    res.status(204).end();
  } catch (err) {
    // ok: audit/unlogged-access-denial
    if (err instanceof accounts.AuthError) return res.status(403).json({ error: 'wrong_password' });
    next(err);
  }
};

// Registered in app.js behind auditTrail('authz_change'): the middleware writes this route's event.
exports.setRole = async (req, res) => {
  if (req.user.role !== 'admin') {
    // ok: audit/unlogged-access-denial
    return res.status(403).json({ error: 'forbidden' });
  }
  req.target.role = req.body.role;
  res.status(204).end();
};

// Registered without an audit middleware, and nothing here writes one.
exports.exportUsers = async (req, res) => {
  if (req.user.role !== 'admin') {
    // ruleid: audit/unlogged-access-denial
    return res.status(403).json({ error: 'forbidden' });
  }
  res.json([]);
};

// The service decides the refusal (NotAllowed) and stores the new password: its write is the
// reported event (audit/unlogged-account-change, in services/passwords.js); the 403 here only
// translates that decision.
exports.resetForStaff = async (req, res, next) => {
  try {
    res.json({ temporary: await passwords.issueTemporary(req.user, Number(req.params.id)) });
  } catch (err) {
    // ok: audit/unlogged-access-denial
    if (err instanceof passwords.NotAllowed) return res.status(403).end();
    next(err);
  }
};
