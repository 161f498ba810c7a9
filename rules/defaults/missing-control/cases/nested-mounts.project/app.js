const express = require('express');
const { requireUser, requireRole } = require('./middleware/auth');
const staffApi = require('./routes/staff-api');
const backOffice = require('./routes/back-office');

const app = express();
app.use(express.json());
// The whole staff API is signed-in admins only; its admin router is mounted one level further in.
app.use('/api', requireUser, requireRole('admin'), staffApi);
// The back office has no guard here; the router inside it adds only a sign-in.
app.use('/admin', backOffice);

module.exports = app;
