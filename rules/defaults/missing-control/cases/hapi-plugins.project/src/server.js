'use strict';

const Hapi = require('@hapi/hapi');

const createServer = async () => {
  const server = Hapi.server({ port: 3000 });
  await server.register(require('./plugins/auth'));
  await server.register(require('./routes/applications'));
  await server.register(require('./routes/admin'), { routes: { prefix: '/admin' } });
  return server;
};

module.exports = { createServer };
