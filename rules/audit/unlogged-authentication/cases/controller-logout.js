// A logout done by a call (`req.logout()`, `req.session.destroy()`) in a controller whose route is
// registered elsewhere is a security event too: reported once per handler, where it happens.
const audit = require('../lib/audit');

exports.logout = (req, res) => {
  // ruleid: audit/unlogged-authentication
  req.logout(() => {
    // ok: audit/unlogged-authentication (the same logout as above)
    req.session.destroy(() => res.redirect('/'));
  });
};

exports.displayLogoutPage = (req, res) => {
  // ruleid: audit/unlogged-authentication
  req.session.destroy(() => res.redirect('/'));
};

// Passport 0.6's logout takes a node-style callback, which runs when `req.user` is already null: the
// event that names the user goes before the call, not into the callback.
exports.signOut = (req, res, next) => {
  // ruleid: audit/unlogged-authentication
  req.logout((err) => {
    if (err) return next(err);
    req.session.destroy(() => res.redirect('/'));
  });
};

exports.auditedLogout = (req, res) => {
  audit.record({ event: 'session_expired', reason: 'logout', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  // ok: audit/unlogged-authentication
  req.logout(() => res.redirect('/'));
};

// Not a request's session: a cache entry.
exports.evict = (req, res) => {
  // ok: audit/unlogged-authentication
  cache.session.destroy(req.params.id);
  res.sendStatus(204);
};
