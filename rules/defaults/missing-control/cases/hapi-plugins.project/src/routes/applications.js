'use strict';

const Joi = require('joi');

module.exports = {
  name: 'applications',
  register: async (server) => {
    // ok: defaults/missing-control — plugins/auth.js sets the default strategy for every route
    server.route({
      method: 'GET',
      path: '/applications/{id}',
      options: { validate: { params: Joi.object({ id: Joi.string().uuid() }) } },
      handler: (request) => request.server.app.db.applications.find(request.params.id, request.auth.credentials.id),
    });

    // ok: defaults/missing-control — public by its own choice
    server.route({
      method: 'GET',
      path: '/calls',
      options: { auth: false },
      handler: (request) => request.server.app.db.calls.open(),
    });
  },
};
