// A logout route whose success path goes on in the callback of `req.logout((err) => …)`
// (hackathon-starter's POST /account/logout-everywhere). The event goes before the session ends,
// where `req.user` still names who logs out, and the rule credits it there: the fix's own event
// clears the finding.
const express = require('express');
const Session = require('./models/Session');

const app = express();

// ruleid: audit/unlogged-authentication
app.post('/account/logout-everywhere', async (req, res, next) => {
  const userId = req.user.id;
  try {
    await Session.removeSessionByUserId(userId);
    req.logout((err) => {
      if (err) {
        return next(err);
      }
      req.flash('info', { msg: 'You have been logged out of all sessions.' });
      res.redirect('/');
    });
  } catch (err) {
    return next(err);
  }
});

// ok: audit/unlogged-authentication (an event before the session ends)
app.post('/logout', (req, res, next) => {
  auditLog({ event: 'session_expired', outcome: 'success', reason: 'logout', actor: req.user?.id, ip: req.ip });
  req.logout((err) => {
    if (err) return next(err);
    res.redirect('/');
  });
});

function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}

module.exports = app;
