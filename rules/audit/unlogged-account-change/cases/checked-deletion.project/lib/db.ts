import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function query(text: string, values: unknown[] = []) {
  return pool.query(text, values);
}
