'use strict';

const staff = require('../services/staff');

exports.changePassword = async (req, res) => {
  const ok = await staff.changeOwnPassword(req.session.staffId, req.body.current, req.body.next);
  res.status(ok ? 204 : 403).end();
};

exports.resetPassword = async (req, res) => {
  res.json({ temporary: await staff.issueTemporaryPassword(req.session.role, Number(req.params.id)) });
};

// ruleid: audit/unlogged-account-change
exports.changeRole = async (req, res) => {
  await staff.setRole(Number(req.params.id), req.body.role);
  res.status(204).end();
};
