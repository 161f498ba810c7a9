// A guard middleware that refuses a signed-in user without the privilege by sending them to the
// sign-in page, instead of answering 403, refuses access all the same. An anonymous visitor sent
// to the login page is navigation (as in audit/console-instead-of-audit-log's callback-login
// case), and so is a handler's own redirect (nothing passed on with `next()`).
const audit = require('./lib/audit');
const users = require('./models/users');

exports.isAdmin = (req, res, next) => {
  if (!req.session.userId) {
    // ok: audit/unlogged-access-denial (an anonymous visitor sent to sign in)
    return res.redirect('/login?next=/admin');
  }
  return users.findById(req.session.userId, (err, user) => {
    // ruleid: audit/unlogged-access-denial (no fix: the event would be written on both arms)
    return user && user.isAdmin ? next() : res.redirect('/login');
  });
};

exports.isEditor = (req, res, next) => {
  if (req.user.role === 'editor') return next();
  // ruleid: audit/unlogged-access-denial
  res.redirect('/users/sign_in');
};

exports.isEditorAudited = (req, res, next) => {
  if (req.user.role === 'editor') return next();
  audit.record({ event: 'authz_fail', actor: req.user.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
  // ok: audit/unlogged-access-denial
  res.redirect('/users/sign_in');
};

exports.getAdminHome = (req, res, next) => {
  // ok: audit/unlogged-access-denial (navigation: no guard passes the request on here)
  if (!req.user.isAdmin) return res.redirect('/login');
  res.render('admin');
};
