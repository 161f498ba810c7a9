const express = require('express');
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;
const bcrypt = require('bcrypt');
const speakeasy = require('speakeasy');
const log = require('./log');

passport.use(new LocalStrategy(async (username, password, done) => {
  try {
    const user = await User.findOne({ username });
    if (!user) {
      log.audit('authn_login_fail', { username, reason: 'no_such_user' });
      return done(null, false);
    }
    const ok = await bcrypt.compare(password, user.hash);
    if (!ok) {
      log.audit('authn_login_fail', { username, reason: 'password' });
      return done(null, false);
    }
    log.audit('authn_login_success', { username });
    return done(null, user);
  } catch (e) {
    return done(e);
  }
}));

const app = express();

app.post('/login', passport.authenticate('local', { failureRedirect: '/login?error=1' }), (req, res) => {
  res.redirect('/mfa');
});

app.post('/mfa', (req, res) => {
  // ruleid: audit/unlogged-authentication
  const verified = speakeasy.totp.verify({ secret: req.user.mfaSecret, encoding: 'base32', token: req.body.code });
  if (!verified) {
    return res.status(401).render('mfa', { error: 'Wrong code' });
  }
  req.session.mfa = true;
  res.redirect('/dashboard');
});

app.get('/logout', (req, res, next) => {
  const id = req.user && req.user.id;
  req.logout((err) => {
    if (err) return next(err);
    log.audit('session_expired', { user: id, reason: 'logout' });
    res.redirect('/');
  });
});

app.post('/account/email', ensureLoggedIn, async (req, res) => {
  await User.updateOne({ _id: req.user.id }, { email: req.body.email, emailVerified: false });
  // ruleid: audit/unlogged-account-change
  res.redirect('/account');
});

app.post('/account/2fa/disable', ensureLoggedIn, async (req, res) => {
  await User.updateOne({ _id: req.user.id }, { mfaSecret: null });
  log.audit('user_updated', { user: req.user.id, change: 'mfa_disabled' });
  res.redirect('/account');
});

function ensureLoggedIn(req, res, next) {
  if (!req.isAuthenticated()) {
    // ruleid: audit/unlogged-access-denial
    return res.status(401).redirect('/login');
  }
  next();
}

app.get('/about', (req, res) => res.render('about'));

module.exports = app;
