const REPORTS = new Map();

export async function lookupReport(name) {
  return REPORTS.get(name) ?? null;
}
