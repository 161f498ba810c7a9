// Routes whose outcome is known only inside a promise chain, in an app that keeps the signed-in
// user in the session. The event goes inside the `.then`, where the login succeeded, never after
// the chain (which runs before the outcome is known, and would log success for a failure).
const express = require('express');
const authService = require('./services/auth');

const app = express();

// ruleid: audit/unlogged-authentication
app.post('/login', (req, res, next) => {
  authService.login(req.body.email, req.body.password)
    .then((user) => {
      req.session.userId = user.id;
      res.redirect('/dashboard');
    })
    .catch(next);
});

// A chain with no success callback to go into: no place for the event is known, so no edit.
// ruleid: audit/unlogged-authentication
app.post('/logout', (req, res) => {
  return authService.logout(req.session.userId).catch(() => res.sendStatus(500));
});

module.exports = app;
