'use strict';

// The route's handler is the controller's (the last argument); `signedIn` is only a check in
// front of it, so the account change is judged once, where the handler and the service are.
const express = require('express');
const auditTrail = require('./middleware/auditTrail');
const staff = require('./controllers/staff');

const app = express();
app.use(express.json());

// ok: audit/unlogged-account-change (middleware of a route whose handler is the controller's)
const signedIn = (req, res, next) => (req.session.staffId ? next() : res.status(401).end());

app.post('/staff/me/password', signedIn, auditTrail('staff.password_change'), staff.changePassword);
app.post('/staff/:id/reset-password', signedIn, staff.resetPassword);
app.put('/staff/:id/role', signedIn, staff.changeRole);

module.exports = app;
