import { createCipheriv, randomBytes } from 'crypto';
import { configuration } from './config.js';

export class FieldCrypto {
  key = Buffer.from(configuration().fieldEncryption.keyHex, 'hex');

  encrypt(plain) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  }
}
