// Reporting endpoints of a small admin app built on knex.
const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const router = express.Router();

router.get('/reports/signups', async (req, res) => {
  const { from, plan } = req.query;
  const rows = await knex('users')
    .select('id', 'email')
    // ruleid: sql/string-built-query
    .whereRaw(`created_at >= ?`, [from])
    // ruleid: sql/string-built-query
    .andWhereRaw('plan = ? AND deleted_at IS NULL', [plan]);
  res.json(rows);
});

router.get('/reports/revenue', async (req, res) => {
  const rows = await knex('orders')
    .select('customer_id')
    .sum('total as total')
    .groupBy('customer_id')
    // ruleid: sql/string-built-query
    .havingRaw(`sum(total) > ?`, [req.query.min]);
  res.json(rows);
});

router.get('/reports/search', async (req, res) => {
  // ruleid: sql/string-built-query
  const result = await knex.raw(`SELECT id, title FROM articles WHERE title ILIKE ? AND status = ?`, [`%${req.query.q}%`, 'published']);
  res.json(result.rows);
});

router.get('/reports/team/:id', async (req, res) => {
  const rows = await knex('members')
    // ruleid: sql/string-built-query
    .joinRaw('JOIN teams t ON t.id = members.team_id AND t.owner = ?', [req.user.id])
    .where('members.team_id', req.params.id);
  res.json(rows);
});

router.post('/reports/archive', async (req, res) => {
  await knex.transaction(async (trx) => {
    // ruleid: sql/string-built-query
    await trx.raw(`UPDATE reports SET archived = true WHERE owner = ?`, [req.body.owner]);
  });
  res.sendStatus(204);
});

router.get('/reports/safe', async (req, res) => {
  // ok: sql/string-built-query
  const a = await knex('users').where('email', req.query.email).first();
  // ok: sql/string-built-query
  const b = await knex.raw('SELECT * FROM users WHERE id = ?', [req.query.id]);
  // ok: sql/string-built-query (`??` binds an identifier)
  const c = await knex.raw('SELECT ?? FROM users WHERE id = ?', [req.query.column, req.query.id]);
  // ok: sql/string-built-query (named bindings)
  const d = await knex('orders').whereRaw('total > :min', { min: req.query.min });
  res.json([a, b.rows, c.rows, d]);
});

module.exports = router;
