// A password change whose outcome arrives in a node-style callback: the event goes inside it,
// after the error branch, with the actor where this app keeps the user (the session).
const express = require('express');
const User = require('./models/user');

const app = express();

// ruleid: audit/unlogged-account-change
app.post('/account/password', (req, res) => {
  User.changePassword(req.session.userId, req.body.newPassword, (err) => {
    if (err) return res.status(500).send('could not change the password');
    res.redirect('/account');
  });
});

module.exports = app;
