import { NextRequest, NextResponse } from 'next/server';
import { compare } from 'bcryptjs';
import { jwtVerify } from 'jose';
import { cookies } from 'next/headers';
import { audit } from '@/lib/audit';
import { prisma } from '@/lib/prisma';

const secret = new TextEncoder().encode(process.env.SESSION_SECRET);

async function currentUser(request: NextRequest) {
  const token = request.cookies.get('session')?.value;
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret);
    return payload as { sub: string; role: string };
  } catch {
    return null;
  }
}

export async function POST(request: NextRequest) {
  const { email, password } = await request.json();
  const user = await prisma.user.findUnique({ where: { email } });
  // ruleid: audit/unlogged-authentication
  if (!user || !(await compare(password, user.passwordHash))) {
    return NextResponse.json({ error: 'Invalid login' }, { status: 401 });
  }
  cookies().set('session', await createSession(user.id), { httpOnly: true, secure: true });
  return NextResponse.json({ ok: true });
}

export async function DELETE(request: NextRequest) {
  const me = await currentUser(request);
  if (me?.role !== 'admin') {
    await audit('authz_fail', { actor: me?.sub ?? null, resource: request.nextUrl.pathname });
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 });
  }
  const { id } = await request.json();
  await prisma.user.delete({ where: { id } });
  await audit('user_deleted', { actor: me.sub, target: id });
  return new NextResponse(null, { status: 204 });
}

export async function GET(request: NextRequest) {
  const me = await currentUser(request);
  if (!me) {
    // ruleid: audit/unlogged-access-denial
    return new Response('Unauthorized', { status: 401 });
  }
  const posts = await prisma.post.findMany({ where: { authorId: me.sub } });
  return NextResponse.json(posts);
}

declare function createSession(id: string): Promise<string>;
