// Admin and export routes.
const express = require('express');
const Hapi = require('@hapi/hapi');
const { Parser } = require('json2csv');

const app = express();
const admin = express.Router();

// ruleid: audit/unlogged-high-risk-operation
app.get('/reports/export', async (req, res) => {
  const rows = await db.customers.findAll();
  res.attachment('customers.csv');
  audit({ event: 'sensitive_read', outcome: 'success', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  res.send(new Parser().parse(rows));
});

// ok: audit/unlogged-high-risk-operation
app.get('/orders/export', async (req, res) => {
  const rows = await db.orders.findAll({ where: { userId: req.user.id } });
  audit({ event: 'sensitive_read', actor: req.user.id, resource: 'orders', count: rows.length });
  res.json(rows);
});

// ruleid: audit/unlogged-high-risk-operation
admin.post('/admin/feature-flags', async (req, res) => {
  await flags.set(req.body.name, req.body.enabled);
  audit({ event: 'authz_admin', outcome: 'success', actor: req.user?.id, ip: req.ip, time: new Date().toISOString() });
  res.sendStatus(204);
});

// ruleid: audit/unlogged-high-risk-operation
admin.put('/settings/security', async (req, res) => {
  await settings.update({ mfaRequired: req.body.mfaRequired, sessionTtl: req.body.sessionTtl });
  audit({ event: 'authz_admin', outcome: 'success', actor: req.user?.id, action: 'settings_change', ip: req.ip, time: new Date().toISOString() });
  res.json(await settings.get());
});

// Reading the admin dashboard page is not a high-risk operation.
// ok: audit/unlogged-high-risk-operation
admin.get('/admin', (req, res) => res.render('admin/index'));

const server = Hapi.server();
server.route({
  method: 'POST',
  path: '/admin/cache/flush',
  // ruleid: audit/unlogged-high-risk-operation
  handler: async (request, h) => {
    await cache.flushAll();
    audit({ event: 'authz_admin', outcome: 'success', actor: request.auth.credentials?.id, ip: request.info.remoteAddress, time: new Date().toISOString() });
    return h.response().code(204);
  },
});

function audit(event) {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}

module.exports = { app, admin, server };
