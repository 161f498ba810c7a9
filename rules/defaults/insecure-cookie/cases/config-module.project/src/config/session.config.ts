// Cookie settings of the learner UI's session, kept apart from the server that registers it.
export interface CookieOptions {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'lax' | 'strict' | 'none';
  maxAge: number;
}

export function sessionCookieOptions(env: string): CookieOptions {
  const isDev = env === 'development';
  // ruleid: defaults/insecure-cookie
  return {
    path: '/',
    httpOnly: true,
    secure: !isDev,
    maxAge: 8 * 60 * 60,
  };
}

// ok: defaults/insecure-cookie
export const adminCookie = { path: '/admin', httpOnly: true, secure: true, sameSite: 'strict' as const, maxAge: 900 };
