import type { NextApiRequest, NextApiResponse } from 'next';
import { removeUser } from '@/lib/accounts';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== 'POST') return res.status(405).end();
  // ruleid: audit/unlogged-account-change
  await removeUser(Number(req.body.id));
  res.status(204).end();
}
