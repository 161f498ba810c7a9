'use strict';

const catchAsync = require('../utils/catchAsync');
const User = require('../models/User');
const accounts = require('../services/accounts');

// Registered in app.js as POST /account/password: a password change with no audit event.
// ruleid: audit/unlogged-account-change
exports.postUpdatePassword = async (req, res, next) => {
  const user = await User.findById(req.user.id);
  user.password = req.body.password;
  await user.save();
  res.redirect('/account');
};

// Registered behind auditTrail('user_updated'): the middleware writes the route's event.
exports.postUpdateEmail = async (req, res) => {
  const user = await User.findById(req.user.id);
  // ok: audit/unlogged-account-change
  user.email = req.body.email;
  await user.save();
  res.redirect('/account');
};

// Registered as GET /account/unlink/:provider: a way to sign in removed.
// ruleid: audit/unlogged-account-change
exports.getOauthUnlink = async (req, res) => {
  const user = await User.findById(req.user.id);
  user.tokens = user.tokens.filter((t) => t.kind !== req.params.provider);
  await user.save();
  res.redirect('/account');
};

// ok: audit/unlogged-account-change (reads the account)
exports.getAccount = (req, res) => res.render('account', { user: req.user });

// ok: audit/unlogged-account-change
exports.getUser = catchAsync(async (req, res) => {
  res.json(await User.findById(req.params.userId));
});

// Registered by routes/users.js under router.route('/:userId').delete(…), mounted at /users.
// ruleid: audit/unlogged-account-change
exports.deleteUser = catchAsync(async (req, res) => {
  await User.deleteOne({ _id: req.params.userId });
  res.status(204).send();
});

// Registered as POST /account/password/reset: the service stores the new password and is reported.
// ok: audit/unlogged-account-change
exports.postResetPassword = async (req, res) => {
  await accounts.resetPassword(req.body.token, req.body.password);
  res.redirect('/login');
};

// Registered as POST /accounts/:id/close: the account is closed (deleted) with no audit event.
// ruleid: audit/unlogged-account-change
exports.closeAccount = async (req, res) => {
  if (req.body.confirm !== `close-${req.params.id}`) return res.status(409).json({ error: 'confirm' });
  await accounts.close(req.params.id);
  res.status(204).end();
};

// Registered behind auditTrail('user_deleted'): the middleware writes the event.
// ok: audit/unlogged-account-change
exports.closeArchived = async (req, res) => {
  await accounts.close(req.params.id);
  res.status(204).end();
};
