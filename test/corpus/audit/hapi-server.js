'use strict';
const Hapi = require('@hapi/hapi');
const Boom = require('@hapi/boom');
const Bcrypt = require('bcrypt');
const pino = require('pino');

const auditLogger = pino({ name: 'audit' });

const init = async () => {
  const server = Hapi.server({ port: 3000, host: 'localhost' });

  server.route({
    method: 'POST',
    path: '/login',
    handler: async (request, h) => {
      const { username, password } = request.payload;
      const user = await users.find(username);
      if (!user) {
        // ruleid: audit/unlogged-authentication
        throw Boom.unauthorized('invalid');
      }
      const isValid = await Bcrypt.compare(password, user.password);
      if (!isValid) {
        auditLogger.warn({ event: 'authn_login_fail', username });
        throw Boom.unauthorized('invalid');
      }
      auditLogger.info({ event: 'authn_login_success', username });
      request.cookieAuth.set({ id: user.id });
      return h.redirect('/');
    },
  });

  server.route([
    {
      method: 'GET',
      path: '/',
      handler: () => 'Hello',
    },
    {
      method: 'GET',
      path: '/admin/export',
      options: {
        auth: { scope: ['admin'] },
        handler: async (request, h) => {
          const data = await customers.all();
          // ruleid: audit/unlogged-high-risk-operation
          return h.response(JSON.stringify(data)).header('content-disposition', 'attachment; filename=customers.json');
        },
      },
    },
    {
      method: 'POST',
      path: '/admin/settings',
      options: {
        auth: { scope: ['admin'] },
        handler: async (request, h) => {
          await settings.save(request.payload);
          auditLogger.info({ event: 'authz_admin', action: 'settings_change', actor: request.auth.credentials.id });
          return h.response().code(204);
        },
      },
    },
  ]);

  server.route({
    method: 'DELETE',
    path: '/notes/{id}',
    handler: async (request, h) => {
      const note = await notes.get(request.params.id);
      if (note.owner !== request.auth.credentials.id) {
        // ruleid: audit/unlogged-access-denial
        throw Boom.forbidden();
      }
      await notes.remove(note.id);
      return h.response().code(204);
    },
  });

  await server.start();
};

init();
