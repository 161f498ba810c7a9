// Interop with the payment terminal and the intranet ticket system.
import { createCipheriv, createCipher } from 'node:crypto';
import CryptoJS from 'crypto-js';

export function pinBlock(pin: string, key: Buffer): string {
  // 3DES-ECB PIN blocks are what the terminal speaks.
  // ruleid: defaults/weak-cipher
  const c = createCipheriv('des-ede3', key, null);
  return c.update(pin, 'hex', 'hex') + c.final('hex');
}

export function ticket(user: string, key: Buffer): string {
  // ruleid: defaults/weak-cipher
  const c = createCipheriv('rc4', key, null);
  return c.update(user, 'utf8', 'base64') + c.final('base64');
}

export function giftCode(code: string): string {
  // ruleid: defaults/weak-cipher
  const cipher = createCipher('aes-256-cbc', process.env.KIOSK_SECRET as string);
  return cipher.update(code, 'utf8', 'hex') + cipher.final('hex');
}

export function browserBlob(text: string, key: string): string {
  // ruleid: defaults/weak-cipher
  return CryptoJS.DES.encrypt(text, key).toString();
}
