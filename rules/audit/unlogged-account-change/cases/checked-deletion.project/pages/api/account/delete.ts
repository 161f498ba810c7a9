import type { NextApiRequest, NextApiResponse } from 'next';
import { deleteAccount } from '@/lib/accounts';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  const userId = Number(req.headers['x-user-id']);
  // ok: audit/unlogged-account-change (lib/accounts.ts decides the deletion and is reported there)
  const ok = await deleteAccount(userId, String(req.body?.password ?? ''));
  if (!ok) return res.status(400).json({ error: 'Wrong password' });
  res.status(204).end();
}
