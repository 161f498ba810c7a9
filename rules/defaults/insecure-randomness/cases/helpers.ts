import { createHash, randomBytes } from 'node:crypto';
import { db } from './db';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

// A helper with a neutral name: what its value is for is told by its callers.
function randomString(len: number): string {
  let s = '';
  // ruleid: defaults/insecure-randomness
  for (let i = 0; i < len; i++) s += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  return s;
}

/** A live API key; only its sha256 is kept. */
export async function createApiKey(merchantId: string) {
  const prefix = `pk_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomString(32)}`;
  await db.insert('api_keys', { merchantId, prefix, hash: createHash('sha256').update(key).digest('hex') });
  return { key, prefix };
}

// A neutral helper whose callers only need something that looks random: a file name, a colour.
function randomChars(len: number): string {
  let out = '';
  // ok: defaults/insecure-randomness — every caller uses it for a temp file name or a colour
  for (let i = 0; i < len; i++) out += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  return out;
}

export function uploadTempName(original: string): string {
  const tmpName = `${randomChars(8)}-${original}`;
  return tmpName;
}

export function placeholderColour(): string {
  const colour = `#${randomChars(6)}`;
  return colour;
}

// A neutral helper whose only caller makes fake demo accounts.
function makeRandomString(length: number): string {
  let text = '';
  // ok: defaults/insecure-randomness — its only caller seeds fake demo users
  for (let i = 0; i < length; i++) text += ALPHABET.charAt(Math.floor(Math.random() * ALPHABET.length));
  return text;
}

export async function createRandomFakeUsers(n: number) {
  return Promise.all(Array.from({ length: n }, () => db.insert('users', { email: `${makeRandomString(5)}@example.test`, password: makeRandomString(5) })));
}
