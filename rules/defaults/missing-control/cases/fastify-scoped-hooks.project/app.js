const fastify = require('fastify')({ logger: true });

fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });
fastify.decorate('authenticate', async (request, reply) => {
  try {
    await request.jwtVerify();
  } catch (err) {
    reply.code(401).send({ error: 'unauthorized' });
  }
});

fastify.register(async function privateScope(api) {
  api.addHook('onRequest', api.authenticate);
  api.register(require('./routes/invoices'), { prefix: '/invoices' });
});

// The carts routes are registered outside the authenticated scope.
fastify.register(import('./routes/carts.js'), { prefix: '/carts' });

fastify.listen({ port: 3000 });
