import crypto = require('crypto');
import settings = require('./settings');

export function encryptExport(csv: string): { keyId: string; payload: string } {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', settings.exportKey, iv);
  const data = Buffer.concat([cipher.update(csv, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { keyId: settings.exportKeyId, payload: Buffer.concat([iv, data]).toString('base64') };
}
