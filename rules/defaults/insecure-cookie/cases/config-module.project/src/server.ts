import Fastify from 'fastify';
import secureSession from '@fastify/secure-session';
import { adminCookie, sessionCookieOptions } from './config/session.config';

const app = Fastify();

app.register(secureSession, {
  cookieName: 'lms_session',
  key: Buffer.from(process.env.SESSION_KEY ?? '', 'base64'),
  cookie: sessionCookieOptions(process.env.NODE_ENV ?? 'production'),
});

app.register(secureSession, {
  cookieName: 'lms_admin',
  key: Buffer.from(process.env.ADMIN_SESSION_KEY ?? '', 'base64'),
  cookie: adminCookie,
});

export default app;
