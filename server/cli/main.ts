// paved-road: the CLI front door, for CI pipelines, pre-commit hooks and course grading.
// Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or configuration error or a
// rule that crashed (unless --fail-on none).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { allRules, ruleById } from '../../rules';
import { ruleDoc } from '../docs';
import { packageRoot } from '../engine/paths';
import { FIX_KINDS, type FixKind, type Level, type Severity } from '../engine/types';
import { analysisErrors, formatJson, formatSarif, formatText, summaryLine } from './formats';
import { FixVerifier, fixAll, writePatchFile } from './fix';
import { formatGradeText, grade } from './grade';
import { escapeHtml, formatHtml } from './report-html';
import {
  commandLineBaseline,
  commandLineLoosenings,
  notAnalysedLoosening,
  postureCommand,
  postureOf,
  readBaselineOption,
  reportConfigErrors,
  reportPosture,
  writeBaselineFile,
} from './policy';
import { PolicyResolver } from '../config/resolve';
import { ScanCache } from '../host/cache';
import { scanPaths, UsageError } from '../host/scan';
import { inShard, parseShard } from './shard';
import { serveMcp } from '../mcp/server';
import { mergeSarif, readSarif } from './merge-sarif';
import { fileSecretSpans, jsonStringBody, maskOfFiles, maskSpans } from '../engine/mask';

