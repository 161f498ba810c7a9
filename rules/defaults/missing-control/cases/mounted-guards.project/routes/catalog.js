const express = require('express');

const router = express.Router();

// ok: defaults/missing-control — mounted at /feeds: a public feed
router.get('/prices.csv', async (req, res) => {
  const rows = await req.app.locals.db.products.published();
  res.type('text/csv').send(rows.map((r) => `${r.sku},${r.price}`).join('\n'));
});

module.exports = router;
