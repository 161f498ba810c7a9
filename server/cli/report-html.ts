// The HTML report: one self-contained file that opens offline (no scripts, no external assets),
// for trainers and for publishing what was found, what was loosened and why.

import * as path from 'node:path';
import { categoryOf } from '../engine/rule';
import { FAMILIES } from '../engine/families';
import type { Category, Finding, Rule, Severity } from '../engine/types';
import { lineStartsOf, linesOf, positionOf } from './formats';
import { analysedCount, type ScanSummary } from '../host/scan';
import { CONTROL_LABELS, STATE_MARKS, missingCounts, routeRows } from '../config/route-table';
import { ROUTE_CONTROLS } from '../engine/types';
import { htmlInlineCode } from '../inline-code';

export interface ReportPosture {
  /** Rules turned off or below their default level, with the written reason. */
  loosenings: { ruleId: string; level: string; reason?: string; risk?: string }[];
  /** Findings suppressed in code, with the justification. */
  suppressions: { ruleId: string; file: string; line: number; reason: string }[];
  /** Knowledge declarations, ignores and baselines, with the reason and what each hid in this scan. */
  declared?: { what: string; where: string; reason: string; silenced: string }[];
}

const CATEGORIES: readonly { id: Category; label: string }[] = FAMILIES;
const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
const COLORS: Record<Severity, string> = { error: '#c62828', warning: '#ef6c00', info: '#1565c0' };

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Totals by category and severity as a stacked horizontal bar chart (inline SVG). */
function chart(findings: Finding[]): string {
  const counts = CATEGORIES.map((c) => ({
    ...c,
    bySeverity: SEVERITIES.map(
      (s) => findings.filter((f) => categoryOf({ id: f.ruleId } as Rule['meta']) === c.id && f.severity === s).length,
    ),
  }));
  const max = Math.max(1, ...counts.map((c) => c.bySeverity.reduce((a, b) => a + b, 0)));
  const rowHeight = 34,
    labelWidth = 170,
    barWidth = 460;
  const rows = counts
    .map((c, i) => {
      let x = labelWidth;
      const y = 10 + i * rowHeight;
      const bars = c.bySeverity
        .map((n, k) => {
          if (n === 0) return '';
          const w = Math.max(2, Math.round((n / max) * barWidth));
          const rect = `<rect class="bar bar-${SEVERITIES[k]}" x="${x}" y="${y}" width="${w}" height="22" fill="${COLORS[SEVERITIES[k]]}"><title>${n} ${SEVERITIES[k]}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const total = c.bySeverity.reduce((a, b) => a + b, 0);
      return `<text x="0" y="${y + 16}" class="label">${escapeHtml(c.label)}</text>${bars}<text x="${x + 6}" y="${y + 16}" class="count">${total}</text>`;
    })
    .join('');
  const legend = SEVERITIES.map(
    (s, k) =>
      `<rect x="${labelWidth + k * 110}" y="${10 + CATEGORIES.length * rowHeight}" width="12" height="12" fill="${COLORS[s]}"/><text x="${labelWidth + 18 + k * 110}" y="${21 + CATEGORIES.length * rowHeight}" class="legend">${s}</text>`,
  ).join('');
  const height = 40 + CATEGORIES.length * rowHeight;
  return `<svg id="chart" role="img" aria-label="Findings by category and severity" width="${labelWidth + barWidth + 60}" height="${height}" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}">${rows}${legend}</svg>`;
}

export interface HtmlReportOptions {
  base: string;
  rules: readonly Rule[];
  version: string;
  /** Replaces what a finding covers in the excerpt (secrets must never be printed). */
  maskFinding?: (finding: Finding, text: string) => string;
  posture?: ReportPosture;
  generatedAt?: Date;
}

export function formatHtml(summary: ScanSummary, options: HtmlReportOptions): string {
  const all = summary.files.flatMap((file) => file.findings.map((finding) => ({ file, finding })));
  const rel = (p: string): string => path.relative(options.base, p).split(path.sep).join('/') || path.basename(p);
  const byRule = new Map<string, typeof all>();
  for (const entry of all) byRule.set(entry.finding.ruleId, [...(byRule.get(entry.finding.ruleId) ?? []), entry]);

  const ruleSections = [...byRule]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([ruleId, entries]) => {
      const meta = options.rules.find((r) => r.meta.id === ruleId)?.meta;
      const items = entries
        .map(({ file, finding }) => {
          const text = file.text ?? '';
          const starts = lineStartsOf(text);
          const start = positionOf(starts, finding.span.start);
          const lines = linesOf(text);
          const from = Math.max(1, start.line - 1),
            to = Math.min(lines.length, positionOf(starts, finding.span.end).line + 1);
          // Mask the finding's own text in the excerpt first (offsets are into the original text).
          const masked = options.maskFinding ? options.maskFinding(finding, text) : text;
          const excerpt = linesOf(masked)
            .slice(from - 1, to)
            .map((l, i) => {
              const n = from + i;
              return `<span class="ln${n === start.line ? ' hit' : ''}">${String(n).padStart(5)} | ${escapeHtml(l.length > 240 ? l.slice(0, 240) + '…' : l)}</span>`;
            })
            .join('\n');
          return (
            `<li class="finding sev-${finding.severity}"><div class="where">${escapeHtml(rel(file.path))}:${start.line}:${start.column} <span class="sev">${finding.severity}</span></div>` +
            `<p>${htmlInlineCode(escapeHtml(finding.message))}</p><pre>${excerpt}</pre></li>`
          );
        })
        .join('');
      return (
        `<section class="rule"><h3 id="${escapeHtml(ruleId)}">${escapeHtml(ruleId)} — ${escapeHtml(meta?.title ?? '')} <small>${escapeHtml((meta?.cwe ?? []).join(', '))} · ${entries.length}</small></h3>` +
        `<p class="summary">${escapeHtml(meta?.summary ?? '')}</p><ol>${items}</ol></section>`
      );
    })
    .join('');

  const posture = options.posture;
  const loosenings = posture?.loosenings.length
    ? `<table><tr><th>Rule</th><th>Level or option</th><th>Reason given</th><th>Risk accepted</th></tr>${posture.loosenings.map((l) => `<tr><td>${escapeHtml(l.ruleId)}</td><td>${escapeHtml(l.level)}</td><td>${escapeHtml(l.reason ?? '(none)')}</td><td>${escapeHtml(l.risk ?? '')}</td></tr>`).join('')}</table>`
    : '<p>No rule is loosened: every rule runs at its secure default.</p>';
  const declared = posture?.declared?.length
    ? `<table><tr><th>Declared</th><th>Where</th><th>Reason given</th><th>Silenced in this scan</th></tr>${posture.declared.map((d) => `<tr><td>${escapeHtml(d.what)}</td><td>${escapeHtml(d.where)}</td><td>${escapeHtml(d.reason || '(none)')}</td><td>${escapeHtml(d.silenced)}</td></tr>`).join('')}</table>`
    : '<p>Nothing declared: no sanitizer, tagged template, audit logger, secret name, ignore or baseline is trusted.</p>';
  const suppressions = posture?.suppressions.length
    ? `<table><tr><th>Rule</th><th>Where</th><th>Justification</th></tr>${posture.suppressions.map((s) => `<tr><td>${escapeHtml(s.ruleId)}</td><td>${escapeHtml(s.file)}:${s.line}</td><td>${escapeHtml(s.reason)}</td></tr>`).join('')}</table>`
    : '<p>No finding is suppressed in code.</p>';
  // The seatbelt table: every route and its controls.
  const routes = routeRows(summary.files, options.base);
  const missing = missingCounts(routes);
  const STATE_NAMES = { present: 'present', missing: 'missing', 'n/a': 'not applicable' } as const;
  const routeTable = routes.length
    ? `<p>${routes.length} route${routes.length === 1 ? '' : 's'}; ✓ present, ✗ missing where it applies, · not applicable.${
        ROUTE_CONTROLS.some((c) => missing[c])
          ? ` Missing: ${ROUTE_CONTROLS.filter((c) => missing[c])
              .map((c) => `${missing[c]} ${escapeHtml(CONTROL_LABELS[c])}`)
              .join(', ')}.`
          : ''
      }</p>` +
      `<table id="route-controls"><tr><th>Route</th><th>Where</th>${ROUTE_CONTROLS.map((c) => `<th>${escapeHtml(CONTROL_LABELS[c])}</th>`).join('')}</tr>` +
      routes
        .map(
          (r) =>
            `<tr><td>${escapeHtml(`${r.method} ${r.path ?? '(path not constant)'}`)}</td><td class="where">${escapeHtml(`${r.file}:${r.line}`)}</td>` +
            ROUTE_CONTROLS.map(
              (c) =>
                `<td class="ctl ctl-${r.controls[c] === 'n/a' ? 'na' : r.controls[c]}" title="${escapeHtml(`${CONTROL_LABELS[c]}: ${STATE_NAMES[r.controls[c]]}${r.evidence[c] ? ` (${r.evidence[c]})` : ''}`)}">${STATE_MARKS[r.controls[c]]}</td>`,
            ).join('') +
            '</tr>',
        )
        .join('') +
      '</table>'
    : '<p>No routes found.</p>';
  const totals = SEVERITIES.map((s) => `${all.filter((e) => e.finding.severity === s).length} ${s}`).join(', ');
  const skipped = summary.skipped.length
    ? `<ul>${summary.skipped.map((s) => `<li>${escapeHtml(rel(s.path))}: ${escapeHtml(s.reason)}</li>`).join('')}</ul>`
    : '<p>None.</p>';
  // What the walk could not know (a git index it could not read).
  const scanNotes = (summary.notes ?? []).map((n) => `<p class="note">Note: ${escapeHtml(n)}</p>`).join('');

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Paved Road report</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#1b1b1b;padding:0 1rem}
h1{margin-bottom:.2rem} .meta{color:#555} pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:13px}
.hit{background:#ffe9e9;display:inline-block;width:100%} .finding{margin-bottom:1rem} .where{font-family:monospace}
.sev{font-weight:600;text-transform:uppercase;font-size:12px} .sev-error .sev{color:${COLORS.error}} .sev-warning .sev{color:${COLORS.warning}} .sev-info .sev{color:${COLORS.info}}
table{border-collapse:collapse;width:100%} td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
svg text{font:13px system-ui,sans-serif} .ctl{text-align:center} .ctl-missing{color:#c62828;font-weight:700} .ctl-present{color:#2e7d32} .ctl-na{color:#999} small{color:#555;font-weight:normal}
</style></head><body>
<h1>Paved Road report</h1>
<p class="meta">${analysedCount(summary)} files scanned, ${summary.skipped.length} skipped, ${summary.lines} lines · ${all.length} findings (${totals}) · paved-road ${escapeHtml(options.version)} · ${escapeHtml((options.generatedAt ?? new Date()).toISOString())}</p>
<h2>Findings by category</h2>
${chart(all.map((e) => e.finding))}
<h2>Loosened rules</h2>
${loosenings}
<h2>Declared loosenings</h2>
${declared}
<h2>Suppressions</h2>
${suppressions}
<h2>Security controls per route</h2>
${routeTable}
<h2>Findings by rule</h2>
${ruleSections || '<p>No findings.</p>'}
<h2>Skipped files</h2>
${skipped}${scanNotes}
</body></html>
`;
}
