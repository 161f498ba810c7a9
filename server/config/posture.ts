// The security posture (the seatbelt chime): findings, and every way the secure defaults were
// loosened — rules turned off or down (with the reason given and the risk the rule's README says
// that accepts), findings suppressed in code (with their justification), findings hidden by a
// baseline, ignored paths, and broken configs. The CLI prints it; the editor shows it.

import * as path from 'node:path';
import { ruleDocSection } from '../docs';
import type { Finding, Severity } from '../engine/types';
import type { SuppressedFinding } from '../engine/suppressions';
import { MANY_KEY } from '../engine/loosened';
import type { ConfigProblem, DeclaredLoosening, Loosening, Policy } from './load';
import { formatProblem } from './load';
import { markdownCode, markdownText } from './markdown';
import { type RouteRow, formatRouteTableMarkdown, formatRouteTableText } from './route-table';

export interface PostureSuppression {
  ruleId: string;
  file: string;
  line: number;
  reason: string;
  kind: 'next-line' | 'file';
}

/** A declared loosening (knowledge, ignore, baseline) with what it hid in this scan. */
export type PostureDeclared = Omit<DeclaredLoosening, 'key'> & {
  /** Findings it hid in this scan (for an ignore: files it left out). */
  silenced: number;
};

export interface Posture {
  findings: Record<Severity, number> & { total: number };
  loosenings: (Loosening & { risk: string })[];
  /** Knowledge declarations, ignores and baselines, each with its reason and what it silenced. */
  declared: PostureDeclared[];
  suppressions: PostureSuppression[];
  baselined: number;
  ignores: { config: string; patterns: string[] }[];
  configs: string[];
  configErrors: ConfigProblem[];
  /** Every route of the scan and its security controls (the seatbelt table); absent when none was found. */
  routes?: RouteRow[];
}

export interface PostureInput {
  policies: readonly Policy[];
  findings: readonly Finding[];
  suppressed: readonly (SuppressedFinding & { file: string })[];
  baselined: number;
  /** Loosenings that come from outside config files (command line, editor settings). */
  extraLoosenings?: readonly Loosening[];
  /** Per loosening key, what it hid in this scan (ScanSummary.silenced). */
  silenced?: Readonly<Record<string, number>>;
  /** Declared loosenings from outside config files (a `--baseline` on the command line). */
  extraDeclared?: readonly DeclaredLoosening[];
  /** The routes of the scan with their controls. */
  routes?: readonly RouteRow[];
}

