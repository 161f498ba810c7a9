// Accounts imported from the old shop; new accounts use bcrypt in ./password.ts.
import { createHash, pbkdf2Sync, scryptSync, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

const IMPORT_SALT = 'shop-import';
const SALT_ROUNDS = 12;

export function importPlaceholderHash(tempPassword: string): string {
  // ruleid: defaults/weak-password-hash
  return pbkdf2Sync(tempPassword, IMPORT_SALT, 100000, 32, 'sha256').toString('hex');
}

export function kioskPasswordHash(password: string, perUserSalt: string): string {
  // ruleid: defaults/weak-password-hash
  const h = createHash('sha512');
  h.update(perUserSalt + password);
  // the kiosk reads sha512 hex
  return h.digest('hex');
}

export async function staffHash(password: string): Promise<string> {
  // ruleid: defaults/weak-password-hash
  return bcrypt.hash(password, SALT_ROUNDS);
}

export function oldPbkdf2(password: string, salt: Buffer): Buffer {
  // ruleid: defaults/weak-password-hash
  return pbkdf2Sync(password, salt, 1000, 32, 'sha1');
}

// ok: defaults/weak-password-hash — a random salt per password, scrypt's default cost
export function modernHash(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 64).toString('hex')}`;
}

// ok: defaults/weak-password-hash — deriving an encryption key from a high-entropy secret
export const fieldKey = scryptSync(process.env.FIELD_ENCRYPTION_KEY as string, 'field-encryption', 32);

export async function strongHash(password: string): Promise<string> {
  // ok: defaults/weak-password-hash — cost 12
  return bcrypt.hash(password, 12);
}
