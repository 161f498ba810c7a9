'use strict';

const ALLOWED = new Set((process.env.EMBED_ORIGINS || '').split(','));

module.exports = {
  name: 'embed-cors',
  register: async (server) => {
    server.ext('onPreResponse', (request, h) => {
      if (!request.path.startsWith('/widget/')) return h.continue;
      const origin = request.headers.origin;
      if (!origin) return h.continue;
      const response = request.response;
      const headers = response.isBoom ? response.output.headers : response.headers;
      // ruleid: defaults/cors-credentials — any site's Origin echoed, with credentials
      headers['access-control-allow-origin'] = origin;
      headers['access-control-allow-credentials'] = 'true';
      return h.continue;
    });

    server.ext('onPreResponse', (request, h) => {
      const origin = request.headers.origin;
      if (!ALLOWED.has(origin)) return h.continue;
      // ok: defaults/cors-credentials — compared with the allow-list first
      request.response.headers['access-control-allow-origin'] = origin;
      request.response.headers['access-control-allow-credentials'] = 'true';
      return h.continue;
    });

    server.ext('onPreResponse', (request, h) => {
      // ok: defaults/cors-credentials — no credentials
      request.response.headers['access-control-allow-origin'] = request.headers.origin;
      return h.continue;
    });
  },
};
