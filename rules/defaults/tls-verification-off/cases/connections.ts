import mongoose from 'mongoose';
import { Client } from 'pg';
import https from 'node:https';

// ruleid: defaults/tls-verification-off
await mongoose.connect('mongodb://db.internal:27017/shop?tls=true&tlsAllowInvalidCertificates=true');

// ruleid: defaults/tls-verification-off
export const reporting = new Client({ connectionString: `postgres://reporter@${process.env.PGHOST}/reports?sslmode=no-verify` });

// ok: defaults/tls-verification-off — verify-full checks the chain and the host name
export const orders = new Client({ connectionString: `postgres://orders@${process.env.PGHOST}/orders?sslmode=verify-full` });

const verifyPartner = process.env.PARTNER_TLS_VERIFY === '1';
export const partner = new https.Agent({
  // ruleid: defaults/tls-verification-off
  rejectUnauthorized: verifyPartner,
});

function acceptAnyHost() {
  return undefined;
}

export const legacyPartner = new https.Agent({
  // ruleid: defaults/tls-verification-off
  checkServerIdentity: acceptAnyHost,
});

export const mongoOptions = {
  tls: true,
  // ruleid: defaults/tls-verification-off
  tlsAllowInvalidCertificates: true,
};

declare const config: { get<T>(key: string, fallback?: T): T | undefined };

export const warehouse = new Client({
  ssl: {
    // ruleid: defaults/tls-verification-off — a setting read with no default: unset means off
    rejectUnauthorized: config.get<string>('DB_TLS_VERIFY') === 'true',
  },
});

export const ledger = new Client({
  ssl: {
    // ok: defaults/tls-verification-off — the setting defaults to verifying
    rejectUnauthorized: config.get<string>('LEDGER_TLS_VERIFY', 'true') === 'true',
  },
});
