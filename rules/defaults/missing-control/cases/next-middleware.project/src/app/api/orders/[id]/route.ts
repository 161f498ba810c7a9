import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

// ok: defaults/missing-control — src/middleware.ts signs the caller in on /api/orders/:path*
export async function GET(request: Request, { params }: { params: { id: string } }) {
  return NextResponse.json(await db.order.findUnique({ where: { id: params.id } }));
}
