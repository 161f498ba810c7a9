import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import argon2 from 'argon2';
import { logger } from './logger';

const app = new Koa();
const router = new Router({ prefix: '/api' });

app.use(bodyParser());

app.use(async (ctx, next) => {
  const apiKey = ctx.get('x-api-key');
  if (ctx.path.startsWith('/api/internal') && apiKey !== process.env.INTERNAL_KEY) {
    logger.warn({ event: 'authz_fail', reason: 'bad_api_key', ip: ctx.ip, path: ctx.path });
    ctx.throw(401);
  }
  await next();
});

router.post('/sessions', async (ctx) => {
  const { email, password } = ctx.request.body as Record<string, string>;
  const user = await db.user.findUnique({ where: { email } });
  const valid = user !== null && (await argon2.verify(user.passwordHash, password));
  if (!valid) {
    // ruleid: audit/unlogged-authentication
    ctx.status = 401;
    ctx.body = { error: 'invalid_credentials' };
    return;
  }
  logger.info({ event: 'authn_login_success', userId: user.id });
  ctx.session.userId = user.id;
  ctx.body = { ok: true };
});

router.delete('/sessions', async (ctx) => {
  ctx.session = null;
  // ruleid: audit/unlogged-authentication
  ctx.status = 204;
});

router.get('/catalog', async (ctx) => {
  ctx.body = await db.item.findMany({ take: 100 });
});

router.put('/users/:id/role', async (ctx) => {
  if (ctx.state.user.role !== 'owner') {
    // ruleid: audit/unlogged-access-denial
    ctx.throw(403, 'only owners change roles');
  }
  const { role } = ctx.request.body as { role: string };
  await db.user.update({ where: { id: ctx.params.id }, data: { role } });
  logger.info({ event: 'authz_change', actor: ctx.state.user.id, target: ctx.params.id, to: role });
  ctx.body = { ok: true };
});

router.post('/users/:id/password', async (ctx) => {
  const { password } = ctx.request.body as { password: string };
  await db.user.update({ where: { id: ctx.params.id }, data: { passwordHash: await argon2.hash(password) } });
  // ruleid: audit/unlogged-account-change
  ctx.status = 204;
});

router.get('/reports/export.csv', async (ctx) => {
  const rows = await db.sale.findMany();
  ctx.set('Content-Disposition', 'attachment; filename="sales.csv"');
  // ruleid: audit/unlogged-high-risk-operation
  ctx.body = toCsv(rows);
});

router.get('/invoices/:id', async (ctx) => {
  const inv = await db.invoice.findUnique({ where: { id: ctx.params.id } });
  if (!inv) ctx.throw(404);
  ctx.body = inv;
});

app.use(router.routes());
export default app;
