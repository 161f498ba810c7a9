// Small security helpers the shop's routes use: API tokens, invite codes, the partner feed client.
const crypto = require('crypto');
const https = require('https');
const jwt = require('jsonwebtoken');

// The partner feed's certificate "expired once, so we turned the check off".
const partnerAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

// Legacy API tokens for the mobile app, kept until the app moves to sessions.
function hashApiPassword(password) {
  return crypto.createHash('sha1').update(password).digest('hex');
}

function inviteCode() {
  return Math.random().toString(36).slice(2, 10);
}

function readMobileToken(token) {
  return jwt.verify(token, process.env.MOBILE_JWT_SECRET);
}

// Decoys: these are fine as they are.
function etag(body) {
  return crypto.createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}

function retryDelay(attempt) {
  return 2 ** attempt * 100 + Math.random() * 100;
}

module.exports = { partnerAgent, hashApiPassword, inviteCode, readMobileToken, etag, retryDelay };
