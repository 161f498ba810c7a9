'use strict';

// Verify options built the ways a service builds them: a helper over shared defaults, Object.assign.
const jwt = require('jsonwebtoken');

const baseVerify = { issuer: 'accounts', audience: 'api' };

function verifyOptions() {
  return { ...baseVerify, clockTolerance: 5 };
}

function verifyApiToken(token, key) {
  // ruleid: defaults/jwt-misuse
  return jwt.verify(token, key, verifyOptions());
}

const adminVerify = Object.assign({}, baseVerify, { algorithms: ['RS256'] });

function verifyAdminToken(token, key) {
  // ok: defaults/jwt-misuse
  return jwt.verify(token, key, adminVerify);
}

const pinned = { algorithms: ['ES256'], issuer: 'accounts' };

function verifyDeviceToken(token, key) {
  // A spread whose source holds the allow-list.
  // ok: defaults/jwt-misuse
  return jwt.verify(token, key, { ...pinned, audience: 'devices' });
}

module.exports = { verifyApiToken, verifyAdminToken, verifyDeviceToken };
