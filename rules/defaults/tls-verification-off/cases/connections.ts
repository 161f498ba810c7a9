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
