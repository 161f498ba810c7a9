const express = require('express');

const router = express.Router();

// ok: defaults/missing-control — app.js mounts staff-api behind requireUser and requireRole('admin'), which mounts this router
router.get('/users', async (req, res) => {
  res.json(await req.app.locals.db.users.all());
});

module.exports = router;
