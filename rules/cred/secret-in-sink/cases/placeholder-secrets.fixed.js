// Placeholders that reach a secret sink: the text is the key the server runs with.
const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');

const app = express();
// ruleid: cred/secret-in-sink
app.use(cookieParser(requireEnv('COOKIE_SECRET')));
// ruleid: cred/secret-in-sink
app.use(session({ secret: requireEnv('SESSION_SECRET'), resave: false, saveUninitialized: false }));

app.post('/token', (req, res) => {
  // ruleid: cred/secret-in-sink
  res.json({ token: jwt.sign({ sub: req.body.user }, requireEnv('JWT_SECRET')) });
});

app.post('/token2', (req, res) => {
  // ok: cred/secret-in-sink
  res.json({ token: jwt.sign({ sub: req.body.user }, process.env.JWT_SECRET) });
});

module.exports = app;

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
