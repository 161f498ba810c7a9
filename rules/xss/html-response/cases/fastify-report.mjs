// Fastify routes: one HTML report, one plain-text echo.
import Fastify from 'fastify';

const fastify = Fastify();

fastify.get('/report', async (request, reply) => {
  reply.type('text/html');
  // ruleid: xss/html-response
  return reply.send(`<h1>Report for ${request.query.team}</h1>`);
});

fastify.get('/echo', async (request, reply) => {
  // ok: xss/html-response
  return reply.send(`<h1>${request.query.text}</h1>`);
});

// An async handler's return value is what Fastify sends.
fastify.get('/summary', async (request, reply) => {
  reply.type('text/html; charset=utf-8');
  // ruleid: xss/html-response
  return `<p>Summary for ${request.query.team}</p>`;
});

fastify.get('/summary.txt', async (request, reply) => {
  // ok: xss/html-response
  return `<p>Summary for ${request.query.team}</p>`;
});

fastify.get('/summary.json', async (request, reply) => {
  reply.header('Content-Type', 'application/json');
  // ok: xss/html-response
  return `{"team": "${request.query.team}"}`;
});

fastify.get('/about', async (request, reply) => {
  reply.type('text/html');
  // ok: xss/html-response
  return '<p>About us</p>';
});

export default fastify;
