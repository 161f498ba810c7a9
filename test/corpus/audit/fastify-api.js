const fastify = require('fastify')({ logger: true });
const crypto = require('node:crypto');
const { verify } = require('@node-rs/argon2');

fastify.register(require('@fastify/cookie'));

fastify.addHook('onRequest', async (request, reply) => {
  if (request.routeOptions.config?.public) return;
  const token = request.cookies.sid;
  const session = token && (await sessions.get(token));
  if (!session) {
    request.log.warn({ event: 'authz_fail', url: request.url, ip: request.ip }, 'no session');
    return reply.code(401).send({ error: 'unauthenticated' });
  }
  request.user = session.user;
});

fastify.post('/login', { config: { public: true } }, async (request, reply) => {
  const { email, password } = request.body;
  const user = await users.byEmail(email);
  if (!user || !(await verify(user.hash, password))) {
    request.log.warn({ event: 'authn_login_fail', email, ip: request.ip });
    return reply.code(401).send({ error: 'invalid credentials' });
  }
  const sid = crypto.randomBytes(32).toString('hex');
  await sessions.put(sid, { user });
  reply.setCookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'strict' });
  // ruleid: audit/unlogged-authentication
  return { ok: true };
});

fastify.post('/webhooks/billing', { config: { public: true } }, async (request, reply) => {
  const sig = Buffer.from(request.headers['x-billing-signature'] || '', 'hex');
  const mac = crypto.createHmac('sha256', process.env.BILLING_SECRET).update(JSON.stringify(request.body)).digest();
  // ruleid: audit/unlogged-authentication
  if (sig.length !== mac.length || !crypto.timingSafeEqual(sig, mac)) {
    return reply.code(401).send();
  }
  await billing.apply(request.body);
  return { received: true };
});

fastify.route({
  method: 'POST',
  url: '/admin/users/:id/suspend',
  handler: async (request, reply) => {
    if (!request.user.isAdmin) {
      // ruleid: audit/unlogged-access-denial
      return reply.code(403).send({ error: 'forbidden' });
    }
    await users.suspend(request.params.id);
    request.log.info({ event: 'user_updated', change: 'suspend', actor: request.user.id, target: request.params.id });
    return { suspended: true };
  },
});

fastify.get('/status', { config: { public: true } }, async () => ({ up: true, version: process.env.VERSION }));

fastify.get('/me', async (request) => request.user);

fastify.patch('/me', async (request) => {
  const { displayName, bio } = request.body;
  return users.update(request.user.id, { displayName, bio });
});

fastify.post('/me/api-keys', async (request, reply) => {
  const key = crypto.randomBytes(24).toString('base64url');
  await apiKeys.insert({ owner: request.user.id, hash: crypto.createHash('sha256').update(key).digest('hex') });
  reply.code(201);
  // ruleid: audit/unlogged-account-change
  return { key };
});

fastify.delete('/me/api-keys/:id', async (request, reply) => {
  await apiKeys.remove(request.user.id, request.params.id);
  request.log.info({ event: 'authn_token_revoked', actor: request.user.id, key: request.params.id });
  return reply.code(204).send();
});

module.exports = fastify;