const USAGE = `Usage:
  paved-road scan [paths…] [--format text|json|sarif|html] [--output FILE] [--fail-on error|warning|info|none]
                  [--max-file-size KB] [--rule ID=LEVEL]… [--baseline FILE | --write-baseline FILE]
                  [--jobs N|auto] [--cache] [--cache-location DIR] [--shard I/N]
                  [--fix | --fix-dry-run] [--fix-unsafe | --fix-kind safe|needs-review[,…]]
                  [--not-analysed error|warning|info]
      a file that is not analysed (too large, binary, a bundle, unreadable) is a finding
      (paved-road/not-analysed): error for code and templates, warning for config files by default;
      a crashed rule fails the run (exit 2) unless --fail-on none
      --fix applies the verified safe fixes (they keep behaviour) to the files, until none is left,
      then reports what is left; --fix-unsafe also applies the needs-review ones (security rewrites
      that change behaviour on purpose: review the diff); --fix-kind names the kinds exactly
      --fix-dry-run prints those changes as a diff (secrets masked) instead of the report; with
      --output FILE it writes the real patch (for git apply) to FILE, a new file only you can read
      --shard I/N scans part I of N disjoint parts (by a hash of each file's path), for CI matrices
  paved-road merge-sarif A.sarif B.sarif… [--output FILE]   join the SARIF logs of a sharded scan
  paved-road posture [paths…] [--format text|json|markdown|badge] [--output FILE]
  paved-road grade STUDENT_DIR [--key answer-key.json] [--format text|json]
  paved-road rules [--format text|json]
  paved-road explain <rule-id>
  paved-road mcp      a Model Context Protocol server over stdio for coding agents (tools: scan,
                      explain_rule, fixes); see the README's "AI coding agents" section
  paved-road --version | --help`;

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  // `paved-road scan --help` (or -h) anywhere before a `--` asks for the usage, as every CLI a
  // developer knows answers it, instead of an unknown-option error.
  const end = rest.indexOf('--');
  if (command !== undefined && (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    out(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case 'scan':
        return await scan(rest, out, err);
      case 'rules':
        return rules(rest, out);
      case 'posture':
        return await postureCommand(rest, out, err);
      case 'merge-sarif':
        return mergeSarifCommand(rest, out, err);
      case 'grade':
        return await gradeCommand(rest, out);
      case 'explain':
        return explain(rest, out);
      // Serves until the client closes stdin (stdout carries the protocol: nothing else is written there).
      case 'mcp':
        await serveMcp(version());
        return 0;
      case '--version':
      case '-v':
        out(version());
        return 0;
      case '--help':
      case '-h':
      case 'help':
        out(USAGE);
        return 0;
      case undefined:
        err(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`paved-road: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

async function scan(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'error' },
      'max-file-size': { type: 'string' },
      rule: { type: 'string', multiple: true },
      color: { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      jobs: { type: 'string', default: 'auto' },
      cache: { type: 'boolean', default: false },
      'cache-location': { type: 'string' },
      fix: { type: 'boolean' },
      'fix-dry-run': { type: 'boolean' },
      'fix-unsafe': { type: 'boolean' },
      'fix-kind': { type: 'string' },
      shard: { type: 'string' },
      'not-analysed': { type: 'string' },
    },
  });
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run exclude each other');
  const kinds = fixKinds(values['fix-unsafe'], values['fix-kind']);
  // --fix-unsafe or --fix-kind alone mean --fix with those kinds.
  const fixing =
    values.fix === true ||
    (!values['fix-dry-run'] && (values['fix-unsafe'] === true || values['fix-kind'] !== undefined));
  const dryRun = values['fix-dry-run'] === true;
  const format = values.format!;
  if (!['text', 'json', 'sarif', 'html'].includes(format))
    throw new UsageError(`--format must be text, json, sarif or html, not '${format}'`);
  const failOn = values['fail-on']!;
  if (!['error', 'warning', 'info', 'none'].includes(failOn))
    throw new UsageError(`--fail-on must be error, warning, info or none, not '${failOn}'`);
  const notAnalysedLevel = values['not-analysed'];
  if (notAnalysedLevel !== undefined && !['error', 'warning', 'info'].includes(notAnalysedLevel))
    throw new UsageError(`--not-analysed must be error, warning or info, not '${notAnalysedLevel}'`);
  const rulesConfig: Record<string, Level> = {};
  for (const spec of values.rule ?? []) {
    const m = /^([a-z]+\/[a-z0-9-]+)=(error|warning|info|off)$/.exec(spec);
    if (!m) throw new UsageError(`--rule takes ID=error|warning|info|off, not '${spec}'`);
    if (!ruleById(m[1])) throw new UsageError(`unknown rule '${m[1]}'`);
    rulesConfig[m[1]] = m[2] as Level;
  }
  let maxFileBytes: number | undefined;
  if (values['max-file-size'] !== undefined) {
    const kb = Number(values['max-file-size']);
    if (!Number.isFinite(kb) || kb <= 0) throw new UsageError(`--max-file-size takes a size in KB`);
    maxFileBytes = kb * 1024;
  }
  const paths = positionals.length ? positionals : ['.'];
  if (values.baseline && values['write-baseline'])
    throw new UsageError('--baseline and --write-baseline cannot be combined');
  // Each file gets its nearest paved-road.json; --rule and --max-file-size apply on top.
  const resolver = new PolicyResolver();
  const baseline = values['write-baseline'] ? false : values.baseline ? readBaselineOption(values.baseline) : undefined;
  const jobsArg = values.jobs!;
  const jobs = jobsArg === 'auto' ? 'auto' : Number(jobsArg);
  if (jobs !== 'auto' && (!Number.isInteger(jobs) || jobs < 1))
    throw new UsageError(`--jobs takes a number of threads or 'auto', not '${jobsArg}'`);
  if (values['cache-location'] !== undefined && !values.cache) throw new UsageError('--cache-location needs --cache');
  const opened = values.cache ? ScanCache.create(values['cache-location'] ?? '.paved-road-cache') : undefined;
  // A cache folder that is a link or another user's is refused, out loud; the scan runs without it.
  if (opened && !(opened instanceof ScanCache))
    err(`paved-road: cache refused, scanning without it: ${opened.refused}`);
  const cache = opened instanceof ScanCache ? opened : undefined;
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  const workspace = process.cwd();
  const include = shard ? (file: string): boolean => inShard(file, shard, workspace) : undefined;
  // Every fix that leaves the process (JSON, SARIF, a patch, the files) is verified: by the worker
  // that analysed its file, else (the calling thread, cache hits) by FixVerifier below.
  const verifying = fixing || dryRun || format === 'json' || format === 'sarif';
  const scanAll = (): ReturnType<typeof scanPaths> =>
    scanPaths(
      paths,
      { rules: rulesConfig, maxFileBytes },
      {
        keepText: true,
        resolver,
        baseline,
        onBaselineError: (m) => err(`paved-road: ${m}`),
        jobs,
        cache,
        include,
        verifyFixes: verifying,
        ...(notAnalysedLevel ? { notAnalysedLevel: notAnalysedLevel as Severity } : {}),
      },
    );
  let summary = await scanAll();
  // The one masking pass (mask.ts): everything printed or written from here on goes through it.
  let mask = maskOfFiles(summary.files);
  const say = (s: string): void => err(mask.apply(s));
  if (summary.cache) {
    const pruned = cache!.prune();
    err(
      `paved-road: cache ${displayPath(cache!.dir)}: ${summary.cache.hits} reused, ${summary.cache.misses} analysed${summary.cache.rejected ? `, ${summary.cache.rejected} untrustworthy entries ignored` : ''}${pruned.removed ? `, ${pruned.removed} stale entries pruned` : ''}`,
    );
  }
  const configBroken = reportConfigErrors(resolver, err);
  if (values['write-baseline']) {
    const n = writeBaselineFile(values['write-baseline'], summary);
    err(
      `paved-road: wrote ${n} finding${n === 1 ? '' : 's'} to ${values['write-baseline']}; scan with --baseline ${values['write-baseline']} (or "baseline" in paved-road.json) to report only new ones`,
    );
    return configBroken ? 2 : 0;
  }
  // Every fix that leaves the process (JSON, SARIF, a patch, the files) is verified first.
  const verifier = new FixVerifier(resolver, cache);
  if (verifying) verifier.verifySummary(summary);
  if (fixing || dryRun) {
    const outcome = fixAll(summary, process.cwd(), {
      write: fixing,
      kinds,
      analyzeAgain: (file, text) => verifier.analyzeAgain(file, text),
    });
    const perKind = Object.entries(outcome.byKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ');
    const counted = `${outcome.fixes} fix${outcome.fixes === 1 ? '' : 'es'}${perKind ? ` (${perKind})` : ''} in ${outcome.files} file${outcome.files === 1 ? '' : 's'}`;
    const left = Object.entries(outcome.notChosen).map(([k, n]) =>
      k === 'guidance'
        ? `${n} finding${n === 1 ? '' : 's'} with guidance only (no verified edit)`
        : `${n} with a ${k} fix not applied${k === 'needs-review' && !kinds.has('needs-review') ? ' (review them one by one in the editor, or apply them with --fix-unsafe)' : ''}`,
    );
    if (left.length) err(`paved-road: ${left.join('; ')}`);
    if (dryRun) {
      if (values.output) {
        try {
          writePatchFile(values.output, outcome.patch);
        } catch (error) {
          throw new UsageError(
            `cannot create ${values.output} for the patch: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it exists (the patch is only written to a new file)' : (error as Error).message}`,
          );
        }
        err(`paved-road: wrote the patch to ${values.output} (apply it with git apply ${values.output})`);
      } else if (outcome.preview) {
        // The terminal preview is masked (context lines, + lines); only the patch file holds the real text.
        out(mask.apply(outcome.preview.replace(/\n$/, '')));
      }
      err(`paved-road: --fix would apply ${counted}`);
      err(summaryLine(summary));
      if (configBroken || (failOn !== 'none' && analysisErrors(summary).length)) return 2;
      return failOn !== 'none' &&
        summary.files.some((f) => f.findings.some((x) => RANK[x.severity] >= RANK[failOn as Severity]))
        ? 1
        : 0;
    }
    err(`paved-road: applied ${counted}`);
    summary = await scanAll();
    if (format === 'json' || format === 'sarif') verifier.verifySummary(summary);
    mask = maskOfFiles(summary.files).merge(mask);
  }
  for (const file of summary.files) {
    for (const note of file.notes) if (note.kind === 'rule-error') say(`paved-road: ${note.message}`);
  }
  const base = process.cwd();
  const posture = (): ReturnType<typeof postureOf> =>
    postureOf(
      summary,
      resolver,
      [...commandLineLoosenings(rulesConfig), ...notAnalysedLoosening(notAnalysedLevel)],
      commandLineBaseline(values.baseline),
    );
  const unmasked =
    format === 'sarif'
      ? formatSarif(summary, base, allRules, version(), posture())
      : format === 'html'
        ? formatHtml(summary, {
            base,
            rules: allRules,
            version: version(),
            maskFinding: (finding, text) =>
              maskSpans(
                text,
                fileSecretSpans(summary.files.find((f) => f.findings.includes(finding)) ?? { findings: [finding] }),
              ),
            posture: mask.applyDeep(reportPosture(posture(), base)),
          })
        : format === 'json'
          ? formatJson(summary, base, posture())
          : formatText(summary, base, values.color ?? (!values.output && process.stdout.isTTY === true));
  const rendered = mask.apply(
    unmasked,
    format === 'html' ? escapeHtml : format === 'json' || format === 'sarif' ? jsonStringBody : undefined,
  );
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, rendered + '\n');
  } else if (rendered) {
    out(rendered);
  }
  err(summaryLine(summary));
  if (configBroken) return 2;
  if (failOn === 'none') return 0;
  // A rule that crashed is a failed run, never a green build (its file and rule are named above).
  if (analysisErrors(summary).length) return 2;
  const threshold = RANK[failOn as Severity];
  return summary.files.some((f) => f.findings.some((x) => RANK[x.severity] >= threshold)) ? 1 : 0;
}

