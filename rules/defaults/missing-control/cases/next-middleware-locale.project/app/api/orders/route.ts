import { NextResponse } from 'next/server';
import { db } from '../../../lib/db';

// ok: defaults/missing-control — not an admin or credential route (the table still shows authentication missing)
export async function GET() {
  return NextResponse.json(await db.order.findMany());
}
