// Authorization middleware and handlers in Express and Koa.
const express = require('express');
const Koa = require('koa');
const Router = require('@koa/router');
const winston = require('winston');

const logger = winston.createLogger({ transports: [new winston.transports.Console()] });
const app = express();

function requireRole(role) {
  return (req, res, next) => {
    if (!req.user) {
      // ruleid: audit/unlogged-access-denial
      logger.warn({ event: 'authn_fail', outcome: 'failure', resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
      return res.status(401).json({ error: 'authentication required' });
    }
    if (!req.user.roles.includes(role)) {
      logger.warn({ event: 'authz_fail', actor: req.user.id, resource: req.originalUrl, role });
      // ok: audit/unlogged-access-denial
      return res.status(403).json({ error: 'forbidden' });
    }
    next();
  };
}

app.get('/invoices/:id', async (req, res) => {
  const invoice = await db.invoices.findById(req.params.id);
  // ruleid: audit/unlogged-access-denial
  if (invoice.ownerId !== req.user.id) {
    logger.warn({ event: 'authz_fail', outcome: 'failure', actor: req.user?.id, resource: req.originalUrl, ip: req.ip, time: new Date().toISOString() });
    return res.sendStatus(403);
  }
  res.json(invoice);
});

app.delete('/documents/:id', async (req, res) => {
  const doc = await db.documents.findById(req.params.id);
  if (doc.ownerId !== req.user.id) {
    logger.log('warn', 'authz_fail', { actor: req.user.id, resource: req.originalUrl });
    // ok: audit/unlogged-access-denial
    res.status(403).end();
    return;
  }
  await doc.remove();
  res.sendStatus(204);
});

// Not denials: other statuses.
app.get('/items/:id', async (req, res) => {
  const item = await db.items.findById(req.params.id);
  // ok: audit/unlogged-access-denial
  if (!item) return res.status(404).json({ error: 'not found' });
  res.json(item);
});

const koa = new Koa();
const router = new Router();

koa.use(async (ctx, next) => {
  if (!ctx.state.user) {
    // ruleid: audit/unlogged-access-denial
    logger.warn({ event: 'authn_fail', outcome: 'failure', resource: ctx.path, ip: ctx.ip, time: new Date().toISOString() });
    ctx.throw(401, 'login required');
  }
  await next();
});

router.get('/admin/stats', async (ctx) => {
  if (!ctx.state.user.isAdmin) {
    // ruleid: audit/unlogged-access-denial
    logger.warn({ event: 'authz_fail', outcome: 'failure', actor: ctx.state.user?.id, resource: ctx.path, ip: ctx.ip, time: new Date().toISOString() });
    ctx.status = 403;
    ctx.body = { error: 'forbidden' };
    return;
  }
  ctx.body = await stats();
});

module.exports = { app, koa, router, requireRole };
