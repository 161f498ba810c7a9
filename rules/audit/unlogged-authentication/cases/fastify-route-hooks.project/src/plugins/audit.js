import fp from 'fastify-plugin';

// Decorates the instance with an audit hook factory: the event is written once the reply is sent.
export default fp(async function auditPlugin(app) {
  app.decorate('auditAfterReply', (event) => async (request, reply) => {
    reply.raw.once('finish', () => {
      request.log.info({ audit: true, event, status: reply.statusCode, ip: request.ip, at: new Date().toISOString() });
    });
  });
});
