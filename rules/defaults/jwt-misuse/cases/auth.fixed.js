'use strict';

const fs = require('fs');
const jwt = require('jsonwebtoken');

const privateKey = fs.readFileSync(process.env.JWT_PRIVATE_KEY_PATH);
const publicKey = fs.readFileSync(process.env.JWT_PUBLIC_KEY_PATH);

function signAccessToken(claims) {
  return jwt.sign(claims, privateKey, { algorithm: 'RS256', expiresIn: '15m' });
}

// ok: defaults/jwt-misuse — verified with an allow-list, then the header read for logging
function verifyAccessToken(token) {
  const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'] });
  const { header } = jwt.decode(token, { complete: true });
  return { claims, kid: header.kid };
}

function verifyLegacyToken(token) {
  // ruleid: defaults/jwt-misuse
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

function verifyServiceToken(token) {
  // ruleid: defaults/jwt-misuse
  return jwt.verify(token, publicKey, { algorithms: ['RS256'], issuer: 'billing' });
}

function verifyPartnerToken(token) {
  // ruleid: defaults/jwt-misuse
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

function verifyKioskToken(token) {
  // ruleid: defaults/jwt-misuse
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

// The widget gets the token in the query string.
function widgetUser(token) {
  // ruleid: defaults/jwt-misuse
  const payload = jwt.decode(token);
  return payload && payload.sub;
}

module.exports = { signAccessToken, verifyAccessToken, verifyLegacyToken, verifyServiceToken, verifyPartnerToken, verifyKioskToken, widgetUser };
