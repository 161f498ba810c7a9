// Two places where the placeholder style comes from the code around the query.
import pgPromise from 'pg-promise';
import { DataSource } from 'typeorm';

const pgp = pgPromise();
const db = pgp(process.env.DATABASE_URL!);
export const dataSource = new DataSource({ type: 'mysql', url: process.env.MYSQL_URL });

export async function invoicesFor(customer: string) {
  // ruleid: sql/string-built-query
  return db.any(`SELECT * FROM invoices WHERE customer = $2 AND year = $1`, [2024, customer]);
}

export async function safeInvoices(customer: string) {
  // ok: sql/string-built-query
  return db.any('SELECT * FROM invoices WHERE customer = $1', [customer]);
}

export async function eventsSince(since: string) {
  // ruleid: sql/string-built-query (a mysql DataSource: `?` placeholders)
  return dataSource.query('SELECT * FROM events WHERE created_at > ?', [since]);
}
