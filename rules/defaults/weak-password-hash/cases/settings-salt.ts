// Imported accounts keep the old system's format; the salt comes from the deployment's settings.
import { pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import type { ConfigService } from '@nestjs/config';
const config = require('../config');

export const deriveReviewerHash = (password: string) =>
  // ruleid: defaults/weak-password-hash — one salt from config for every account
  pbkdf2Sync(password, config.security.reviewerSalt, 120000, 32, 'sha256').toString('hex');

export class LegacyPasswords {
  constructor(private readonly config: ConfigService) {}

  verify(password: string): Buffer {
    const salt = this.config.get<string>('legacy.salt')!;
    // ruleid: defaults/weak-password-hash — the salt read once from the ConfigService
    return pbkdf2Sync(password, salt, 600000, 32, 'sha256');
  }

  envSalted(password: string): Buffer {
    // ruleid: defaults/weak-password-hash — an environment variable is one value too
    return scryptSync(password, Buffer.from(process.env.PASSWORD_SALT ?? ''), 64);
  }

  perUser(password: string, user: { salt: string }): Buffer {
    // ok: defaults/weak-password-hash — the salt stored with each user
    return pbkdf2Sync(password, user.salt, 600000, 32, 'sha256');
  }

  fresh(password: string): Buffer {
    // ok: defaults/weak-password-hash — a random salt sized by a setting
    return scryptSync(password, randomBytes(config.security.saltBytes), 64);
  }
}

// ok: defaults/weak-password-hash — key stretching of a high-entropy secret from config, not a password
export const dataKey = scryptSync(config.security.encryptionKey, config.security.keySalt, 32);
