const express = require('express');

const router = express.Router();

// Mounted at /admin-reports with no guard: an admin route anyone can call.
// ruleid: defaults/missing-control
router.get('/revenue', async (req, res) => {
  res.json(await req.app.locals.db.revenue.byMonth());
});

module.exports = router;
