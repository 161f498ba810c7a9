// Koa and Fastify login flows with argon2 and a TOTP second factor.
import Router from '@koa/router';
import Fastify from 'fastify';
import argon2 from 'argon2';
import { authenticator } from 'otplib';
import { auditLog } from './audit';

const router = new Router();

router.post('/login', async (ctx) => {
  const { username, password } = ctx.request.body as { username: string; password: string };
  const user = await users.findByName(username);
  // ruleid: audit/unlogged-authentication
  if (!user || !(await argon2.verify(user.hash, password))) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', actor: username, ip: ctx.ip, time: new Date().toISOString() });
    ctx.throw(401, 'bad credentials');
  }
  auditLog({ event: 'authn_login_success', outcome: 'success', actor: username, ip: ctx.ip, time: new Date().toISOString() });
  ctx.session!.userId = user.id;
  ctx.body = { id: user.id };
});

router.post('/login/otp', async (ctx) => {
  const { code } = ctx.request.body as { code: string };
  const user = await users.byId(ctx.session!.pendingUserId);
  // ok: audit/unlogged-authentication
  const valid = authenticator.check(code, user.totpSecret);
  if (!valid) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', actor: user.id, reason: 'otp', ip: ctx.ip });
    ctx.status = 401;
    return;
  }
  auditLog({ event: 'authn_login_success', outcome: 'success', actor: user.id, ip: ctx.ip });
  ctx.session!.userId = user.id;
  ctx.body = { id: user.id };
});

const app = Fastify({ logger: true });

app.post('/api/login', async (request, reply) => {
  const { email, password } = request.body as { email: string; password: string };
  const account = await accounts.byEmail(email);
  // ruleid: audit/unlogged-authentication
  const matches = account ? await argon2.verify(account.hash, password) : false;
  if (matches === false) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', actor: email, ip: request.ip, time: new Date().toISOString() });
    return reply.code(401).send({ error: 'invalid' });
  }
  auditLog({ event: 'authn_login_success', outcome: 'success', actor: email, ip: request.ip, time: new Date().toISOString() });
  return { token: await reply.jwtSign({ sub: account.id }) };
});

app.post('/api/mfa/verify', async (request, reply) => {
  const { code } = request.body as { code: string };
  // ruleid: audit/unlogged-authentication
  if (!authenticator.verify({ token: code, secret: request.user.totpSecret })) {
    auditLog({ event: 'authn_login_fail', outcome: 'failure', ip: request.ip, time: new Date().toISOString() });
    request.log.info('bad code');
    return reply.code(401).send();
  }
  request.log.info({ event: 'authn_login_success', actor: request.user.id });
  return { ok: true };
});

export { router, app };
