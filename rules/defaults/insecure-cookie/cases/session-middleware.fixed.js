const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');
const Hapi = require('@hapi/hapi');

const app = express();

app.use(session({
  name: 'shop.sid',
  secret: process.env.SESSION_SECRET,
  resave: false,
  saveUninitialized: false,
  // ruleid: defaults/insecure-cookie
  cookie: { maxAge: 8 * 3600 * 1000, secure: process.env.NODE_ENV !== 'development', sameSite: 'lax' },
}));

// ok: defaults/insecure-cookie — HttpOnly by default, the other two set
app.use(session({ name: 'admin.sid', secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { secure: true, sameSite: 'strict' } }));

// ruleid: defaults/insecure-cookie
app.use(cookieSession({ name: 'legacy', keys: [process.env.COOKIE_KEY], maxAge: 86400000, secure: process.env.NODE_ENV !== 'development', sameSite: 'lax' }));

async function portal() {
  const server = Hapi.server({ port: 4000 });
  server.auth.strategy('session', 'cookie', {
    // ruleid: defaults/insecure-cookie
    cookie: {
      name: 'partner_sid',
      password: process.env.COOKIE_PASSWORD,
      isSecure: process.env.NODE_ENV !== 'development',
      isSameSite: 'Lax',
    },
    validate: async (request, s) => ({ isValid: Boolean(s.partnerId) }),
  });
  // ok: defaults/insecure-cookie — @hapi/cookie is Secure, HttpOnly and SameSite=Strict by default
  server.auth.strategy('staff', 'cookie', { cookie: { name: 'staff_sid', password: process.env.STAFF_COOKIE_PASSWORD }, validate: async () => ({ isValid: true }) });
}

module.exports = { app, portal };
