// Output formats of the CLI: text for people, JSON for scripts, SARIF 2.1.0 for code scanning.

import { routeRows } from '../config/route-table';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDoc, ruleDocUri } from '../docs';
import { fileSecretSpans, maskSpans, redactSecrets } from '../engine/mask';
import { coverageRules, isCoverageRule } from '../engine/coverage';
import type { Finding, Rule } from '../engine/types';
import { analysedCount, type ScanSummary, type ScannedFile } from '../host/scan';
import { looseningWhat, type Posture } from '../config/posture';

export interface Position {
  line: number;
  column: number;
}

/** 1-based line and column of an offset. */
export function positionOf(lineStarts: number[], offset: number): Position {
  let lo = 0,
    hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

/** Where each line starts: LF, CRLF and a lone CR each end a line (as editors and the LSP count them). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** The lines of a text, split where `lineStartsOf` splits (CR-only files included). */
export const linesOf = (text: string): string[] => text.split(/\r\n|\r|\n/);

function rel(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join('/') || path.basename(file);
}

export function formatText(summary: ScanSummary, base: string, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  for (const file of summary.files) {
    if (!file.findings.length) continue;
    const starts = lineStartsOf(file.text ?? '');
    const lines = linesOf(file.text ?? '');
    const secrets = fileSecretSpans(file);
    for (const f of file.findings) {
      const p = positionOf(starts, f.span.start);
      const sev =
        f.severity === 'error'
          ? paint('31', 'error  ')
          : f.severity === 'warning'
            ? paint('33', 'warning')
            : paint('36', 'info   ');
      out.push(`${rel(base, file.path)}:${p.line}:${p.column}  ${sev}  ${f.ruleId}  ${redactSecrets(f.message)}`);
      if (isCoverageRule(f.ruleId)) continue; // about the whole file: no frame
      // Never echo a secret: the frame masks every secret span on the line (widths follow the mask).
      const raw = lines[p.line - 1] ?? '';
      const lineStart = starts[p.line - 1] ?? 0;
      const source = maskSpans(raw, secrets, lineStart);
      const column = maskSpans(raw.slice(0, p.column - 1), secrets, lineStart).length + 1;
      const end = positionOf(starts, f.span.end);
      const endColumn =
        end.line === p.line
          ? maskSpans(raw.slice(0, end.column - 1), secrets, lineStart).length + 1
          : source.length + 1;
      const width = Math.max(1, endColumn - column);
      const gutter = String(p.line).padStart(5);
      out.push(`${gutter} | ${source.length > 200 ? source.slice(0, 200) + '…' : source}`);
      out.push(`      | ${' '.repeat(column - 1)}${paint('31', '^'.repeat(Math.min(width, 120)))}`);
    }
  }
  for (const file of summary.files) {
    const starts = n0(file) ? lineStartsOf(file.text ?? '') : [];
    for (const n of file.notes) {
      if (n.kind === 'rule-error') continue;
      const at = n.span && file.text !== undefined ? `:${positionOf(starts, n.span.start).line}` : '';
      out.push(`${rel(base, file.path)}${at}: note: ${redactSecrets(n.message)}`);
    }
  }
  for (const s of summary.skipped) out.push(`${rel(base, s.path)}: skipped: ${s.reason}`);
  for (const n of summary.notes ?? []) out.push(`note: ${n}`);
  return out.join('\n');
}

function n0(file: ScannedFile): boolean {
  return file.notes.some((n) => n.span);
}

/** The rule ids and files of rules that crashed: the run failed (exit 2, SARIF executionSuccessful false). */
export function analysisErrors(summary: ScanSummary): { file: string; ruleId?: string }[] {
  return summary.files.flatMap((f) =>
    f.notes.filter((n) => n.kind === 'rule-error').map((n) => ({ file: f.path, ruleId: n.ruleId })),
  );
}

export function summaryLine(summary: ScanSummary): string {
  const all = summary.files.flatMap((f) => f.findings);
  const count = (s: string): number => all.filter((f) => f.severity === s).length;
  const seconds = Math.max(summary.ms, 1) / 1000;
  const crashed = analysisErrors(summary).length;
  return (
    `${analysedCount(summary)} files scanned, ${summary.skipped.length} skipped, ${summary.lines} lines; ` +
    `${all.length} findings (${count('error')} errors, ${count('warning')} warnings, ${count('info')} info) ` +
    `in ${Math.round(summary.ms)} ms — ${Math.round(analysedCount(summary) / seconds)} files/s, ${Math.round(summary.lines / seconds)} lines/s` +
    postureTail(summary) +
    (crashed
      ? `; ANALYSIS FAILED: ${crashed} rule crash${crashed === 1 ? '' : 'es'} (see paved-road/analysis-error)`
      : '')
  );
}

/** Findings the team's knowledge declarations hid in this scan (ignores and baselines are counted apart). */
function knowledgeHidden(summary: ScanSummary): number {
  return Object.entries(summary.silenced ?? {}).reduce(
    (n, [key, count]) => n + (/^(?:ignore|baseline):/.test(key) ? 0 : count),
    0,
  );
}

/** Loosened state is never silent: suppressed, baselined and ignored counts end the summary line. */
function postureTail(summary: ScanSummary): string {
  const suppressed = summary.files.reduce((n, f) => n + (f.suppressed?.length ?? 0), 0);
  const baselined = summary.files.reduce((n, f) => n + (f.baselined?.length ?? 0), 0);
  const parts = [
    ...(suppressed ? [`${suppressed} suppressed in code`] : []),
    ...(baselined ? [`${baselined} in the baseline`] : []),
    ...(summary.ignored ? [`${summary.ignored} files ignored by config`] : []),
    ...(knowledgeHidden(summary)
      ? [`${knowledgeHidden(summary)} hidden by the team's declared sanitizers, loggers or secret names (see posture)`]
      : []),
  ];
  return parts.length ? `; not reported: ${parts.join(', ')}` : '';
}

/** Every loosening with its reason and what it hid in this scan, as the JSON and SARIF outputs carry it. */
function looseningsOf(posture: Posture | undefined, base: string): Record<string, unknown>[] {
  if (!posture) return [];
  const where = (file: string, line: number): string =>
    `${file.startsWith('(') || file.startsWith('paved-road:') ? file : rel(base, file)}${line ? `:${line}` : ''}`;
  return [
    ...posture.loosenings.map((l) => ({
      kind: l.option ? 'rule-option' : 'rule-level',
      what: looseningWhat(l),
      ruleId: l.ruleId,
      ...(l.option ? { option: l.option.path, value: l.option.value, default: l.option.default } : {}),
      reason: l.reason,
      where: where(l.file, l.line),
    })),
    ...posture.declared.map((d) => ({
      kind: d.kind,
      what: d.what,
      reason: d.reason,
      where: where(d.file, d.line),
      ...(d.kind === 'ignore' ? { filesLeftOut: d.silenced } : { findingsSilenced: d.silenced }),
    })),
  ];
}

export function formatJson(summary: ScanSummary, base: string, posture?: Posture): string {
  return JSON.stringify(
    {
      files: summary.files
        .filter((f) => f.findings.length || f.notes.length || f.suppressed?.length || f.baselined?.length)
        .map((f) => {
          const starts = lineStartsOf(f.text ?? '');
          return {
            path: rel(base, f.path),
            findings: f.findings.map((x) =>
              relativeSteps(
                { ...redactFinding(x), start: positionOf(starts, x.span.start), end: positionOf(starts, x.span.end) },
                base,
              ),
            ),
            notes: f.notes.map((n) => ({ ...n, message: redactSecrets(n.message) })),
            ...(f.suppressed?.length
              ? {
                  suppressions: f.suppressed.map((x) => ({
                    ...redactFinding(x.finding),
                    start: positionOf(starts, x.finding.span.start),
                    end: positionOf(starts, x.finding.span.end),
                    suppression: {
                      kind: x.suppression.kind,
                      line: x.suppression.line,
                      justification: x.suppression.reason,
                    },
                  })),
                }
              : {}),
            ...(f.baselined?.length ? { baselined: f.baselined.length } : {}),
          };
        }),
      skipped: summary.skipped.map((s) => ({ path: rel(base, s.path), reason: s.reason })),
      ...(summary.notes?.length ? { notes: summary.notes } : {}),
      ...(posture ? { loosenings: looseningsOf(posture, base) } : {}),
      ...(routeRows(summary.files, base).length ? { routes: routeRows(summary.files, base) } : {}),
      summary: {
        files: analysedCount(summary),
        analysisErrors: analysisErrors(summary).length,
        skipped: summary.skipped.length,
        lines: summary.lines,
        findings: summary.files.reduce((n, f) => n + f.findings.length, 0),
        suppressed: summary.files.reduce((n, f) => n + (f.suppressed?.length ?? 0), 0),
        baselined: summary.files.reduce((n, f) => n + (f.baselined?.length ?? 0), 0),
        ignored: summary.ignored ?? 0,
        ms: Math.round(summary.ms),
        ...(summary.parser ? { parser: summary.parser } : {}),
      },
    },
    null,
    2,
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(
  summary: ScanSummary,
  base: string,
  analysisRules: readonly Rule[],
  version: string,
  posture?: Posture,
): string {
  const rules = [...analysisRules, ...coverageRules.filter((c) => !analysisRules.includes(c))];
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const region = (file: ScannedFile, starts: number[], span: Finding['span']) => {
    const s = positionOf(starts, span.start),
      e = positionOf(starts, span.end);
    return {
      startLine: s.line,
      startColumn: s.column,
      endLine: e.line,
      endColumn: e.column,
      charOffset: span.start,
      charLength: span.end - span.start,
    };
  };
  const location = (file: ScannedFile, starts: number[], span: Finding['span'], message?: string) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(rel(base, file.path)), uriBaseId: 'SRCROOT' },
      region: region(file, starts, span),
    },
    ...(message ? { message: { text: message } } : {}),
  });
  const results = summary.files.flatMap((file) => {
    const starts = lineStartsOf(file.text ?? '');
    // Suppressed and baselined findings stay in the log with SARIF `suppressions`, so reviewers
    // (and code scanning) see them and their justification.
    const entries: { f: Finding; suppression?: Record<string, unknown> }[] = [
      ...file.findings.map((f) => ({ f })),
      ...(file.suppressed ?? []).map((s) => ({
        f: s.finding,
        suppression: {
          kind: 'inSource',
          status: 'accepted',
          justification: s.suppression.reason,
          location: location(file, starts, s.suppression.span),
        },
      })),
      ...(file.baselined ?? []).map((f) => ({
        f,
        suppression: {
          kind: 'external',
          status: 'accepted',
          justification: 'an existing finding recorded in the baseline',
        },
      })),
    ];
    return entries
      .map(({ f: raw, suppression }) => ({ f: redactFinding(raw), suppression }))
      .map(({ f, suppression }) => {
        // Only a reported finding's verified edits are `fixes`, each with its kind; guidance (no edit,
        // or an edit verification refused) goes in the result's properties with its reason.
        const edits = suppression
          ? []
          : (f.fixes ?? []).filter((fix) => fix.kind !== 'guidance' && fix.edits.some((e) => !e.file));
        const guidance = suppression ? [] : (f.fixes ?? []).filter((fix) => fix.kind === 'guidance');
        return {
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(file, starts, f.span)],
          properties: {
            confidence: f.confidence,
            ...(guidance.length ? { guidance: guidance.map((g) => ({ title: g.title, reason: g.reason })) } : {}),
          },
          ...(suppression ? { suppressions: [suppression] } : {}),
          ...(f.steps?.length
            ? {
                // A step in another module (issue 23) carries that file and its own line/column there.
                codeFlows: [
                  {
                    threadFlows: [
                      {
                        locations: f.steps.map((s) => ({
                          location:
                            s.file && s.range
                              ? {
                                  physicalLocation: {
                                    artifactLocation: { uri: encodeURI(rel(base, s.file)), uriBaseId: 'SRCROOT' },
                                    region: {
                                      startLine: s.range.line + 1,
                                      startColumn: s.range.column + 1,
                                      endLine: s.range.endLine + 1,
                                      endColumn: s.range.endColumn + 1,
                                      charOffset: s.span.start,
                                      charLength: s.span.end - s.span.start,
                                    },
                                  },
                                  message: { text: s.message },
                                }
                              : location(file, starts, s.span, s.message),
                        })),
                      },
                    ],
                  },
                ],
              }
            : {}),
          ...(edits.length
            ? {
                fixes: edits.map((fix) => ({
                  description: { text: fix.changes ? `${fix.title} (changes behaviour: ${fix.changes})` : fix.title },
                  artifactChanges: [
                    {
                      artifactLocation: { uri: encodeURI(rel(base, file.path)), uriBaseId: 'SRCROOT' },
                      replacements: fix.edits
                        .filter((e) => !e.file)
                        .map((e) => ({
                          deletedRegion: { charOffset: e.span.start, charLength: e.span.end - e.span.start },
                          insertedContent: { text: e.newText },
                        })),
                    },
                  ],
                  properties: { kind: fix.kind },
                })),
              }
            : {}),
        };
      });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'paved-road',
            informationUri: 'https://www.cisa.gov/securebydesign',
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: r.meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) =>
                c ? c.toUpperCase() : '',
              ),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.summary },
              ...(isCoverageRule(r.meta.id) ? {} : { helpUri: ruleDocUri(r.meta.id) }),
              help: { text: r.meta.summary, markdown: ruleDoc(r.meta.id) ?? r.meta.summary },
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity] },
              properties: {
                tags: ['security', ...r.meta.cwe.map((c) => `external/cwe/${c.toLowerCase()}`)],
                precision: r.meta.confidence === 'high' ? 'high' : r.meta.confidence === 'medium' ? 'medium' : 'low',
                'security-severity':
                  r.meta.severity === 'error' ? '8.0' : r.meta.severity === 'warning' ? '5.0' : '2.0',
                ssdf: r.meta.ssdf,
              },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(base + path.sep).href } },
        results,
        // The seatbelt table: every route and its security controls (present / missing / n/a).
        properties: { routeControls: routeRows(summary.files, base) },
        invocations: [
          {
            // A crashed rule fails the run: CI must not read it as a clean scan.
            executionSuccessful: analysisErrors(summary).length === 0,
            // Every loosening of the secure defaults, with its reason and what it hid in this scan.
            toolConfigurationNotifications: looseningsOf(posture, base).map((l) => ({
              level: 'note',
              descriptor: { id: `loosening/${String(l.kind)}` },
              message: {
                text: redactSecrets(
                  `loosened: ${String(l.what)} (${String(l.where)}); reason: ${String(l.reason) || '(none given)'}${'findingsSilenced' in l ? `; silenced ${String(l.findingsSilenced)} finding(s) in this scan` : 'filesLeftOut' in l ? `; left out ${String(l.filesLeftOut)} file(s) in this scan` : ''}`,
                ),
              },
              properties: l,
            })),
            toolExecutionNotifications: [
              ...(summary.notes ?? []).map((text) => ({ level: 'warning', message: { text } })),
              ...summary.skipped.map((s) => ({
                level: 'note',
                message: { text: `skipped: ${s.reason}` },
                locations: [
                  {
                    physicalLocation: { artifactLocation: { uri: encodeURI(rel(base, s.path)), uriBaseId: 'SRCROOT' } },
                  },
                ],
              })),
              // A crashed rule is an error of the tool, a rule stopped by its time budget a warning: a
              // CI reader must see that a file was not fully analysed.
              ...summary.files.flatMap((f) =>
                f.notes
                  .filter((n) => n.kind === 'rule-error' || (n.kind === 'skipped' && n.ruleId))
                  .map((n) => ({
                    level: n.kind === 'rule-error' ? 'error' : 'warning',
                    message: { text: n.kind === 'rule-error' ? n.message.split('\n')[0] : n.message },
                    locations: [
                      {
                        physicalLocation: {
                          artifactLocation: { uri: encodeURI(rel(base, f.path)), uriBaseId: 'SRCROOT' },
                        },
                      },
                    ],
                    ...(n.ruleId ? { associatedRule: { id: n.ruleId } } : {}),
                  })),
              ),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** A step in another file (issue 23) names it relative to the scan's base, as `path` does. */
function relativeSteps<T extends Finding>(f: T, base: string): T {
  return f.steps?.some((s) => s.file)
    ? { ...f, steps: f.steps.map((s) => (s.file ? { ...s, file: rel(base, s.file) } : s)) }
    : f;
}

/** A finding's free text (message, steps, fix titles and inserted text) with any known-format token masked. */
function redactFinding(f: Finding): Finding {
  return {
    ...f,
    message: redactSecrets(f.message),
    ...(f.steps ? { steps: f.steps.map((s) => ({ ...s, message: redactSecrets(s.message) })) } : {}),
    ...(f.fixes
      ? {
          fixes: f.fixes.map((x) => ({
            ...x,
            title: redactSecrets(x.title),
            ...(x.reason ? { reason: redactSecrets(x.reason) } : {}),
            edits: x.edits.map((e) => ({ ...e, newText: redactSecrets(e.newText) })),
          })),
        }
      : {}),
  };
}
