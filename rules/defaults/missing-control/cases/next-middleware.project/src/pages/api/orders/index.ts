import type { NextApiRequest, NextApiResponse } from 'next';
import { db } from '@/lib/db';

// ok: defaults/missing-control — src/middleware.ts covers /api/orders too (:path* matches no segment)
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.json(await db.order.findMany());
}
