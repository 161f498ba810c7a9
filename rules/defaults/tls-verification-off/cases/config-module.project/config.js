'use strict';

// Settings of the reporting job, read by its clients.
module.exports = {
  ledger: {
    url: process.env.LEDGER_URL,
    // ruleid: defaults/tls-verification-off
    verifyTls: false,
  },
  archive: {
    url: process.env.ARCHIVE_URL,
    // ok: defaults/tls-verification-off
    verifyTls: true,
  },
  // Verified only when the variable says so: unset means off.
  // ruleid: defaults/tls-verification-off
  replicaVerifyTls: process.env.REPLICA_VERIFY_TLS === 'true',
};