/** The fix kinds `--fix` applies: safe only, unless `--fix-unsafe` or `--fix-kind` say otherwise. */
function fixKinds(unsafe: boolean | undefined, list: string | undefined): Set<FixKind> {
  if (unsafe && list !== undefined) throw new UsageError('--fix-unsafe and --fix-kind exclude each other');
  if (unsafe) return new Set(['safe', 'needs-review']);
  if (list === undefined) return new Set(['safe']);
  const kinds = list.split(',').map((k) => k.trim());
  for (const k of kinds) {
    if (!FIX_KINDS.includes(k as FixKind) || k === 'guidance')
      throw new UsageError(`--fix-kind takes safe and/or needs-review (guidance has no edit to apply), not '${k}'`);
  }
  return new Set(kinds as FixKind[]);
}

/** Joins SARIF logs (one per shard, or per tool) into one: see merge-sarif.ts. */
function mergeSarifCommand(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { output: { type: 'string', short: 'o' } },
  });
  if (positionals.length === 0) throw new UsageError('merge-sarif needs one or more SARIF files');
  const { log, warnings } = mergeSarif(positionals.map((file) => ({ file, runs: readSarif(file) })));
  for (const w of warnings) err(`paved-road: ${w}`);
  const rendered = JSON.stringify(log, null, 2);
  if (values.output) {
    fs.mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
    fs.writeFileSync(values.output, rendered + '\n');
  } else {
    out(rendered);
  }
  const results = log.runs.reduce((n, r) => n + (r.results?.length ?? 0), 0);
  err(
    `paved-road: merged ${positionals.length} log${positionals.length === 1 ? '' : 's'} into ${log.runs.length} run${log.runs.length === 1 ? '' : 's'} with ${results} result${results === 1 ? '' : 's'}`,
  );
  return 0;
}

