import Router from '@koa/router';
import { lookupReport } from './store.js';
import { missingPage } from './markup.js';

export const router = new Router();

router.get('/reports/:name', async (ctx) => {
  const rows = await lookupReport(ctx.params.name);
  if (!rows) {
    ctx.status = 404;
    ctx.type = 'html';
    // ruleid: xss/html-response
    ctx.body = missingPage(`No report called ${ctx.params.name}`);
    return;
  }
  // ok: xss/html-response
  ctx.body = rows;
});
