// Query helpers of an inventory service: most of this is safe and must stay quiet.
import mysql from 'mysql2';
import format from 'pg-format';
import SQL from 'sql-template-strings';
import { Pool } from 'pg';

const pool = new Pool();
const connection = mysql.createConnection({ host: 'db', user: 'inventory' });
const PAGE_SIZE = 50;
enum Table { Items = 'items', Stock = 'stock' }

export async function listItems(ids: number[], warehouse: string, page: string) {
  // ok: sql/string-built-query (placeholders numbered from a counter)
  const placeholders = ids.map((_, i) => '$' + (i + 1)).join(', ');
  // ok: sql/string-built-query
  const a = await pool.query(`SELECT * FROM ${Table.Items} WHERE id IN (${placeholders})`, ids);
  // ok: sql/string-built-query ('$' + params.length)
  const params: unknown[] = [warehouse];
  let where = 'warehouse = $1';
  params.push(page);
  where += ' AND page = $' + params.length;
  const b = await pool.query('SELECT * FROM stock WHERE ' + where, params);
  // ok: sql/string-built-query (numbers cannot carry SQL)
  const c = await pool.query(`SELECT * FROM items LIMIT ${PAGE_SIZE} OFFSET ${Number(page) * PAGE_SIZE}`);
  // ok: sql/string-built-query (a question mark per value)
  const d = connection.query(`SELECT * FROM items WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
  return [a, b, c, d];
}

export function escaped(name: string, column: string) {
  // ok: sql/string-built-query (mysql.escape quotes the value)
  connection.query('SELECT * FROM items WHERE name = ' + mysql.escape(name));
  // ok: sql/string-built-query (connection.escape and escapeId)
  connection.query(`SELECT ${connection.escapeId(column)} FROM items WHERE name = ${connection.escape(name)}`);
  // ok: sql/string-built-query (mysql.format binds the values)
  connection.query(mysql.format('SELECT * FROM items WHERE name = ?', [name]));
  // ok: sql/string-built-query (pg-format %L and %I quote)
  pool.query(format('SELECT * FROM %I WHERE name = %L', Table.Stock, name));
  // ruleid: sql/string-built-query (pg-format %s splices the text as written)
  pool.query(format('SELECT * FROM items WHERE name = %s', name));
  // ok: sql/string-built-query (sql-template-strings binds its values)
  pool.query(SQL`SELECT * FROM items WHERE name = ${name}`);
}

export function logging(id: string) {
  // ok: sql/string-built-query (a log line that mentions SELECT is not a query)
  console.log('SELECT on items failed for id ' + id);
  // ok: sql/string-built-query (an error message is not a query)
  throw new Error(`DELETE FROM items WHERE id = ${id} was refused`);
}
