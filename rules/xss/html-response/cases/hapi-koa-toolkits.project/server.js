'use strict';

const Hapi = require('@hapi/hapi');
const pages = require('./routes/pages');

async function start() {
  const server = Hapi.server({ port: 3000 });
  server.route([
    { method: 'GET', path: '/users/{id}', handler: pages.profile },
    { method: 'POST', path: '/feedback', handler: pages.feedback },
    { method: 'POST', path: '/feedback.json', handler: pages.feedbackJson },
    { method: 'POST', path: '/banner/preview', handler: pages.bannerPreview },
    { method: 'POST', path: '/banner/source', handler: pages.bannerSource },
  ]);
  await server.start();
}

start();
