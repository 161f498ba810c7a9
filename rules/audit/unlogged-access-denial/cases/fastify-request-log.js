// A Fastify app that logs through the request's own logger: the audit events use it too. No one
// signed in is an authentication failure (`authn_fail`, no actor); a signed-in user refused by
// role is an authorization failure (`authz_fail`, with the user).
const fastify = require('fastify')({ logger: true });

fastify.addHook('onRequest', async (request, reply) => {
  if (!request.user) {
    // ruleid: audit/unlogged-access-denial
    return reply.code(401).send({ error: 'sign in first' });
  }
});

fastify.get('/admin/users', async (request, reply) => {
  request.log.info('listing users');
  if (request.user.role !== 'admin') {
    // ruleid: audit/unlogged-access-denial
    return reply.code(403).send({ error: 'forbidden' });
  }
  return users.list();
});

module.exports = fastify;
