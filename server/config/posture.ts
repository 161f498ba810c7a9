// The security posture (the seatbelt chime): findings, and every way the secure defaults were
// loosened — rules turned off or down (with the reason given and the risk the rule's README says
// that accepts), findings suppressed in code (with their justification), findings hidden by a
// baseline, ignored paths, and broken configs. The CLI prints it; the editor shows it.

import * as path from 'node:path';
import { ruleDocSection } from '../docs';
import type { Finding, Severity } from '../engine/types';
import type { SuppressedFinding } from '../engine/suppressions';
import type { ConfigProblem, Loosening, Policy } from './load';
import { formatProblem } from './load';
import { markdownCode, markdownText } from './markdown';

export interface PostureSuppression {
  ruleId: string;
  file: string;
  line: number;
  reason: string;
  kind: 'next-line' | 'file';
}

export interface Posture {
  findings: Record<Severity, number> & { total: number };
  loosenings: (Loosening & { risk: string })[];
  suppressions: PostureSuppression[];
  baselined: number;
  ignores: { config: string; patterns: string[] }[];
  configs: string[];
  configErrors: ConfigProblem[];
}

export interface PostureInput {
  policies: readonly Policy[];
  findings: readonly Finding[];
  suppressed: readonly (SuppressedFinding & { file: string })[];
  baselined: number;
  /** Loosenings that come from outside config files (command line, editor settings). */
  extraLoosenings?: readonly Loosening[];
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
      const key = `${l.ruleId}\0${l.file}\0${l.line}\0${l.level}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((l) => ({ ...l, risk: riskOf(l.ruleId) }));
  const errors = new Map<string, ConfigProblem>();
  for (const p of input.policies) for (const e of p.errors) errors.set(`${e.file}:${e.line}:${e.column}:${e.message}`, e);
  return {
    findings: { total: input.findings.length, error: count('error'), warning: count('warning'), info: count('info') },
    loosenings,
    suppressions: input.suppressed.map((s) => ({ ruleId: s.suppression.ruleId, file: s.file, line: s.suppression.line, reason: s.suppression.reason, kind: s.suppression.kind })),
    baselined: input.baselined,
    ignores: input.policies.filter((p) => p.ignores.length && p.file).map((p) => ({ config: p.file!, patterns: p.ignores })),
    configs: [...new Set(input.policies.map((p) => p.file).filter((f): f is string => !!f))].sort(),
    configErrors: [...errors.values()],
  };
}

/** One line for a status bar or a CI log. */
export function postureLine(p: Posture): string {
  const parts = [`${p.findings.total} finding${p.findings.total === 1 ? '' : 's'}`];
  parts.push(`${p.loosenings.length} loosened`);
  parts.push(`${p.suppressions.length} suppressed`);
  if (p.baselined) parts.push(`${p.baselined} baselined`);
  if (p.configErrors.length) parts.push(`${p.configErrors.length} config error${p.configErrors.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}

const rel = (base: string, file: string): string => (file.startsWith('paved-road:') || file.startsWith('(') ? file : path.relative(base, file).split(path.sep).join('/') || path.basename(file));

export function formatPostureText(p: Posture, base: string): string {
  const out: string[] = [`Paved Road posture: ${postureLine(p)}`];
  out.push(`Findings: ${p.findings.error} errors, ${p.findings.warning} warnings, ${p.findings.info} info`);
  out.push(p.configs.length ? `Configs: ${p.configs.map((c) => rel(base, c)).join(', ')}` : 'Configs: none (secure defaults)');
  if (p.configErrors.length) {
    out.push('', 'Config errors (the secure defaults stay in force until they are fixed):');
    for (const e of p.configErrors) out.push(`  ${formatProblem(e, base)}`);
  }
  out.push('', p.loosenings.length ? 'Loosened rules:' : 'Loosened rules: none — every rule runs at its secure default.');
  for (const l of p.loosenings) {
    out.push(`  ${l.ruleId}: ${l.level} (default ${l.defaultLevel}) — ${rel(base, l.file)}${l.line ? `:${l.line}` : ''}`);
    out.push(`    reason: ${l.reason || '(none given)'}`);
    if (l.risk) out.push(`    risk accepted: ${l.risk}`);
  }
  out.push('', p.suppressions.length ? 'Suppressed in code:' : 'Suppressed in code: none.');
  for (const s of p.suppressions) out.push(`  ${rel(base, s.file)}:${s.line}  ${s.ruleId}${s.kind === 'file' ? ' (whole file)' : ''} — ${s.reason}`);
  if (p.baselined) out.push('', `Baselined: ${p.baselined} existing finding${p.baselined === 1 ? '' : 's'} recorded in a baseline are not reported.`);
  for (const i of p.ignores) out.push('', `Ignored by ${rel(base, i.config)}: ${i.patterns.join(', ')}`);
  return out.join('\n');
}

export function formatPostureMarkdown(p: Posture, base: string): string {
  // Everything a config or a source file supplied goes through markdownText/markdownCode (markdown.ts).
  const text = markdownText;
  const code = (s: string): string => markdownCode(s);
  const out: string[] = ['# Paved Road posture', '', `**${postureLine(p)}** — ${p.findings.error} errors, ${p.findings.warning} warnings, ${p.findings.info} info.`, ''];
  out.push(p.configs.length ? `Configs: ${p.configs.map((c) => code(rel(base, c))).join(', ')}` : 'No config: the secure defaults apply.', '');
  if (p.configErrors.length) {
    out.push('## Config errors', '', 'The secure defaults stay in force until these are fixed.', '');
    for (const e of p.configErrors) out.push(`- ${code(formatProblem(e, base))}`);
    out.push('');
  }
  out.push('## Loosened rules', '');
  if (!p.loosenings.length) out.push('None: every rule runs at its secure default.', '');
  for (const l of p.loosenings) {
    out.push(`### ${text(l.ruleId)}: ${text(l.level)} (default ${text(l.defaultLevel)})`, '', `Set in ${code(`${rel(base, l.file)}${l.line ? `:${l.line}` : ''}`)}.`, '', `**Reason given:** ${l.reason ? text(l.reason) : '(none)'}`, '');
    if (l.risk) out.push(`**Risk accepted:** ${l.risk}`, '');
  }
  out.push('## Suppressed in code', '');
  if (!p.suppressions.length) out.push('None.', '');
  else {
    out.push('| Where | Rule | Justification |', '| --- | --- | --- |');
    for (const s of p.suppressions) out.push(`| ${text(rel(base, s.file))}:${s.line}${s.kind === 'file' ? ' (file)' : ''} | ${text(s.ruleId)} | ${text(s.reason)} |`);
    out.push('');
  }
  if (p.baselined) out.push('## Baseline', '', `${p.baselined} existing findings are recorded in a baseline and not reported.`, '');
  if (p.ignores.length) {
    out.push('## Ignored paths', '');
    for (const i of p.ignores) out.push(`- ${code(rel(base, i.config))}: ${i.patterns.map((x) => code(x)).join(', ')}`);
  }
  return out.join('\n').trimEnd() + '\n';
}

/** A shields.io "endpoint" badge: https://img.shields.io/endpoint?url=<where this JSON is served>. */
export function postureBadge(p: Posture): string {
  const loosened = p.loosenings.length + p.suppressions.length;
  const color = p.configErrors.length || p.findings.error ? 'red' : p.findings.total || loosened ? 'yellow' : 'brightgreen';
  const message = `${p.findings.total} finding${p.findings.total === 1 ? '' : 's'}${loosened ? `, ${loosened} loosened` : ''}`;
  return JSON.stringify({ schemaVersion: 1, label: 'paved road', message, color });
}
