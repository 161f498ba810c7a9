import secureSession from '@fastify/secure-session';
import { sessionCookie, sessionKeyHex } from '../config.js';

export default async function sessionPlugin(app) {
  await app.register(secureSession, {
    key: Buffer.from(sessionKeyHex, 'hex'),
    cookieName: sessionCookie,
  });
}
