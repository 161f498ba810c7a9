// Placeholders that reach a secret sink: the text is the key the server runs with.
const express = require('express');
const session = require('express-session');
const cookieParser = require('cookie-parser');
const jwt = require('jsonwebtoken');

const app = express();
// ruleid: cred/secret-in-sink
app.use(cookieParser('your-cookie-secret'));
// ruleid: cred/secret-in-sink
app.use(session({ secret: 'session_cookie_secret_key_here', resave: false, saveUninitialized: false }));

app.post('/token', (req, res) => {
  // ruleid: cred/secret-in-sink
  res.json({ token: jwt.sign({ sub: req.body.user }, 'REPLACE_ME') });
});

app.post('/token2', (req, res) => {
  // ok: cred/secret-in-sink
  res.json({ token: jwt.sign({ sub: req.body.user }, process.env.JWT_SECRET) });
});

module.exports = app;
