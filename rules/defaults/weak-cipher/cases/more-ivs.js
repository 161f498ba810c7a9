'use strict';

const crypto = require('crypto');
const CryptoJS = require('crypto-js');

const KEY = crypto.scryptSync(process.env.LINK_SECRET, 'link-salt', 32);
const ZERO_IV = Buffer.from('0'.repeat(32), 'hex');

function shareLink(id) {
  // ruleid: defaults/weak-cipher
  const c = crypto.createCipheriv('aes-256-cbc', KEY, ZERO_IV);
  return c.update(id, 'utf8', 'hex') + c.final('hex');
}

function browserCompatible(text) {
  // ruleid: defaults/weak-cipher
  return CryptoJS.AES.encrypt(text, CryptoJS.enc.Utf8.parse(process.env.LINK_SECRET), { iv: CryptoJS.enc.Hex.parse('00000000000000000000000000000000') }).toString();
}

// ok: defaults/weak-cipher — a random IV, sent with the ciphertext
function sealed(text) {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', KEY, iv);
  const ct = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.');
}

module.exports = { shareLink, browserCompatible, sealed };
