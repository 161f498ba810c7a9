// Account administration in Express and Fastify.
const express = require('express');
const fastify = require('fastify')();
const { auditLog } = require('./lib/audit');

const router = express.Router();

// ruleid: audit/unlogged-account-change
router.post('/users/:id/roles', async (req, res) => {
  const user = await User.findById(req.params.id);
  user.roles.push(req.body.role);
  await user.save();
  auditLog({ event: 'authz_change', outcome: 'success', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  res.json(user);
});

// ok: audit/unlogged-account-change
router.delete('/users/:id', async (req, res) => {
  await User.deleteOne({ _id: req.params.id });
  auditLog({ event: 'user_deleted', actor: req.user.id, target: req.params.id, ip: req.ip });
  res.sendStatus(204);
});

// ruleid: audit/unlogged-account-change
router.put('/account/password', async (req, res) => {
  const hash = await hashPassword(req.body.newPassword);
  await User.updateOne({ _id: req.user.id }, { passwordHash: hash });
  auditLog({ event: 'authn_password_change', outcome: 'success', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  res.sendStatus(204);
});

router.patch('/users/:id', async (req, res) => {
  const user = await User.findById(req.params.id);
  // ruleid: audit/unlogged-account-change
  await grantRole(user, req.body.role);
  auditLog({ event: 'authz_change', outcome: 'success', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  res.json(user);
});

// Ordinary CRUD on non-security data is not a finding.
// ok: audit/unlogged-account-change
router.post('/projects', async (req, res) => res.status(201).json(await Project.create(req.body)));
// ok: audit/unlogged-account-change
router.get('/users/:id', async (req, res) => res.json(await User.findById(req.params.id)));

// ruleid: audit/unlogged-account-change
fastify.post('/api/keys', async (request, reply) => {
  const key = await ApiKey.issue(request.user.id, request.body.name);
  reply.code(201);
  auditLog({ event: 'authn_token_created', outcome: 'success', actor: request.user?.id, ip: request.ip, time: new Date().toISOString() });
  return { id: key.id, secret: key.secret };
});

// ruleid: audit/unlogged-account-change
fastify.post('/admin/users/:id/impersonate', async (request, reply) => {
  request.session.set('impersonating', request.params.id);
  auditLog({ event: 'authz_admin', outcome: 'success', actor: request.user?.id, action: 'impersonate', ip: request.ip, time: new Date().toISOString() });
  return { ok: true };
});

module.exports = { router, fastify };
