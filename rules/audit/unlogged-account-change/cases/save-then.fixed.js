// A password reset whose write is confirmed in a promise's `.then`: the event goes inside it, where
// the new password is known to be stored — not after the chain, which runs before the save ends
// (and would log a change that then failed).
const express = require('express');
const bCrypt = require('bcrypt');
const db = require('./models');

const router = express.Router();

router.post('/resetpw', function (req, res) {
  db.User.find({ where: { login: req.body.login } }).then((user) => {
    if (req.body.token === resetTokenFor(req.body.login)) {
      user.password = bCrypt.hashSync(req.body.password, bCrypt.genSaltSync(10), null);
      // ruleid: audit/unlogged-account-change
      user.save().then(function () {
        req.flash('success', 'Password successfully reset');
        auditLog({ event: 'authn_password_change', outcome: 'success', actor: req.user?.id, account: user.id, ip: req.ip, time: new Date().toISOString() });
        res.redirect('/login');
      });
    } else {
      res.redirect('/forgotpw');
    }
  });
});

module.exports = router;

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
