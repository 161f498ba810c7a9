'use strict';

const https = require('https');
const { Pool } = require('pg');
const config = require('./config');

const ledgerAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: config.ledger.verifyTls });
const archiveAgent = new https.Agent({ keepAlive: true, rejectUnauthorized: config.archive.verifyTls });
const replica = new Pool({
  connectionString: process.env.REPLICA_URL,
  ssl: { rejectUnauthorized: config.replicaVerifyTls },
});

module.exports = { ledgerAgent, archiveAgent, replica };
