const express = require('express');

const router = express.Router();

// Reached at /admin/tools/stats (app.js → back-office.js → here): signed in, but no role check.
// ruleid: defaults/missing-control
router.get('/stats', async (req, res) => {
  res.json(await req.app.locals.db.stats.all());
});

module.exports = router;
