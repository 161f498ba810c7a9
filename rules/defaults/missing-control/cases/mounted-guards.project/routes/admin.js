const express = require('express');

const router = express.Router();

// ok: defaults/missing-control — app.js mounts this router behind requireUser and requireRole('admin')
router.get('/users', async (req, res) => {
  res.json(await req.app.locals.db.users.all());
});

module.exports = router;
