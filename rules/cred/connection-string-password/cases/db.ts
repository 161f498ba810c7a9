// Database and queue connections of a worker service.
import mongoose from 'mongoose';
import { createClient } from 'redis';
import amqp from 'amqplib';
import { Sequelize } from 'sequelize';

// ruleid: cred/connection-string-password
await mongoose.connect('mongodb+srv://orders:Qm8vT2xL9pR4@cluster0.a1b2c.mongodb.net/orders?retryWrites=true');

// ruleid: cred/connection-string-password
export const redis = createClient({ url: 'redis://:hT6yP1wQ@cache.internal:6379/0' });

// ruleid: cred/connection-string-password
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://app:N0tSoS3cret@db.internal:5432/app';
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
