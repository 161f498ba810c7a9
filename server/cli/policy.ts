// The CLI's side of team configs: config errors (exit 2), baselines, and `paved-road posture`.

import { routeRows } from '../config/route-table';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ruleById } from '../../rules';
import { BaselineMatcher, baselineEntries, formatBaseline, readBaseline } from '../config/baseline';
import { formatProblem, isLoosening, type DeclaredLoosening, type Loosening } from '../config/load';
import {
  buildPosture,
  formatPostureMarkdown,
  looseningSetting,
  formatPostureText,
  postureBadge,
  type Posture,
} from '../config/posture';
import { PolicyResolver } from '../config/resolve';
import { NOT_ANALYSED } from '../engine/coverage';
import { maskOfFiles } from '../engine/mask';
import type { Level } from '../engine/types';
import type { ReportPosture } from './report-html';
import { COMMAND_LINE_BASELINE, scanPaths, UsageError, type ScanSummary } from '../host/scan';

/** Print every config problem met during a scan; true when there was one (exit 2). */
export function reportConfigErrors(resolver: PolicyResolver, err: (s: string) => void, base = process.cwd()): boolean {
  const seen = new Set<string>();
  for (const policy of resolver.loaded()) {
    for (const problem of policy.errors) {
      const line = `paved-road: config error: ${formatProblem(problem, base)}`;
      if (!seen.has(line)) {
        seen.add(line);
        err(line);
      }
    }
  }
  if (seen.size)
    err(
      'paved-road: the secure defaults stay in force for the files those configs cover; fix the errors above (exit 2)',
    );
  return seen.size > 0;
}

export function readBaselineOption(file: string): BaselineMatcher {
  const read = readBaseline(path.resolve(file));
  if ('error' in read) throw new UsageError(read.error);
  return new BaselineMatcher(read, path.dirname(path.resolve(file)));
}

export function writeBaselineFile(file: string, summary: ScanSummary): number {
  const abs = path.resolve(file);
  const entries = baselineEntries(path.dirname(abs), summary.files);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, formatBaseline(entries));
  return entries.length;
}

/** `--rule ID=off` on a command line is a loosening too: it shows in the posture, without a reason. */
export function commandLineLoosenings(rules: Record<string, Level>): Loosening[] {
  return Object.entries(rules).flatMap(([id, level]) => {
    const rule = ruleById(id);
    return rule && isLoosening(level, rule.meta.severity)
      ? [{ ruleId: id, level, defaultLevel: rule.meta.severity, reason: '', file: '(command line --rule)', line: 0 }]
      : [];
  });
}

/** `--not-analysed warning|info` lowers the level of files the scan could not analyse: a loosening too. */
export function notAnalysedLoosening(level: string | undefined): Loosening[] {
  return level && level !== 'error'
    ? [
        {
          ruleId: NOT_ANALYSED,
          level: level as Level,
          defaultLevel: 'error',
          reason: '',
          file: '(command line --not-analysed)',
          line: 0,
        },
      ]
    : [];
}

export function postureOf(
  summary: ScanSummary,
  resolver: PolicyResolver,
  extra: Loosening[] = [],
  extraDeclared: DeclaredLoosening[] = [],
): Posture {
  return buildPosture({
    silenced: summary.silenced ?? {},
    extraDeclared,
    policies: resolver.loaded(),
    findings: summary.files.flatMap((f) => f.findings),
    suppressed: summary.files.flatMap((f) => (f.suppressed ?? []).map((s) => ({ ...s, file: f.path }))),
    baselined: summary.files.reduce((n, f) => n + (f.baselined?.length ?? 0), 0),
    extraLoosenings: extra,
    routes: routeRows(summary.files, process.cwd()),
  });
}

/** What the HTML report shows of a posture. */
export function reportPosture(posture: Posture, base: string): ReportPosture {
  return {
    loosenings: posture.loosenings.map((l) => ({
      ruleId: l.ruleId,
      level: l.option ? looseningSetting(l) : l.level,
      reason: l.reason || undefined,
      risk: l.risk,
    })),
    suppressions: posture.suppressions.map((s) => ({
      ruleId: s.ruleId,
      file: path.relative(base, s.file).split(path.sep).join('/'),
      line: s.line,
      reason: s.reason,
    })),
    declared: posture.declared.map((d) => ({
      what: d.what,
      where: `${d.file.startsWith('(') ? d.file : path.relative(base, d.file).split(path.sep).join('/')}${d.line ? `:${d.line}` : ''}`,
      reason: d.reason,
      silenced:
        d.kind === 'ignore'
          ? `${d.silenced} file${d.silenced === 1 ? '' : 's'} left out`
          : `${d.silenced} finding${d.silenced === 1 ? '' : 's'}`,
    })),
  };
}

/** `--baseline FILE` on a command line: a loosening too, shown in the posture (without a reason; a config's baseline has one). */
export function commandLineBaseline(file: string | undefined): DeclaredLoosening[] {
  return file
    ? [
        {
          kind: 'baseline',
          key: COMMAND_LINE_BASELINE,
          what: `baseline ${file} (command line --baseline)`,
          reason: '',
          file: '(command line --baseline)',
          line: 0,
        },
      ]
    : [];
}

export async function postureCommand(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, output: { type: 'string', short: 'o' } },
  });
  const format = values.format!;
  if (!['text', 'json', 'markdown', 'badge'].includes(format))
    throw new UsageError(`--format must be text, json, markdown or badge, not '${format}'`);
  const resolver = new PolicyResolver();
  const paths = positionals.length ? positionals : ['.'];
  const summary = await scanPaths(
    paths,
    {},
    { resolver, keepText: true, onBaselineError: (m) => err(`paved-road: ${m}`) },
  );
  // The one masking pass (mask.ts): a secret in a justification or a reason is masked before it is formatted.
  const mask = maskOfFiles(summary.files);
  // Configs that govern the named folders count even when they cover no analysable file.
  for (const p of paths) {
    const abs = path.resolve(p);
    const config = resolver.configFileFor(
      fs.existsSync(abs) && fs.statSync(abs).isDirectory() ? abs : path.dirname(abs),
    );
    if (config) resolver.policyOf(config);
  }
  const posture = mask.applyDeep(postureOf(summary, resolver));
  const base = process.cwd();
  const rendered =
    format === 'json'
      ? JSON.stringify(posture, null, 2)
      : format === 'markdown'
        ? formatPostureMarkdown(posture, base)
        : format === 'badge'
          ? postureBadge(posture)
          : formatPostureText(posture, base);
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, rendered.endsWith('\n') ? rendered : rendered + '\n');
  } else {
    out(rendered.trimEnd());
  }
  return reportConfigErrors(resolver, err, base) ? 2 : 0;
}
