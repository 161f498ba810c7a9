// Sign-in and role checks shared by the routers; the mounts decide where they apply.
exports.requireUser = function requireUser(req, res, next) {
  return req.session && req.session.userId ? next() : res.sendStatus(401);
};

exports.requireRole = (role) => (req, res, next) => {
  if (req.user?.roles?.includes(role)) return next();
  res.sendStatus(403);
};
