// Admin endpoints of a Next.js API on Prisma.
import { PrismaClient, Prisma } from '@prisma/client';
import type { NextApiRequest, NextApiResponse } from 'next';

const prisma = new PrismaClient();

export async function findUsers(req: NextApiRequest, res: NextApiResponse) {
  const email = String(req.query.email);
  // ruleid: sql/string-built-query
  const users = await prisma.$queryRawUnsafe(`SELECT id, email FROM "User" WHERE email = '${email}'`);
  res.json(users);
}

export async function disable(req: NextApiRequest, res: NextApiResponse) {
  // ruleid: sql/string-built-query
  const count = await prisma.$executeRawUnsafe('UPDATE "User" SET active = false WHERE team = ' + req.body.team);
  res.json({ count });
}

export async function search(req: NextApiRequest, res: NextApiResponse) {
  // ruleid: sql/string-built-query
  const posts = await prisma.$queryRawUnsafe(`SELECT * FROM "Post" WHERE title ILIKE '%${req.query.q}%' AND published = true`);
  res.json(posts);
}

export async function safe(req: NextApiRequest, res: NextApiResponse) {
  // ok: sql/string-built-query
  const a = await prisma.$queryRaw`SELECT * FROM "User" WHERE email = ${req.query.email}`;
  // ok: sql/string-built-query
  const b = await prisma.$queryRawUnsafe('SELECT * FROM "User" WHERE id = $1', req.query.id);
  // ok: sql/string-built-query
  const c = await prisma.$queryRaw(Prisma.sql`SELECT * FROM "Post" WHERE id = ${req.query.post}`);
  res.json([a, b, c]);
}
