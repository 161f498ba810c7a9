// An Express server's setup file: every place a secret is needed, filled in by hand.
const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');
const crypto = require('crypto');
const { Pool } = require('pg');
const Redis = require('ioredis');
const nodemailer = require('nodemailer');

const app = express();
// ruleid: cred/secret-in-sink
app.use(cookieParser(requireEnv('COOKIE_SECRET')));
// ruleid: cred/secret-in-sink
app.use(session({ secret: requireEnv('SESSION_SECRET'), resave: false, saveUninitialized: false }));

// ruleid: cred/secret-in-sink
const JWT_KEY = requireEnv('JWT_SECRET');

app.post('/login', (req, res) => {
  const token = jwt.sign({ sub: req.body.user }, JWT_KEY, { expiresIn: '1h' });
  res.json({ token });
});

app.get('/me', (req, res) => {
  // ok: cred/secret-in-sink
  const claims = jwt.verify(req.headers.authorization.slice(7), process.env.JWT_SECRET);
  res.json(claims);
});

function sign(body) {
  // ruleid: cred/secret-in-sink
  return crypto.createHmac('sha256', requireEnv('HMAC_SECRET')).update(body).digest('hex');
}

// ruleid: cred/secret-in-sink
const key = crypto.scryptSync(requireEnv('ENCRYPTION_PASSWORD'), 'salt', 32);

const pool = new Pool({
  host: process.env.PGHOST,
  user: 'app',
  // ruleid: cred/secret-in-sink
  password: requireEnv('DB_PASSWORD'),
  database: 'shop',
});

// ruleid: cred/secret-in-sink
const redis = new Redis({ host: 'cache', password: requireEnv('REDIS_PASSWORD') });

const mailer = nodemailer.createTransport({
  host: 'smtp.acme.test',
  // ruleid: cred/secret-in-sink
  auth: { user: 'mailer', pass: requireEnv('SMTP_PASSWORD') },
});

// The paved road: secrets from the environment.
// ok: cred/secret-in-sink
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));
// ok: cred/secret-in-sink
const hmac = crypto.createHmac('sha256', process.env.HMAC_SECRET);
// ok: cred/secret-in-sink
const digest = crypto.createHash('sha256').update('not a key').digest('hex');

module.exports = { app, sign, key, pool, redis, mailer, hmac, digest };

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
