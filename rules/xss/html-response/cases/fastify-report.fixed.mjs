// Fastify routes: one HTML report, one plain-text echo.
import Fastify from 'fastify';
import escapeHtml from 'escape-html';

const fastify = Fastify();

fastify.get('/report', async (request, reply) => {
  reply.type('text/html');
  // ruleid: xss/html-response
  return reply.send(`<h1>Report for ${escapeHtml(request.query.team)}</h1>`);
});

fastify.get('/echo', async (request, reply) => {
  // ok: xss/html-response
  return reply.send(`<h1>${request.query.text}</h1>`);
});

export default fastify;
