'use strict';

// Refuses passwords found in breaches, through the Pwned Passwords range API (k-anonymity).
const crypto = require('crypto');

async function timesBreached(password) {
  // ok: defaults/weak-password-hash — sha1 is what the range API takes; only the prefix leaves
  const digest = crypto.createHash('sha1').update(password).digest('hex').toUpperCase();
  const res = await fetch(`https://api.pwnedpasswords.com/range/${digest.slice(0, 5)}`);
  const body = await res.text();
  const line = body.split('\n').find((l) => l.startsWith(digest.slice(5)));
  return line ? Number(line.split(':')[1]) : 0;
}

module.exports = { timesBreached };
