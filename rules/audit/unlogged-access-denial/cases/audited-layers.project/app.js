'use strict';

const express = require('express');
const auditTrail = require('./middleware/auditTrail');
const account = require('./controllers/account');

const app = express();
app.use(express.json());

app.post('/account/password', account.changePassword);
app.put('/users/:id/role', auditTrail('authz_change'), account.setRole);
app.get('/admin/users/export', account.exportUsers);
app.post('/staff/:id/temporary-password', account.resetForStaff);

module.exports = app;
