'use strict';

module.exports = {
  name: 'auth',
  register: async (server) => {
    await server.register(require('@hapi/cookie'));
    server.auth.strategy('session', 'cookie', {
      cookie: { name: 'sid', password: process.env.COOKIE_PASSWORD, isSecure: true },
      validate: async (request, session) => ({ isValid: Boolean(session.id), credentials: session }),
    });
    // Every route of the server needs the session unless it says `auth: false`.
    server.auth.default('session');
  },
};
