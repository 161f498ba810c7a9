// A logout route whose only trail is console.* in the callbacks of `req.logout((err) => …)` and
// `req.session.destroy((err) => …)` (hackathon-starter's GET /logout). The event goes before the
// session ends, where `req.user` still names who logs out; the rule credits it there, although the
// success path (the redirect) goes on inside the callbacks.
const express = require('express');

const app = express();

// ruleid: audit/console-instead-of-audit-log
app.get('/logout', (req, res) => {
  req.logout((err) => {
    if (err) console.log('Error : Failed to logout.', err);
    req.session.destroy((err) => {
      if (err) console.log('Error : Failed to destroy the session during logout.', err);
      req.user = null;
      res.redirect('/');
    });
  });
});

// ok: audit/console-instead-of-audit-log (the structured event before the session ends speaks for the logout)
app.get('/signout', (req, res) => {
  req.app.locals.audit.info({ event: 'session_expired', reason: 'logout', actor: req.user?.id, ip: req.ip });
  req.logout((err) => {
    if (err) console.log('Error : Failed to logout.', err);
    res.redirect('/');
  });
});

module.exports = app;
