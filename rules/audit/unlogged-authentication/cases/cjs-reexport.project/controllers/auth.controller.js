'use strict';

const { accountService } = require('../services');

// ok: audit/unlogged-authentication (the service behind the re-exporting index stores the new password)
const resetPassword = async (req, res) => {
  await accountService.resetPassword(req.query.token, req.body.password);
  res.status(204).send();
};

module.exports = { resetPassword };
