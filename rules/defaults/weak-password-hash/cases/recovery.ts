import { createHash, randomBytes } from 'node:crypto';
import { db } from './db';

export async function storeRecoveryCodes(userId: string): Promise<string[]> {
  const recoveryCodes = Array.from({ length: 10 }, () => randomBytes(5).toString('hex'));
  // ruleid: defaults/weak-password-hash
  const hashed = recoveryCodes.map((code) => createHash('md5').update(code).digest('hex'));
  await db.recoveryCodes.insertMany(hashed.map((hash) => ({ userId, hash })));
  return recoveryCodes;
}

// ok: defaults/weak-password-hash — a download token is high-entropy; its sha256 is a lookup key
export function downloadTokenKey(downloadToken: string): string {
  return createHash('sha256').update(downloadToken).digest('hex');
}
