// Controllers whose routes are registered in another file (`router.post('/users', userController.createUser)`):
// a call that creates or deletes an account is the event, reported where it happens, also from
// inside a data-access callback. A password or e-mail change handed to a service is reported in
// the service, where the new value is stored (one event, one finding).
const httpStatus = require('http-status');
const catchAsync = require('../utils/catchAsync');
const audit = require('../lib/audit');
const { userService, authService } = require('../services');
const User = require('../models/user.model');

const createUser = catchAsync(async (req, res) => {
  // ruleid: audit/unlogged-account-change
  const user = await userService.createUser(req.body);
  res.status(httpStatus.CREATED).send(user);
});

const deleteUser = catchAsync(async (req, res) => {
  // ruleid: audit/unlogged-account-change
  await userService.deleteUserById(req.params.userId);
  res.status(httpStatus.NO_CONTENT).send();
});

function SessionHandler(userDAO) {
  this.handleSignup = (req, res, next) => {
    userDAO.getUserByUserName(req.body.userName, (err, existing) => {
      if (err || existing) return next(err);
      // ruleid: audit/unlogged-account-change
      userDAO.addUser(req.body.userName, req.body.password, (err2, user) => {
        if (err2) return next(err2);
        req.session.userId = user._id;
        return res.redirect('/dashboard');
      });
    });
  };
}

const auditedCreate = catchAsync(async (req, res) => {
  // ok: audit/unlogged-account-change
  const user = await userService.createUser(req.body);
  audit.record({ event: 'user_created', actor: req.user?.id, target: user.id, ip: req.ip, time: new Date().toISOString() });
  res.status(httpStatus.CREATED).send(user);
});

const resetPassword = catchAsync(async (req, res) => {
  // ok: audit/unlogged-account-change (the service stores the new password and is judged there)
  await authService.resetPassword(req.query.token, req.body.password);
  res.status(httpStatus.NO_CONTENT).send();
});

const requestLoginLink = catchAsync(async (req, res) => {
  const user = await userService.getUserByEmail(req.body.email);
  // ok: audit/unlogged-account-change (a one-time login link's token: in a controller only creation and deletion count)
  user.loginToken = await User.generateToken();
  await user.save();
  res.status(httpStatus.NO_CONTENT).send();
});

// A service: no request, so no handler; judged by what it stores, not by its name.
async function createUserRecord(userBody) {
  // ok: audit/unlogged-account-change
  return userService.createUser(userBody);
}

module.exports = { createUser, deleteUser, SessionHandler, auditedCreate, resetPassword, requestLoginLink, createUserRecord };
