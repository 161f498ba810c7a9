import type { Server } from '@hapi/hapi';
import type { ConfigService } from '@nestjs/config';

export async function register(server: Server, config: { remember: string }) {
  // ruleid: defaults/insecure-cookie — a remember-me token readable by script
  server.state('remember_me', { ttl: 30 * 86400000, isSecure: true, isHttpOnly: false, isSameSite: 'Lax', path: '/auth' });

  // ok: defaults/insecure-cookie — a language preference is meant to be read by script
  server.state('app_lang', { ttl: 365 * 86400000, isSecure: true, isHttpOnly: false, isSameSite: 'Lax' });

  // ok: defaults/insecure-cookie — hapi's defaults are Secure, HttpOnly and SameSite=Strict
  server.state('session_id', { ttl: 86400000, path: '/' });

  server.route({
    method: 'POST',
    path: '/login',
    handler: (request, h) => {
      // ruleid: defaults/insecure-cookie — set on the response with Secure turned off
      return h.response().state('auth_token', config.remember, { isSecure: false });
    },
  });
}

export interface SessionCookieOptions {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'lax' | 'strict';
}

export function sessionCookieOptions(config: ConfigService): SessionCookieOptions {
  const isDev = config.get<string>('env') === 'development';
  // ruleid: defaults/insecure-cookie — the options every caller gets have no sameSite
  return {
    path: '/',
    httpOnly: true,
    secure: !isDev,
  };
}

export const refreshCookieOptions = (secure: boolean): SessionCookieOptions => ({
  path: '/auth',
  httpOnly: true,
  secure,
  // ok: defaults/insecure-cookie — all three flags
  sameSite: 'strict',
});

export function themeCookieOptions() {
  // ok: defaults/insecure-cookie — not a session cookie
  return { path: '/', httpOnly: false };
}

const rememberCookie = () => ({ path: '/', maxAge: 30 * 86400000, httpOnly: true });

export function login(res: { cookie(name: string, value: string, options: object): void }, token: string) {
  // ruleid: defaults/insecure-cookie — the options come from the helper above, which leaves out secure and sameSite
  res.cookie('remember', token, rememberCookie());
}