/** The README's "Risk accepted by loosening" section, as one paragraph. */
export function riskOf(ruleId: string): string {
  return (ruleDocSection(ruleId, 'Risk accepted by loosening') ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

export function buildPosture(input: PostureInput): Posture {
  const count = (s: Severity): number => input.findings.filter((f) => f.severity === s).length;
  const seen = new Set<string>();
  const loosenings = [...input.policies.flatMap((p) => p.loosenings), ...(input.extraLoosenings ?? [])]
    .filter((l) => {
      const key = `${l.ruleId}\0${l.file}\0${l.line}\0${l.level}\0${l.option?.path ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((l) => ({ ...l, risk: riskOf(l.ruleId) }));
  // Each declaration once (a config reached by several files is one policy; one extended by several is one file and line).
  const silenced = input.silenced ?? {};
  const declaredSeen = new Set<string>();
  const declared: PostureDeclared[] = [];
  for (const d of [...input.policies.flatMap((p) => p.declared), ...(input.extraDeclared ?? [])]) {
    const id = `${d.key}\0${d.file}\0${d.line}`;
    if (declaredSeen.has(id)) continue;
    declaredSeen.add(id);
    const { key, ...shown } = d;
    declared.push({ ...shown, silenced: silenced[key] ?? 0 });
  }
  // What several knowledge declarations hid only together (or past the per-file count): never dropped.
  if (silenced[MANY_KEY])
    declared.push({
      kind: 'sanitizer',
      what: 'several knowledge declarations together (not attributed to one)',
      reason: '(see the declarations above)',
      file: '(this scan)',
      line: 0,
      silenced: silenced[MANY_KEY],
    });
  const errors = new Map<string, ConfigProblem>();
  for (const p of input.policies)
    for (const e of p.errors) errors.set(`${e.file}:${e.line}:${e.column}:${e.message}`, e);
  return {
    findings: { total: input.findings.length, error: count('error'), warning: count('warning'), info: count('info') },
    loosenings,
    declared,
    suppressions: input.suppressed.map((s) => ({
      ruleId: s.suppression.ruleId,
      file: s.file,
      line: s.suppression.line,
      reason: s.suppression.reason,
      kind: s.suppression.kind,
    })),
    baselined: input.baselined,
    ignores: input.policies
      .filter((p) => p.ignores.length && p.file)
      .map((p) => ({ config: p.file!, patterns: p.ignores })),
    configs: [...new Set(input.policies.map((p) => p.file).filter((f): f is string => !!f))].sort(),
    configErrors: [...errors.values()],
    ...(input.routes?.length ? { routes: [...input.routes] } : {}),
  };
}

/** What a rule loosening sets, for people: `rule: off (default error)` or `rule: option require.mfa = "none" (default "admin")`. */
export function looseningWhat(l: Loosening): string {
  return `${l.ruleId}: ${looseningSetting(l)}`;
}

/** The setting alone: `off (default error)` or `option require.mfa = "none" (default "admin")`. */
export function looseningSetting(l: Loosening): string {
  return l.option
    ? `option ${l.option.path} = ${JSON.stringify(l.option.value)} (default ${JSON.stringify(l.option.default)})`
    : `${l.level} (default ${l.defaultLevel})`;
}

/** One line for a status bar or a CI log. */
export function postureLine(p: Posture): string {
  const parts = [`${p.findings.total} finding${p.findings.total === 1 ? '' : 's'}`];
  parts.push(`${p.loosenings.length + p.declared.length} loosened`);
  const hidden = p.declared.reduce((n, d) => n + (d.kind === 'ignore' ? 0 : d.silenced), 0);
  if (hidden) parts.push(`${hidden} finding${hidden === 1 ? '' : 's'} hidden by declared loosenings`);
  parts.push(`${p.suppressions.length} suppressed`);
  if (p.baselined) parts.push(`${p.baselined} baselined`);
  if (p.configErrors.length)
    parts.push(`${p.configErrors.length} config error${p.configErrors.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const rel = (base: string, file: string): string =>
  file.startsWith('paved-road:') || file.startsWith('(')
    ? file
    : path.relative(base, file).split(path.sep).join('/') || path.basename(file);

export function formatPostureText(p: Posture, base: string): string {
  const out: string[] = [`Paved Road posture: ${postureLine(p)}`];
  out.push(`Findings: ${p.findings.error} errors, ${p.findings.warning} warnings, ${p.findings.info} info`);
  out.push(
    p.configs.length ? `Configs: ${p.configs.map((c) => rel(base, c)).join(', ')}` : 'Configs: none (secure defaults)',
  );
  if (p.configErrors.length) {
    out.push('', 'Config errors (the secure defaults stay in force until they are fixed):');
    for (const e of p.configErrors) out.push(`  ${formatProblem(e, base)}`);
  }
  out.push(
    '',
    p.loosenings.length ? 'Loosened rules:' : 'Loosened rules: none — every rule runs at its secure default.',
  );
  for (const l of p.loosenings) {
    out.push(`  ${looseningWhat(l)} — ${rel(base, l.file)}${l.line ? `:${l.line}` : ''}`);
    out.push(`    reason: ${l.reason || '(none given)'}`);
    if (l.risk) out.push(`    risk accepted: ${l.risk}`);
  }
  out.push(
    '',
    p.declared.length
      ? 'Declared loosenings (knowledge, ignores, baselines):'
      : 'Declared loosenings: none — no sanitizer, audit logger, secret name, ignore or baseline is trusted.',
  );
  for (const d of p.declared) {
    out.push(`  ${d.what} — ${rel(base, d.file)}${d.line ? `:${d.line}` : ''} — ${silencedText(d)}`);
    out.push(`    reason: ${d.reason || '(none given)'}`);
  }
  out.push('', p.suppressions.length ? 'Suppressed in code:' : 'Suppressed in code: none.');
  for (const s of p.suppressions)
    out.push(`  ${rel(base, s.file)}:${s.line}  ${s.ruleId}${s.kind === 'file' ? ' (whole file)' : ''} — ${s.reason}`);
  if (p.baselined)
    out.push(
      '',
      `Baselined: ${p.baselined} existing finding${p.baselined === 1 ? '' : 's'} recorded in a baseline are not reported.`,
    );
  for (const i of p.ignores) out.push('', `Ignored by ${rel(base, i.config)}: ${i.patterns.join(', ')}`);
  out.push('', formatRouteTableText(p.routes ?? []));
  return out.join('\n');
}

export function formatPostureMarkdown(p: Posture, base: string): string {
  // Everything a config or a source file supplied goes through markdownText/markdownCode (markdown.ts).
  const text = markdownText;
  const code = (s: string): string => markdownCode(s);
  const out: string[] = [
    '# Paved Road posture',
    '',
    `**${postureLine(p)}** — ${p.findings.error} errors, ${p.findings.warning} warnings, ${p.findings.info} info.`,
    '',
  ];
  out.push(
    p.configs.length
      ? `Configs: ${p.configs.map((c) => code(rel(base, c))).join(', ')}`
      : 'No config: the secure defaults apply.',
    '',
  );
  if (p.configErrors.length) {
    out.push('## Config errors', '', 'The secure defaults stay in force until these are fixed.', '');
    for (const e of p.configErrors) out.push(`- ${code(formatProblem(e, base))}`);
    out.push('');
  }
  out.push('## Loosened rules', '');
  if (!p.loosenings.length) out.push('None: every rule runs at its secure default.', '');
  for (const l of p.loosenings) {
    out.push(
      l.option
        ? `### ${text(looseningWhat(l))}`
        : `### ${text(l.ruleId)}: ${text(l.level)} (default ${text(l.defaultLevel)})`,
      '',
      `Set in ${code(`${rel(base, l.file)}${l.line ? `:${l.line}` : ''}`)}.`,
      '',
      `**Reason given:** ${l.reason ? text(l.reason) : '(none)'}`,
      '',
    );
    if (l.risk) out.push(`**Risk accepted:** ${l.risk}`, '');
  }
  out.push('## Declared loosenings', '');
  if (!p.declared.length)
    out.push('None: no sanitizer, tagged template, audit logger, secret name, ignore or baseline is trusted.', '');
  else {
    out.push('| Declared | Where | Reason | Silenced in this scan |', '| --- | --- | --- | --- |');
    for (const d of p.declared)
      out.push(
        `| ${text(d.what)} | ${text(rel(base, d.file))}${d.line ? `:${d.line}` : ''} | ${text(d.reason || '(none)')} | ${silencedText(d)} |`,
      );
    out.push('');
  }
  out.push('## Suppressed in code', '');
  if (!p.suppressions.length) out.push('None.', '');
  else {
    out.push('| Where | Rule | Justification |', '| --- | --- | --- |');
    for (const s of p.suppressions)
      out.push(
        `| ${text(rel(base, s.file))}:${s.line}${s.kind === 'file' ? ' (file)' : ''} | ${text(s.ruleId)} | ${text(s.reason)} |`,
      );
    out.push('');
  }
  if (p.baselined)
    out.push('## Baseline', '', `${p.baselined} existing findings are recorded in a baseline and not reported.`, '');
  if (p.ignores.length) {
    out.push('## Ignored paths', '');
    for (const i of p.ignores) out.push(`- ${code(rel(base, i.config))}: ${i.patterns.map((x) => code(x)).join(', ')}`);
    out.push('');
  }
  out.push(
    '## Security controls per route',
    '',
    '✓ present, ✗ missing where it applies, · not applicable.',
    '',
    formatRouteTableMarkdown(p.routes ?? []),
    '',
  );
  return out.join('\n').trimEnd() + '\n';
}

function silencedText(d: PostureDeclared): string {
  if (d.kind === 'ignore') return `left out ${d.silenced} file${d.silenced === 1 ? '' : 's'} in this scan`;
  return `silenced ${d.silenced} finding${d.silenced === 1 ? '' : 's'} in this scan`;
}

/** A shields.io "endpoint" badge: https://img.shields.io/endpoint?url=<where this JSON is served>. */
export function postureBadge(p: Posture): string {
  const loosened = p.loosenings.length + p.declared.length + p.suppressions.length;
  const color =
    p.configErrors.length || p.findings.error ? 'red' : p.findings.total || loosened ? 'yellow' : 'brightgreen';
  const message = `${p.findings.total} finding${p.findings.total === 1 ? '' : 's'}${loosened ? `, ${loosened} loosened` : ''}`;
  return JSON.stringify({ schemaVersion: 1, label: 'paved road', message, color });
}
