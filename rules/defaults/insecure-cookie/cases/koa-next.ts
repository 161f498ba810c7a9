import Koa from 'koa';
import { cookies } from 'next/headers';
import { serialize } from 'cookie';
import type { NextApiRequest, NextApiResponse } from 'next';

const app = new Koa();

app.use(async (ctx) => {
  const token = await login(ctx.request.body);
  // ruleid: defaults/insecure-cookie
  ctx.cookies.set('notes_auth', token, { httpOnly: false, secure: false, overwrite: true });
  // ok: defaults/insecure-cookie — Koa cookies are HttpOnly by default; Secure and SameSite set
  ctx.cookies.set('notes_session', token, { secure: process.env.NODE_ENV !== 'development', sameSite: 'lax' });
  // ok: defaults/insecure-cookie — the locale is not a session
  ctx.cookies.set('notes_lang', 'de', { httpOnly: false, sameSite: 'lax' });
  // ruleid: defaults/insecure-cookie — a name that says nothing, but the value is a signed token
  ctx.cookies.set('acting_as', token, { httpOnly: false, secure: true, sameSite: 'strict' });
  // ok: defaults/insecure-cookie — a neutral name and a plain value
  ctx.cookies.set('last_seen', String(Date.now()), { httpOnly: false, sameSite: 'lax' });
});

export async function POST(request: Request) {
  const session = await createSession(await request.json());
  // ruleid: defaults/insecure-cookie
  cookies().set('session', session.id, { path: '/' });
  // ok: defaults/insecure-cookie
  cookies().set({ name: 'session_v2', value: session.id, httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
  return new Response(null, { status: 204 });
}

export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const token = createToken(req.body);
  // ruleid: defaults/insecure-cookie
  res.setHeader('Set-Cookie', serialize('sf_session', token, { path: '/', maxAge: 604800, httpOnly: true }));
  // ok: defaults/insecure-cookie
  res.setHeader('Set-Cookie', serialize('sf_session', token, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' }));
  // ruleid: defaults/insecure-cookie
  res.setHeader('Set-Cookie', `auth_token=${token}; Path=/; HttpOnly`);
  // ok: defaults/insecure-cookie
  res.setHeader('Set-Cookie', `auth_token=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`);
  res.status(200).end();
}

declare function login(body: unknown): Promise<string>;
declare function createSession(body: unknown): Promise<{ id: string }>;
declare function createToken(body: unknown): string;
