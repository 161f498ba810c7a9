// Table names for the metric reports: chosen from a constant table, or built from a year.
const METRIC_TABLES = { visits: 'metric_visits', orders: 'metric_orders' };

export function metricTable(kind) {
  return METRIC_TABLES[kind] ?? null;
}

export function yearTable(year) {
  return 'events_' + year;
}
