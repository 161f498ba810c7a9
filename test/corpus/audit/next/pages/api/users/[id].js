import bcrypt from 'bcryptjs';
import { getServerSession } from 'next-auth';
import { authOptions } from '../auth/[...nextauth]';
import { db } from '../../../lib/db';

export default async function handler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    // ruleid: audit/unlogged-access-denial
    return res.status(401).json({ error: 'Not signed in' });
  }
  if (req.method === 'DELETE') {
    if (session.user.role !== 'admin') {
      // ruleid: audit/unlogged-access-denial
      return res.status(403).json({ error: 'Admins only' });
    }
    await db.user.delete({ where: { id: req.query.id } });
    // ruleid: audit/console-instead-of-audit-log
    console.info(JSON.stringify({ event: 'user_deleted', actor: session.user.id, target: req.query.id }));
    return res.status(204).end();
  }
  if (req.method === 'GET') {
    const user = await db.user.findUnique({ where: { id: req.query.id } });
    if (!user) return res.status(404).json({ error: 'Not found' });
    return res.json({ id: user.id, name: user.name });
  }
  res.setHeader('Allow', 'GET, DELETE');
  res.status(405).end();
}
