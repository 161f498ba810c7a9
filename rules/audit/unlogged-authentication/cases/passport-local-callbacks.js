// Logins decided in callbacks: Passport username/password strategies (`done(null, false, …)` is a
// failed login, `done(null, user)` a successful one), callback checks (`validateLogin(…, (err,
// user) => …)`) and checks named for what they do (`isPasswordMatch`). Each outcome (failed login,
// login, new account) is reported once, at its first unaudited exit; the fix covers every exit.
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;
const httpStatus = require('http-status');
const ApiError = require('../utils/ApiError');
const Users = require('../models/users');

passport.use('login', new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
  Users.findOne({ where: { login: username } }).then((user) => {
    if (!user) {
      // ruleid: audit/unlogged-authentication
      return done(null, false, { message: 'Invalid credentials' });
    }
    if (!isValidPassword(user, password)) {
      // ok: audit/unlogged-authentication (the same event, a failed login: named by the finding above, fixed with it)
      return done(null, false, { message: 'Invalid credentials' });
    }
    // ruleid: audit/unlogged-authentication
    return done(null, user);
  }).catch((err) => done(err));
}));

passport.use('signup', new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
  Users.findOne({ where: { login: username } }).then((existing) => {
    if (existing) {
      // ok: audit/unlogged-authentication (refusing a duplicate sign-up is not a failed login)
      return done(null, false, { message: 'Account already exists' });
    }
    return Users.create({ login: username, password: createHash(password) }).then((user) => {
      // ruleid: audit/unlogged-authentication
      return done(null, user);
    });
  });
}));

function isValidPassword(user, password) {
  return user.verifyHash(password);
}

// A data-access helper that hands the outcome to its caller's callback decides nothing itself.
function validateLogin(userName, password, callback) {
  Users.findOne({ userName }, (err, user) => {
    if (err) return callback(err, null);
    // ok: audit/unlogged-authentication
    if (user && user.comparePassword(password)) {
      callback(null, user);
    } else {
      callback(new Error('Invalid login'), null);
    }
  });
}

function handleLoginRequest(req, res, next) {
  const { userName, password } = req.body;
  validateLogin(userName, password, (err, user) => {
    if (err) {
      if (err.message === 'Invalid login') {
        // ruleid: audit/unlogged-authentication
        return res.render('login', { userName, loginError: 'Invalid username or password' });
      }
      // ok: audit/unlogged-authentication (a database error is handed on, not a failed login)
      return next(err);
    }
    req.session.userId = user.id;
    // ruleid: audit/unlogged-authentication
    return res.redirect('/dashboard');
  });
}

async function loginUserWithEmailAndPassword(email, password) {
  const user = await Users.getUserByEmail(email);
  // ruleid: audit/unlogged-authentication
  if (!user || !(await user.isPasswordMatch(password))) {
    throw new ApiError(httpStatus.UNAUTHORIZED, 'Incorrect email or password');
  }
  return user;
}

// A one-argument password rule is a strength check, not an authentication.
function validPassword(password) {
  return password.length >= 12;
}

function handleSignupRequest(req, res) {
  // ok: audit/unlogged-authentication
  if (!validPassword(req.body.password)) {
    return res.status(400).render('signup', { error: 'Password too weak' });
  }
  return res.redirect('/welcome');
}

module.exports = { handleLoginRequest, handleSignupRequest, loginUserWithEmailAndPassword };
