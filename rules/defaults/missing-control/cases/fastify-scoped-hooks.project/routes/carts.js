export default async function cartRoutes(fastify) {
  // ok: defaults/missing-control — not an admin or credential route: the default requirements do not ask for sign-in
  fastify.get('/:id', async (request) => request.server.db.carts.find(request.params.id));
}
