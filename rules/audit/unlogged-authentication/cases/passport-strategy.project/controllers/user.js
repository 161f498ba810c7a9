'use strict';

const passport = require('passport');

// The route acts on the strategy's answer (config/passport.js decides, and is reported there):
// nothing here is a second report of the same login.
exports.postLogin = (req, res, next) => {
  // ok: audit/unlogged-authentication (the strategy in config/passport.js decides this login)
  passport.authenticate('local', (err, user, info) => {
    if (err) return next(err);
    if (!user) {
      // ok: audit/unlogged-authentication (the strategy's failure, reported there)
      req.flash('errors', info);
      return res.redirect('/login');
    }
    // ok: audit/unlogged-authentication (the strategy's success, reported there)
    req.logIn(user, (err) => {
      if (err) return next(err);
      res.redirect('/');
    });
  })(req, res, next);
};
