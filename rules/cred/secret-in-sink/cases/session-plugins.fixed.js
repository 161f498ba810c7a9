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
  key: Buffer.from(requireEnv('SESSION_SECRET'), 'hex'),
  // ok: cred/secret-in-sink
  cookieName: 'wiki_session',
});

// express-session's `key` is the old name of `name`: the cookie's name.
// ok: cred/secret-in-sink
module.exports = expressSession({ key: 'connect.sid.v2', secret: process.env.SESSION_SECRET });

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
