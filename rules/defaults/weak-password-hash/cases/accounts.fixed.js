'use strict';

const crypto = require('crypto');
const express = require('express');
const db = require('./db');

const router = express.Router();

function hashPassword(password) {
  // ruleid: defaults/weak-password-hash
  return scryptHash(password);
}

router.post('/register', async (req, res) => {
  await db('users').insert({ email: req.body.email, password_hash: hashPassword(req.body.password) });
  res.status(201).end();
});

// ok: defaults/weak-password-hash — an ETag of a response body
function etag(body) {
  return crypto.createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}

// ok: defaults/weak-password-hash — a high-entropy API key is looked up by its sha256
function apiKeyLookup(apiKey) {
  return crypto.createHash('sha256').update(apiKey).digest('hex');
}

// ok: defaults/weak-password-hash — the 5-character prefix sent to the Pwned Passwords range API
function pwnedPrefix(password) {
  return crypto.createHash('sha1').update(password).digest('hex').slice(0, 5).toUpperCase();
}

// ok: defaults/weak-password-hash — a webhook signature
function signWebhook(payload) {
  return crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(payload).digest('hex');
}

module.exports = { router, etag, apiKeyLookup, pwnedPrefix, signWebhook };

// Passwords: scrypt with a random salt per password, stored as `scrypt$<salt>$<hash>` (hex).
function scryptHash(password) {
  const salt = crypto.randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${crypto.scryptSync(password, salt, 64).toString('hex')}`;
}

// True when `password` matches a hash made by scryptHash (constant-time comparison).
function scryptVerify(password, stored) {
  const [scheme, salt, hash] = String(stored).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = crypto.scryptSync(password, Buffer.from(salt, 'hex'), expected.length);
  return crypto.timingSafeEqual(actual, expected);
}
