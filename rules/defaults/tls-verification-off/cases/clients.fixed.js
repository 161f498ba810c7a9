'use strict';

// Outbound clients of an order service: payment provider, warehouse, database, mail.
const https = require('https');
const fs = require('fs');
const axios = require('axios');
const got = require('got');
const { Agent } = require('undici');
const { Pool } = require('pg');
const mysql = require('mysql2/promise');

// The acquirer's sandbox uses a self-signed certificate.
const sandboxAgent = new https.Agent({
  keepAlive: true,
  // ruleid: defaults/tls-verification-off
  rejectUnauthorized: true,
});

const psp = axios.create({ baseURL: process.env.PSP_URL, httpsAgent: sandboxAgent });

const warehouse = got.extend({
  prefixUrl: process.env.WMS_URL,
  // ruleid: defaults/tls-verification-off
  https: { rejectUnauthorized: true },
});

const dispatcher = new Agent({
  // ruleid: defaults/tls-verification-off
  connect: { rejectUnauthorized: true },
});

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  // ruleid: defaults/tls-verification-off
  ssl: { rejectUnauthorized: true },
});

async function legacyDb() {
  return mysql.createConnection({
    host: process.env.LEGACY_DB_HOST,
    // ruleid: defaults/tls-verification-off
    ssl: { rejectUnauthorized: true },
  });
}

// Verification only when someone remembers to set the flag: unset means off.
const reportsAgent = new https.Agent({
  // ruleid: defaults/tls-verification-off
  rejectUnauthorized: true,
});

const partnerAgent = new https.Agent({
  // ruleid: defaults/tls-verification-off
});

// ok: defaults/tls-verification-off — verification on, the private CA is trusted explicitly
const internalAgent = new https.Agent({ ca: fs.readFileSync(process.env.INTERNAL_CA_PATH), rejectUnauthorized: true });

// ok: defaults/tls-verification-off — the flag defaults to verifying
const stagingAgent = new https.Agent({ rejectUnauthorized: process.env.STAGING_TLS_VERIFY !== 'false' });

// ok: defaults/tls-verification-off — a pinned check that delegates to Node's and then adds one
const pinnedAgent = new https.Agent({
  checkServerIdentity: (host, cert) => {
    const err = require('tls').checkServerIdentity(host, cert);
    if (err) return err;
    if (cert.fingerprint256 !== process.env.PINNED_FINGERPRINT) return new Error('certificate is not the pinned one');
    return undefined;
  },
});

module.exports = { psp, warehouse, dispatcher, pool, legacyDb, reportsAgent, partnerAgent, internalAgent, stagingAgent, pinnedAgent };
