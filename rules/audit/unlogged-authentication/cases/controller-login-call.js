// A login completed by a call (Passport's `req.logIn(user, cb)`) in a controller whose route is
// registered elsewhere: after a second factor, a login link or a passkey, the session is
// established here whatever check came before it. Reported once per handler, where it happens.
const audit = require('../lib/audit');
const User = require('../models/User');

exports.postTotpVerify = async (req, res, next) => {
  const user = await User.findById(req.session.pendingUserId);
  // A wrong one-time code refused (the record's own `verifyTotp`): a failed login of its own.
  // ruleid: audit/unlogged-authentication
  if (!user || !user.verifyTotp(req.body.code)) {
    req.flash('errors', { msg: 'Invalid verification code.' });
    return res.redirect('/login/2fa');
  }
  req.session.pendingUserId = undefined;
  // ruleid: audit/unlogged-authentication
  req.logIn(user, (err) => {
    if (err) return next(err);
    // ok: audit/unlogged-authentication (the same login as above)
    req.login(user, () => res.redirect('/'));
  });
};

exports.getLoginByLink = async (req, res, next) => {
  const user = await User.findOne({ loginToken: req.params.token });
  if (!user) return res.redirect('/login');
  audit.record({ event: 'authn_login_success', actor: user.id, ip: req.ip, time: new Date().toISOString() });
  // ok: audit/unlogged-authentication
  req.logIn(user, (err) => (err ? next(err) : res.redirect('/')));
};

// Not the request's login: a client library's call with the same name.
exports.connect = async (req, res) => {
  // ok: audit/unlogged-authentication
  await ftp.login(req.body.host);
  res.sendStatus(204);
};
