// The seatbelt table as the front doors show it: every route of a scan with its security controls
// (rules/defaults/shared/controls.ts computes them per file). One model and one text form, shared
// by `paved-road posture`, the scan's JSON and SARIF (run properties) and the HTML report.

import * as path from 'node:path';
import { ROUTE_CONTROLS, type RouteControlName, type RouteControlState, type RouteControls } from '../engine/types';
import { markdownCode, markdownText } from './markdown';

/** One route: where it is registered (file relative to the scan's base, 1-based line) and its controls. */
export type RouteRow = Omit<RouteControls, 'span'> & { file: string; line: number };

export const CONTROL_LABELS: Record<RouteControlName, string> = {
  authentication: 'authn',
  authorization: 'authz',
  inputValidation: 'validation',
  rateLimit: 'rate limit',
  auditEvent: 'audit',
  mfa: 'MFA',
};

export const STATE_MARKS: Record<RouteControlState, string> = { present: '✓', missing: '✗', 'n/a': '·' };

/** The rows of every scanned file (paths made relative to `base`), in path and line order. */
export function routeRows(
  files: readonly { path: string; routes?: readonly (Omit<RouteControls, 'span'> & { line: number })[] }[],
  base: string,
): RouteRow[] {
  const rows: RouteRow[] = [];
  for (const f of files) {
    const file = path.isAbsolute(f.path)
      ? path.relative(base, f.path).split(path.sep).join('/') || path.basename(f.path)
      : f.path;
    for (const r of f.routes ?? []) rows.push({ ...r, file });
  }
  return rows.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** How many routes miss each control where it applies. */
export function missingCounts(rows: readonly RouteRow[]): Record<RouteControlName, number> {
  const out = Object.fromEntries(ROUTE_CONTROLS.map((c) => [c, 0])) as Record<RouteControlName, number>;
  for (const r of rows) for (const c of ROUTE_CONTROLS) if (r.controls[c] === 'missing') out[c]++;
  return out;
}

const routeName = (r: RouteRow): string => `${r.method} ${r.path ?? '(path not constant)'}`;

/** A fixed-width text table: ✓ present, ✗ missing, · not applicable. */
export function formatRouteTableText(rows: readonly RouteRow[]): string {
  if (!rows.length) return 'Security controls per route: no routes found.';
  const header = ['route', 'where', ...ROUTE_CONTROLS.map((c) => CONTROL_LABELS[c])];
  const body = rows.map((r) => [
    routeName(r),
    `${r.file}:${r.line}`,
    ...ROUTE_CONTROLS.map((c) => STATE_MARKS[r.controls[c]]),
  ]);
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (c.length > widths[i] ? c.slice(0, widths[i] - 1) + '…' : c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const missing = missingCounts(rows);
  const gaps = ROUTE_CONTROLS.filter((c) => missing[c]).map((c) => `${missing[c]} without ${CONTROL_LABELS[c]}`);
  return [
    `Security controls per route (${rows.length} route${rows.length === 1 ? '' : 's'}; ✓ present, ✗ missing where it applies, · not applicable)${gaps.length ? `: ${gaps.join(', ')}` : ''}:`,
    `  ${line(header)}`,
    ...body.map((b) => `  ${line(b)}`),
  ].join('\n');
}

/** The same table in markdown (every repository-supplied string escaped). */
export function formatRouteTableMarkdown(rows: readonly RouteRow[]): string {
  if (!rows.length) return 'No routes found.';
  const out = [
    `| Route | Where | ${ROUTE_CONTROLS.map((c) => CONTROL_LABELS[c]).join(' | ')} |`,
    `| --- | --- | ${ROUTE_CONTROLS.map(() => '---').join(' | ')} |`,
  ];
  for (const r of rows)
    out.push(
      `| ${markdownText(routeName(r))} | ${markdownCode(`${r.file}:${r.line}`)} | ${ROUTE_CONTROLS.map((c) => STATE_MARKS[r.controls[c]]).join(' | ')} |`,
    );
  return out.join('\n');
}

/** One line per route for an editor lens: `authn ✓ · authz ✗ · …` (not-applicable controls left out). */
export function routeLensTitle(r: Pick<RouteControls, 'controls'>): string {
  const parts = ROUTE_CONTROLS.filter((c) => r.controls[c] !== 'n/a').map(
    (c) => `${CONTROL_LABELS[c]} ${STATE_MARKS[r.controls[c]]}`,
  );
  return parts.length ? `Controls: ${parts.join('  ')}` : 'Controls: none apply (public route)';
}
