import { NextResponse } from 'next/server';
import { db } from '@/lib/db';

// ok: defaults/missing-control — outside the middleware's matcher, but not an admin or credential route
export async function GET() {
  return NextResponse.json(await db.product.findMany());
}
