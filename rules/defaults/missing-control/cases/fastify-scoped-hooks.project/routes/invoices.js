module.exports = async function invoiceRoutes(fastify) {
  // ok: defaults/missing-control — app.js registers this plugin in a scope whose onRequest hook authenticates
  fastify.get('/:id', async (request) => request.server.db.invoices.find(request.params.id));
};
