const Koa = require('koa');
const Router = require('koa-router');
const bcrypt = require('bcrypt');
const winston = require('winston');

const audit = winston.createLogger({ format: winston.format.json(), transports: [new winston.transports.File({ filename: 'audit.log' })] });
const app = new Koa();
const router = new Router();

async function loadUser(ctx, next) {
  const id = ctx.session && ctx.session.uid;
  ctx.state.user = id ? await db.users.get(id) : null;
  await next();
}

function mustBeStaff(ctx, next) {
  if (!ctx.state.user || !ctx.state.user.staff) {
    // ruleid: audit/unlogged-access-denial
    ctx.throw(403, 'staff only');
  }
  return next();
}

router.post('/login', async (ctx) => {
  const { user, pass } = ctx.request.body;
  const row = await db.users.byName(user);
  const ok = row ? await bcrypt.compare(pass, row.pw) : false;
  if (ok) {
    audit.info({ event: 'authn_login_success', user });
    ctx.session.uid = row.id;
    ctx.redirect('/');
  } else {
    audit.warn({ event: 'authn_login_fail', user });
    ctx.status = 401;
    await ctx.render('login', { error: true });
  }
});

router.get('/logout', async (ctx) => {
  ctx.session = null;
  // ruleid: audit/unlogged-authentication
  ctx.redirect('/');
});

router.get('/products', async (ctx) => {
  ctx.body = await db.products.all();
});

router.post('/products/:id/reviews', async (ctx) => {
  if (!ctx.state.user) {
    ctx.status = 401;
    audit.warn({ event: 'authz_fail', path: ctx.path });
    return;
  }
  ctx.body = await db.reviews.add(ctx.params.id, ctx.state.user.id, ctx.request.body.text);
});

router.post('/staff/users/:id/unlock', mustBeStaff, async (ctx) => {
  await db.users.update(ctx.params.id, { locked: false, failedLogins: 0 });
  // ruleid: audit/unlogged-account-change
  ctx.body = { unlocked: true };
});

router.post('/staff/config', mustBeStaff, async (ctx) => {
  await db.config.set(ctx.request.body);
  // ruleid: audit/unlogged-high-risk-operation
  ctx.status = 204;
});

app.use(loadUser);
app.use(router.routes());
module.exports = app;
