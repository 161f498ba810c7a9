'use strict';

// A config module: which of these literals is a secret is decided by where the app uses it.
module.exports = {
  port: Number(process.env.PORT) || 3000,
  session: {
    // ok: cred/secret-in-sink
    cookieName: 'orders.sid',
    // ruleid: cred/secret-in-sink
    secret: 'f3a9c1d07b2e4c58a61e93b0d4c7f215-orders',
  },
  receipts: {
    // ruleid: cred/secret-in-sink
    linkKey: 'rcpt-7Qm2vX9pLw4sTz8bK1nY6dHc',
    // ok: cred/secret-in-sink
    linkPrefix: 'rcpt-links-v1',
  },
  // ok: cred/secret-in-sink
  fallbackKey: process.env.RECEIPT_KEY,
};
