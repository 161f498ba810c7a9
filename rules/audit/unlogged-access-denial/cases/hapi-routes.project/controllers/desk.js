'use strict';

const links = require('../lib/links');
const staff = require('../services/staff');

// Registered in server.js as GET /c/{id} with no audit option: a forged link is refused unaudited.
exports.customerPage = async (request, h) => {
  // ruleid: audit/unlogged-access-denial
  if (!links.verify(request.params.id, request.query.sig)) return h.response('Link expired').code(403);
  return h.response({ id: request.params.id });
};

// Registered with options.plugins.audit: the plugin's extension writes one event per response.
exports.resetTwoFactor = async (request, h) => {
  // ok: audit/unlogged-access-denial
  if (request.auth.credentials.role !== 'lead') return h.response({ error: 'forbidden' }).code(403);
  return h.response().code(204);
};

// The service decides the change (and is reported there): the 403 here is its answer, not a decision of this handler.
exports.changePassword = async (request, h) => {
  const ok = await staff.changePassword(request.auth.credentials.id, request.payload.old, request.payload.next);
  // ok: audit/unlogged-access-denial
  return ok ? h.response().code(204) : h.response({ error: 'wrong password' }).code(403);
};
