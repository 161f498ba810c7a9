// Session middleware whose options mix cookie names and secrets: only the secrets are keys.
const Koa = require('koa');
const session = require('koa-session');
const fastify = require('fastify')();
const secureSession = require('@fastify/secure-session');
const expressSession = require('express-session');

const app = new Koa();
// ok: cred/secret-in-sink
app.use(session({ key: 'koa.sess', maxAge: 86400000 }, app));

// A Fastify plugin's options sit beside it in `register`.
fastify.register(secureSession, {
  // ruleid: cred/secret-in-sink
  key: Buffer.from('3f7a1c9e5b2d8046a0e1f3c5b7d9e2a4c6f8e0b2d4a6c8e1f3b5d7a9c0e2f4b6', 'hex'),
  // ok: cred/secret-in-sink
  cookieName: 'wiki_session',
});

// express-session's `key` is the old name of `name`: the cookie's name.
// ok: cred/secret-in-sink
module.exports = expressSession({ key: 'connect.sid.v2', secret: process.env.SESSION_SECRET });
