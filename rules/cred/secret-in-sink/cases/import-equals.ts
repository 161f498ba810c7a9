// A TypeScript service written with `import x = require('y')`: the secrets still reach their sinks.
import jwt = require('jsonwebtoken');
import crypto = require('crypto');
import type Redis = require('ioredis');

// ruleid: cred/secret-in-sink
const SIGNING_KEY = 'acme-signing-2025';

export function issue(user: string): string {
  return jwt.sign({ sub: user }, SIGNING_KEY, { expiresIn: '1h' });
}

export function mac(body: string): string {
  // ruleid: cred/secret-in-sink
  return crypto.createHmac('sha256', 'hook-mac-key-77').update(body).digest('hex');
}

export function verify(token: string): unknown {
  // ok: cred/secret-in-sink
  return jwt.verify(token, process.env.JWT_SECRET as string);
}

export type Cache = Redis;
