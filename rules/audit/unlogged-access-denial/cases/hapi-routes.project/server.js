'use strict';

const Hapi = require('@hapi/hapi');
const desk = require('./controllers/desk');

async function start() {
  const server = Hapi.server({ port: 3000 });
  server.route([
    { method: 'GET', path: '/c/{id}', options: { auth: false }, handler: desk.customerPage },
    { method: 'DELETE', path: '/staff/{id}/2fa', options: { plugins: { audit: { event: 'staff.2fa_reset' } } }, handler: desk.resetTwoFactor },
    { method: 'POST', path: '/me/password', handler: desk.changePassword },
  ]);
  await server.start();
}

start();
