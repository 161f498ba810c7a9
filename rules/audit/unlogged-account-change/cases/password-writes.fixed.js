// A new password stored by a reset or change flow — `user.password = …; user.save()`, an update
// that sets the password — is an account change; its audit event is what shows a takeover. A
// record the function creates is a sign-up, and a hashing hook stores nothing itself.
const bcrypt = require('bcrypt');
const httpStatus = require('http-status');
const ApiError = require('../utils/ApiError');
const { User, Token } = require('../models');

module.exports.resetPwSubmit = function (req, res) {
  User.findOne({ where: { login: req.body.login } }).then((user) => {
    if (!user || req.body.token !== user.resetToken) {
      req.flash('danger', 'Invalid reset token');
      return res.redirect('/forgotpw');
    }
    user.password = bcrypt.hashSync(req.body.password, 10);
    // ruleid: audit/unlogged-account-change
    user.save().then(() => {
      req.flash('success', 'Password successfully reset');
      auditLog({ event: 'authn_password_change', outcome: 'success', account: user.id, time: new Date().toISOString() });
      res.redirect('/login');
    });
  });
};

// The refusal in the reset's catch is the same decision's failure: one finding, both events in the fix.
const resetPassword = async (resetPasswordToken, newPassword) => {
  try {
    const tokenDoc = await Token.verify(resetPasswordToken, 'resetPassword');
    const user = await User.findById(tokenDoc.user);
    if (!user) throw new Error();
    // ruleid: audit/unlogged-account-change
    await User.updateOne({ _id: user.id }, { $set: { password: await bcrypt.hash(newPassword, 10) } });
    auditLog({ event: 'authn_password_change', outcome: 'success', time: new Date().toISOString() });
    await Token.deleteMany({ user: user.id, type: 'resetPassword' });
  } catch (error) {
    // ok: audit/unlogged-access-denial (the reset's failure, folded into its finding)
    auditLog({ event: 'authn_password_change', outcome: 'failure', time: new Date().toISOString() });
    throw new ApiError(httpStatus.UNAUTHORIZED, 'Password reset failed');
  }
};

const changePassword = async (userId, newPassword, audit) => {
  const user = await User.findById(userId);
  user.password = newPassword;
  // ok: audit/unlogged-account-change (audited right after)
  await user.save();
  audit.record({ event: 'authn_password_change', outcome: 'success', actor: userId, time: new Date().toISOString() });
};

const signup = async (email, password) => {
  const user = new User({ email });
  user.password = await bcrypt.hash(password, 10);
  // ok: audit/unlogged-account-change (a new account: sign-up, not a password change)
  await user.save();
  return user;
};

// A model hook hashes the password the caller stores; it persists nothing itself.
function hashOnSave(next) {
  const user = this;
  bcrypt.hash(user.password, 10).then((hash) => {
    user.password = hash;
    // ok: audit/unlogged-account-change
    next();
  });
}

module.exports.resetPassword = resetPassword;
module.exports.changePassword = changePassword;
module.exports.signup = signup;
module.exports.hashOnSave = hashOnSave;

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
