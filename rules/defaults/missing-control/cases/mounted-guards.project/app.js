const express = require('express');
const { requireUser, requireRole } = require('./middleware/auth');
const adminRoutes = require('./routes/admin');
const reportRoutes = require('./routes/reports');
const catalogRoutes = require('./routes/catalog');

const app = express();
app.use(express.json());
// The guards sit where the routers are mounted, not in the routers' own files.
app.use('/admin', requireUser, requireRole('admin'), adminRoutes);
app.use('/admin-reports', reportRoutes);
app.use('/feeds', catalogRoutes);

module.exports = app;
