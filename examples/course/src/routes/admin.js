// Administration: roles, users, exports.
const express = require('express');
const db = require('../db');
const { auditLog } = require('../audit');

const router = express.Router();

function requireAdmin(req, res, next) {
  if (req.session.role !== 'admin') {
    return res.status(403).send('Forbidden');
  }
  next();
}

router.post('/users/:id/role', requireAdmin, async (req, res) => {
  await db.setRole(req.params.id, req.body.role);
  res.redirect('/admin/users');
});

router.delete('/users/:id', requireAdmin, async (req, res) => {
  await db.deleteUser(req.params.id);
  auditLog({ event: 'user_deleted', outcome: 'success', actor: req.session.userId, target: req.params.id, ip: req.ip });
  res.sendStatus(204);
});

router.get('/export', requireAdmin, async (req, res) => {
  const result = await db.pool.query('SELECT id, email, role FROM users');
  res.json(result.rows);
});

module.exports = router;
