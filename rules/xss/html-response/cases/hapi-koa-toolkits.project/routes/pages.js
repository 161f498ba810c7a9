'use strict';

const { profileCard, feedbackEcho, banner } = require('../views/cards');

exports.profile = async (request, h) => {
  const user = await request.server.app.users.byId(Number(request.params.id));
  // ok: xss/html-response
  return h.response(profileCard(user)).type('text/html');
};

exports.feedback = (request, h) => {
  const { stars, remark } = request.payload;
  // ruleid: xss/html-response
  return h.response(feedbackEcho(stars, remark || '')).type('text/html');
};

exports.bannerPreview = (request, h) => {
  const { template, who } = request.payload;
  // ruleid: xss/html-response
  return h.response(banner(String(template), String(who))).code(201).type('text/html; charset=utf-8');
};

exports.bannerSource = (request, h) => {
  const { template, who } = request.payload;
  // ok: xss/html-response
  return h.response(banner(String(template), String(who))).type('text/plain');
};

exports.feedbackJson = (request, h) => {
  const { stars, remark } = request.payload;
  // ok: xss/html-response
  return h.response({ stars, remark }).code(201);
};