/** Exit 0 when every planted defect is fixed and nothing new was introduced, else 1. */
async function gradeCommand(args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { key: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (positionals.length !== 1) throw new UsageError('grade needs exactly one STUDENT_DIR');
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  const keyPath = path.resolve(values.key ?? path.join(packageRoot(), 'examples', 'course', 'answer-key.json'));
  const result = await grade(path.resolve(positionals[0]), keyPath);
  out(values.format === 'json' ? JSON.stringify(result, null, 2) : formatGradeText(result));
  return result.summary.present === 0 && result.summary.introduced === 0 ? 0 : 1;
}

function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p;
}

function rules(args: string[], out: (s: string) => void): number {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } } });
  const list = allRules.map((r) => ({
    id: r.meta.id,
    title: r.meta.title,
    category: r.meta.id.split('/')[0],
    cwe: r.meta.cwe,
    ssdf: r.meta.ssdf,
    severity: r.meta.severity,
    confidence: r.meta.confidence,
  }));
  if (values.format === 'json') out(JSON.stringify(list, null, 2));
  else if (values.format === 'text')
    for (const r of list) out(`${r.id.padEnd(32)} ${r.severity.padEnd(8)} ${r.cwe.join(',').padEnd(10)} ${r.title}`);
  else throw new UsageError(`--format must be text or json`);
  return 0;
}

function explain(args: string[], out: (s: string) => void): number {
  const id = args[0];
  if (!id) throw new UsageError('explain needs a rule id (see `paved-road rules`)');
  const doc = ruleById(id) && ruleDoc(id);
  if (!doc) throw new UsageError(`unknown rule '${id}' (see \`paved-road rules\`)`);
  out(doc.trimEnd());
  return 0;
}

function version(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version as string;
}

if (require.main === module) {
  main(
    process.argv.slice(2),
    (s) => process.stdout.write(s + '\n'),
    (s) => process.stderr.write(s + '\n'),
  )
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`paved-road: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    });
}
