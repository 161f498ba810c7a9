// An Express login route, a JWT middleware and a passport callback, some audited, some not.
const express = require('express');
const bcrypt = require('bcrypt');
const crypto = require('crypto');
const jwt = require('jsonwebtoken');
const passport = require('passport');
const pino = require('pino');

const logger = pino();
const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const user = await db.users.findOne({ email });
  if (!user) {
    // ruleid: audit/unlogged-authentication
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  // ruleid: audit/unlogged-authentication
  const ok = await bcrypt.compare(password, user.passwordHash);
  if (!ok) {
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  req.session.userId = user.id;
  res.json({ id: user.id });
});

// Audited on both branches with the structured logger: not a finding.
app.post('/v2/login', async (req, res) => {
  const { email, password } = req.body;
  const user = await db.users.findOne({ email });
  // ok: audit/unlogged-authentication
  const ok = user && (await bcrypt.compare(password, user.passwordHash));
  if (!ok) {
    logger.warn({ event: 'authn_login_fail', actor: email, ip: req.ip }, 'login failed');
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  logger.info({ event: 'authn_login_success', actor: email, ip: req.ip });
  req.session.userId = user.id;
  res.json({ id: user.id });
});

// A failure path that only sometimes audits: the missing branch is the success one.
app.post('/v3/login', async (req, res) => {
  const user = await db.users.findOne({ email: req.body.email });
  // ruleid: audit/unlogged-authentication
  if (user && bcrypt.compareSync(req.body.password, user.passwordHash)) {
    req.session.userId = user.id;
    return res.json({ id: user.id });
  }
  logger.warn({ event: 'authn_login_fail', actor: req.body.email });
  res.status(401).end();
});

function requireToken(req, res, next) {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    // ruleid: audit/unlogged-authentication
    req.user = jwt.verify(token, process.env.JWT_PUBLIC_KEY, { algorithms: ['RS256'] });
    next();
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
}

function verifyWebhook(req, res, next) {
  const expected = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(req.rawBody).digest();
  const given = Buffer.from(req.get('x-signature') || '', 'hex');
  // ruleid: audit/unlogged-authentication
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return res.sendStatus(401);
  }
  next();
}

app.post('/session', (req, res, next) => {
  // ruleid: audit/unlogged-authentication
  passport.authenticate('local', (err, user) => {
    if (err) return next(err);
    if (!user) return res.status(401).json({ error: 'Invalid credentials' });
    req.logIn(user, () => res.json({ id: user.id }));
  })(req, res, next);
});

// A second factor may still be pending: the login succeeds at req.logIn, not where the password check passed.
app.post('/session/2fa', (req, res, next) => {
  // ruleid: audit/unlogged-authentication
  passport.authenticate('local', (err, user) => {
    if (err) return next(err);
    if (!user) return res.redirect('/login');
    if (user.twoFactorEnabled) {
      req.session.pendingUserId = user.id;
      return res.redirect('/login/2fa');
    }
    req.logIn(user, (err) => {
      if (err) return next(err);
      res.redirect('/');
    });
  })(req, res, next);
});

// ruleid: audit/unlogged-authentication
app.post('/logout', (req, res) => {
  req.session.destroy(() => res.redirect('/'));
});

// Passport's synchronous logout: `req.user` is null after it, so the event that names the user goes first.
// ruleid: audit/unlogged-authentication
app.get('/signout', function (req, res) {
  req.logout();
  res.redirect('/');
});

// A same-file helper that audits counts for the handler that calls it.
function recordLogout(req) {
  logger.info({ event: 'session_expired', reason: 'logout', actor: req.session.userId });
}
// ok: audit/unlogged-authentication
app.post('/v2/logout', (req, res) => {
  recordLogout(req);
  req.session.destroy(() => res.redirect('/'));
});

// Not security events: a health check and a catalogue read.
// ok: audit/unlogged-authentication
app.get('/health', (req, res) => res.json({ status: 'ok' }));
// ok: audit/unlogged-authentication
app.get('/products', async (req, res) => res.json(await db.products.find()));

module.exports = { app, requireToken, verifyWebhook };
