'use strict';

// Outbound clients of a reporting job whose TLS settings come from a settings object that may be
// unset: the fallback is what runs wherever nobody set it.
const https = require('https');
const tls = require('tls');
const settings = require('./settings');

const ledgerAgent = new https.Agent({
  keepAlive: true,
  // ruleid: defaults/tls-verification-off
  rejectUnauthorized: settings.ledger.verifyTls ?? false,
});

const verifyWarehouse = process.env.WAREHOUSE_VERIFY_TLS || false;
const warehouseAgent = new https.Agent({
  // ruleid: defaults/tls-verification-off
  rejectUnauthorized: verifyWarehouse,
});

// A secure fallback: verification stays on unless someone turns it off on purpose.
const auditAgent = new https.Agent({
  // ok: defaults/tls-verification-off
  rejectUnauthorized: settings.audit.verifyTls ?? true,
});

// A default parameter: every caller that passes no options gets an unverified connection.
// ruleid: defaults/tls-verification-off
function connectFeed(host, { rejectUnauthorized = false } = {}) {
  return tls.connect({ host, port: 8443, rejectUnauthorized });
}

// ok: defaults/tls-verification-off
function connectArchive(host, { rejectUnauthorized = true, ca } = {}) {
  return tls.connect({ host, port: 8443, rejectUnauthorized, ca });
}

module.exports = { ledgerAgent, warehouseAgent, auditAgent, connectFeed, connectArchive };
