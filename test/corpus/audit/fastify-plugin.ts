import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual, createHash } from 'node:crypto';

function sha(s: string) {
  return createHash('sha256').update(s).digest();
}

export default fp(async function apiKeys(app: FastifyInstance) {
  app.decorate('verifyApiKey', async (request: FastifyRequest, reply: FastifyReply) => {
    const presented = request.headers['x-api-key'];
    const record = typeof presented === 'string' ? await app.db.keys.byPrefix(presented.slice(0, 8)) : null;
    // ruleid: audit/unlogged-authentication
    if (!record || !timingSafeEqual(sha(presented as string), Buffer.from(record.hash, 'hex'))) {
      return reply.code(401).send({ error: 'bad api key' });
    }
    request.apiClient = record.client;
  });

  app.post('/keys', { preHandler: app.auth }, async (request, reply) => {
    const created = await app.db.keys.create(request.user.id);
    request.log.info({ event: 'authn_token_created', owner: request.user.id, prefix: created.prefix });
    return reply.code(201).send({ key: created.plaintext });
  });

  app.delete('/keys/:prefix', { preHandler: app.auth }, async (request, reply) => {
    const { prefix } = request.params as { prefix: string };
    const key = await app.db.keys.byPrefix(prefix);
    if (key.owner !== request.user.id) {
      // ruleid: audit/unlogged-access-denial
      return reply.code(403).send({ error: 'not yours' });
    }
    await app.db.keys.revoke(prefix);
    // ruleid: audit/unlogged-account-change
    return reply.code(204).send();
  });

  app.get('/keys', { preHandler: app.auth }, async (request) => app.db.keys.list(request.user.id));

  app.get('/ping', async () => 'pong');
});
