'use strict';

// Routes registered here, handlers in controllers/: each handler gets the same audit checks as
// one written inline, from the route this module gives it.
const express = require('express');
const auditTrail = require('./middleware/auditTrail');
const user = require('./controllers/user');
const usersRoute = require('./routes/users');

const app = express();
app.use(express.json());

app.post('/account/password', user.postUpdatePassword);
app.post('/account/password/reset', user.postResetPassword);
app.post('/account/email', auditTrail('user_updated'), user.postUpdateEmail);
app.get('/account/unlink/:provider', user.getOauthUnlink);
app.get('/account', user.getAccount);
app.post('/accounts/:id/close', user.closeAccount);
app.post('/accounts/:id/close-archived', auditTrail('user_deleted'), user.closeArchived);
app.use('/users', usersRoute);

module.exports = app;
