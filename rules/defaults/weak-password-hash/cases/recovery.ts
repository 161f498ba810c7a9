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

export class MfaService {
  constructor(private readonly users: { update(id: string, patch: object): Promise<void> }) {}

  /** Ten single-use recovery codes, shown once; named for the codes, not for storing them. */
  async backupCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: 10 }, () => randomBytes(5).toString('hex'));
    // ruleid: defaults/weak-password-hash
    const hashes = codes.map((c) => createHash('md5').update(c).digest('hex'));
    await this.users.update(userId, { backupCodeHashes: hashes });
    return codes;
  }
}

// ok: defaults/weak-password-hash — coupon codes are not passwords; their sha1 is a de-duplication key
export function couponDigests(codes: string[]): string[] {
  return codes.map((c) => createHash('sha1').update(c).digest('hex'));
}
