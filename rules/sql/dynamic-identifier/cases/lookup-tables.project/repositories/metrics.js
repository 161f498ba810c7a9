import { pool } from '../db.js';
import { metricTable, yearTable } from '../lib/tables.js';

export async function readMetric(kind, since) {
  const table = metricTable(kind);
  if (!table) return [];
  // ok: sql/dynamic-identifier
  const [rows] = await pool.execute(`SELECT day, total FROM ${table} WHERE day >= ?`, [since]);
  return rows;
}

export async function readYear(year, type) {
  // ruleid: sql/dynamic-identifier
  const [rows] = await pool.query(`SELECT * FROM ${yearTable(year)} WHERE type = ?`, [type]);
  return rows;
}
