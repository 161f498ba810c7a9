'use strict';

// Field-level encryption for PII columns.
const crypto = require('crypto');

const KEY = Buffer.from(process.env.FIELD_ENCRYPTION_KEY || '', 'base64');
const LINK_IV = Buffer.from('a1b2c3d4e5f60718a1b2c3d4e5f60718', 'hex');

// ok: defaults/weak-cipher — AES-256-GCM with a fresh IV per message
function encryptField(plaintext) {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const ct = Buffer.concat([cipher.update(String(plaintext), 'utf8'), cipher.final()]);
  return ['v2', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
}

// v1 rows were written by the old PHP admin.
function decryptLegacy(value) {
  // ruleid: defaults/weak-cipher
  const d = crypto.createDecipheriv('aes-256-ecb', KEY, null);
  return Buffer.concat([d.update(Buffer.from(value, 'base64')), d.final()]).toString('utf8');
}

function orderLinkHandle(orderId) {
  // ruleid: defaults/weak-cipher
  const cipher = crypto.createCipheriv('aes-256-cbc', KEY, LINK_IV);
  return Buffer.concat([cipher.update(orderId, 'utf8'), cipher.final()]).toString('base64url');
}

function zeroIv(text) {
  // ruleid: defaults/weak-cipher
  const cipher = crypto.createCipheriv('aes-256-ctr', KEY, Buffer.alloc(16));
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex');
}

// ok: defaults/weak-cipher — decrypting with the IV stored beside the ciphertext
function decryptLink(handle, ivHex) {
  const d = crypto.createDecipheriv('aes-256-cbc', KEY, Buffer.from(ivHex, 'hex'));
  return Buffer.concat([d.update(Buffer.from(handle, 'base64url')), d.final()]).toString('utf8');
}

function readOrderLinkHandle(handle) {
  // ruleid: defaults/weak-cipher — decrypting with the hard-coded IV: the same defect, where the data is read
  const d = crypto.createDecipheriv('aes-256-cbc', KEY, LINK_IV);
  return Buffer.concat([d.update(Buffer.from(handle, 'base64url')), d.final()]).toString('utf8');
}

module.exports = { encryptField, decryptLegacy, orderLinkHandle, zeroIv, decryptLink, readOrderLinkHandle };
