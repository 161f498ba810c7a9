'use strict';

const Joi = require('joi');
const { requireRecentMfa } = require('../lib/mfa');

const adminAuth = { strategy: 'session', scope: 'admin' };
const limited = (limit) => ({ 'hapi-rate-limit': { enabled: true, userPathLimit: limit } });

module.exports = {
  name: 'admin',
  register: async (server) => {
    server.ext('onPostAuth', requireRecentMfa, { sandbox: 'plugin' });

    // ok: defaults/missing-control — the admin scope in a variable, the MFA extension of the plugin
    server.route({
      method: 'DELETE',
      path: '/users/{id}',
      options: { auth: adminAuth, validate: { params: Joi.object({ id: Joi.string().uuid() }) } },
      handler: (request) => request.server.app.db.users.disable(request.params.id),
    });

    // ok: defaults/missing-control — a rate limit switched on by a helper's plugin options
    server.route({
      method: 'POST',
      path: '/users/{id}/password',
      options: { auth: adminAuth, plugins: limited(3), validate: { payload: Joi.object({ password: Joi.string().min(12) }) } },
      handler: (request) => request.server.app.db.users.setPassword(request.params.id, request.payload.password),
    });

    // ruleid: defaults/missing-control — the plugin options switch the rate limiter off on a credential route
    server.route({
      method: 'POST',
      path: '/users/{id}/reset-password',
      options: { auth: adminAuth, plugins: { 'hapi-rate-limit': { enabled: false } } },
      handler: (request) => request.server.app.db.users.resetPassword(request.params.id),
    });
  },
};
