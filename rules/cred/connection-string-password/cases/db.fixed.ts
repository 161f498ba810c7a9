// Database and queue connections of a worker service.
import mongoose from 'mongoose';
import { createClient } from 'redis';
import amqp from 'amqplib';
import { Sequelize } from 'sequelize';

// ruleid: cred/connection-string-password
await mongoose.connect(requireEnv('MONGODB_URI'));

// ruleid: cred/connection-string-password
export const redis = createClient({ url: requireEnv('REDIS_URL') });

// ruleid: cred/connection-string-password
const DATABASE_URL = requireEnv('DATABASE_URL');
export const sequelize = new Sequelize(DATABASE_URL);

export async function queue(host: string) {
  // ruleid: cred/connection-string-password
  return amqp.connect(`amqp://worker:Zx9!vB3n@${host}:5672`);
}

// No password, a placeholder, or built from the environment: fine.
// ok: cred/connection-string-password
export const local = 'mongodb://localhost:27017/orders';
// ok: cred/connection-string-password
export const documented = 'postgres://user:password@localhost:5432/mydb';
// ok: cred/connection-string-password
export const templated = `postgres://${process.env.PGUSER}:${process.env.PGPASSWORD}@${process.env.PGHOST}/app`;
// ok: cred/connection-string-password
export const docsUrl = 'https://docs.acme.test/guides/connect';

/** A required setting from the environment; fails fast when it is missing instead of running without it. */
function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);
  return value;
}
