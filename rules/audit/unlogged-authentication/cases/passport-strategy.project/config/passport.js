'use strict';

// The strategy decides every password login of the app: its outcomes are reported here, once,
// whichever route authenticates with it.
const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');
const User = require('../models/User');

passport.use(
  new LocalStrategy({ usernameField: 'email' }, (email, password, done) => {
    User.findOne({ email }).then((user) => {
      if (!user) {
        // ruleid: audit/unlogged-authentication
        return done(null, false, { msg: 'Unknown e-mail.' });
      }
      user.comparePassword(password, (err, isMatch) => {
        if (err) return done(err);
        // ruleid: audit/unlogged-authentication
        if (isMatch) return done(null, user);
        return done(null, false, { msg: 'Invalid e-mail or password.' });
      });
    }, done);
  }),
);
