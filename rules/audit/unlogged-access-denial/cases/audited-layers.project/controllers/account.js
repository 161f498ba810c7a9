'use strict';

const accounts = require('../services/accountService');

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
