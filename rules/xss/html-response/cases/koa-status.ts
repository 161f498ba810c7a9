// Koa status endpoints: Koa sends a string body as text/html only when it starts with `<`.
import Koa from 'koa';

const app = new Koa();

app.use(async (ctx, next) => {
  if (ctx.path === '/ping') {
    // ok: xss/html-response
    ctx.body = `pong from ${ctx.query.node} <${ctx.query.region}>`;
    return;
  }
  if (ctx.path === '/hello') {
    // ruleid: xss/html-response
    ctx.body = `<p>Hello ${ctx.query.name}</p>`;
    return;
  }
  await next();
});

export default app;
