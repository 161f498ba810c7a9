'use strict';

const jwt = require('jsonwebtoken');
const config = require('./config');

const validate = async (decoded) => ({ isValid: Boolean(decoded.sub) });

module.exports = {
  name: 'auth',
  register: async (server) => {
    await server.register(require('hapi-auth-jwt2'));

    // ruleid: defaults/jwt-misuse — hapi-auth-jwt2 hands verifyOptions to jsonwebtoken: no allow-list
    server.auth.strategy('jwt', 'jwt', {
      key: config.jwt.secret,
      validate,
      verifyOptions: {
        issuer: config.jwt.issuer,
      },
    });

    // ruleid: defaults/jwt-misuse — no verifyOptions at all
    server.auth.strategy('partner', 'jwt', { key: config.partner.publicKey, validate });

    // ok: defaults/jwt-misuse — the algorithm is pinned
    server.auth.strategy('api', 'jwt', { key: config.jwt.secret, validate, verifyOptions: { algorithms: ['HS256'] } });

    // ok: defaults/jwt-misuse — another scheme
    server.auth.strategy('session', 'cookie', { cookie: { password: config.cookie } });

    server.route({
      method: 'POST',
      path: '/webhooks/signing',
      options: { auth: false },
      handler: async (request, h) => {
        // ruleid: defaults/jwt-misuse — the sender of the request wrote these claims, and they are stored
        const claims = jwt.decode(request.payload.token);
        await request.server.app.db.query('UPDATE envelopes SET status = $2 WHERE id = $1', [
          claims.envelopeId,
          claims.status,
        ]);
        return h.response().code(204);
      },
    });

    server.route({
      method: 'GET',
      path: '/tokens/expiry',
      options: { auth: false },
      handler: (request) => {
        // ok: defaults/jwt-misuse — only the token's own expiry is read, to show it
        const claims = jwt.decode(request.query.token);
        return { expiresAt: claims.exp };
      },
    });

    server.route({
      method: 'PUT',
      path: '/runtime/{id}',
      options: { auth: false },
      handler: async (request) => {
        const token = request.headers['x-runtime-token'];
        // ruleid: defaults/jwt-misuse — decoded in a branch, then trusted as the caller
        const claims = token ? jwt.decode(token) : null;
        if (!claims?.sub) throw new Error('unauthorised');
        return { learner: claims.sub };
      },
    });
  },
};
