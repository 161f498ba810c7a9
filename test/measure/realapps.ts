// The real-application benchmark (issue 21): Paved Road and the tools a team would otherwise run
// (ESLint + eslint-plugin-security + eslint-plugin-no-unsanitized; secretlint's recommended
// preset) on real Node applications, scored against test/fixtures/realapps (see its README).
//
//   npm run measure -- realapps [--app NAME] [--details]
//   (node out/test/measure/heldout.js realapps …, after a build)
//
// The applications are not in the repository: they are read from PAVED_ROAD_REALAPPS, else from
// .realapps/ (git-ignored); `node scripts/realapps.mjs` brings them at the labelled commits.
// Paved Road is a black box here: the built CLI scans each app; the peers get the same files
// (the CLI's own walk, minus what it skipped; ESLint only the JS/TS ones). Not a mocha suite: it
// measures, it does not assert. It prints paths, line numbers and rule ids, never the text of a
// line (the apps hold real secret-shaped values).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import {
  appsRoot,
  checkAgainst,
  checkShape,
  checkout,
  covers,
  families,
  loadAll,
  placesOf,
  type AppLabel,
  type AppLabels,
  type Family,
} from './realapps-labels';

export interface Hit {
  file: string;
  line: number;
  ruleId: string;
}
type Tool = 'paved-road' | 'eslint' | 'secretlint';

/** Which family a finding belongs to; undefined: outside the four families (not scored). */
export function familyOf(tool: Tool, ruleId: string): Family | undefined {
  if (tool === 'paved-road')
    return (families as readonly string[]).find((f) => ruleId.startsWith(`${f}/`)) as Family | undefined;
  if (tool === 'secretlint') return 'cred';
  // eslint-plugin-security has no SQL, credentials or logging rule; its one XSS rule is the
  // mustache-escape one. Everything no-unsanitized reports is an HTML sink.
  if (ruleId.startsWith('no-unsanitized/') || ruleId === 'security/detect-disable-mustache-escape') return 'xss';
  return undefined;
}

/** The families a tool has rules for: a peer is not scored on a family it does not claim. */
export const toolFamilies: Record<Tool, readonly Family[]> = {
  'paved-road': families,
  eslint: ['xss'],
  secretlint: ['cred'],
};

export interface Finding {
  file: string;
  line: number;
  rules: string[];
}
export interface FamilyScore {
  family: Family;
  known: number;
  found: number;
  tp: number;
  /** Findings on a `false` or `none` label. */
  fp: number;
  /** Further findings (at other lines) of an event already reported once. */
  dup: number;
  /** Findings no label covers. */
  unknown: number;
  misses: AppLabel[];
  falseAlarms: { finding: Finding; label: AppLabel }[];
  duplicates: { finding: Finding; label: AppLabel }[];
  untriaged: Finding[];
}

/**
 * One tool on one app for one family. A finding is a distinct file:line (its rule ids joined).
 * It matches a label of the same family covering its line (see the README's "Matching").
 */
export function score(labels: readonly AppLabel[], hits: readonly Hit[], family: Family): FamilyScore {
  const mine = labels.filter((l) => l.family === family);
  const byLine = new Map<string, Finding>();
  for (const h of hits) {
    const key = `${h.file}\n${h.line}`;
    const f = byLine.get(key) ?? { file: h.file, line: h.line, rules: [] };
    if (!f.rules.includes(h.ruleId)) f.rules.push(h.ruleId);
    byLine.set(key, f);
  }
  const findings = [...byLine.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const s: FamilyScore = {
    family,
    known: mine.filter((l) => l.kind === 'issue').length,
    found: 0,
    tp: 0,
    fp: 0,
    dup: 0,
    unknown: 0,
    misses: [],
    falseAlarms: [],
    duplicates: [],
    untriaged: [],
  };
  const matched = new Set<AppLabel>();
  for (const f of findings) {
    f.rules.sort();
    const label = mine.find((l) => placesOf(l).some((p) => covers(p, f.file, f.line)));
    if (!label) {
      s.unknown++;
      s.untriaged.push(f);
      continue;
    }
    if (label.kind === 'false' || label.kind === 'none') {
      s.fp++;
      s.falseAlarms.push({ finding: f, label });
      continue;
    }
    if (matched.has(label)) {
      s.dup++;
      s.duplicates.push({ finding: f, label });
      continue;
    }
    matched.add(label);
    s.tp++;
    if (label.kind === 'issue') s.found++;
  }
  s.misses = mine.filter((l) => l.kind === 'issue' && !matched.has(l));
  return s;
}

export function sum(family: Family, scores: readonly FamilyScore[]): FamilyScore {
  const t = score([], [], family);
  for (const s of scores) {
    t.known += s.known;
    t.found += s.found;
    t.tp += s.tp;
    t.fp += s.fp;
    t.dup += s.dup;
    t.unknown += s.unknown;
  }
  return t;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const rel = (app: string, p: string): string => path.relative(app, path.resolve(app, p)).split(path.sep).join('/');

function usage(message?: string): never {
  if (message) process.stderr.write(`realapps: ${message}\n`);
  process.stderr.write('usage: npm run measure -- realapps [--app NAME] [--details]\n');
  process.exit(2);
}

interface Run {
  tool: Tool;
  hits: Hit[];
  notes: string[];
}

function pavedRoad(app: string): { run: Run; files: string[]; lines: number } {
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) usage(`${cli} is missing: run node scripts/build.mjs first`);
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none'], {
    cwd: app,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) usage(`the CLI exited with ${r.status} on ${app}: ${r.stderr}`);
  const report = JSON.parse(r.stdout) as {
    files: {
      path: string;
      findings: { ruleId: string; start: { line: number } }[];
      notes?: { kind: string; ruleId?: string }[];
    }[];
    skipped: { path: string; reason: string }[];
    summary: { files: number; lines: number };
  };
  const hits: Hit[] = [];
  const notes: string[] = [];
  for (const f of report.files) {
    const file = rel(app, f.path);
    for (const x of f.findings) hits.push({ file, line: x.start.line, ruleId: x.ruleId });
    for (const n of f.notes ?? [])
      if (n.kind === 'rule-error') notes.push(`rule ${n.ruleId ?? '?'} crashed on ${file}`);
  }
  for (const s of report.skipped) notes.push(`skipped ${rel(app, s.path)}: ${s.reason}`);
  // The same files as the CLI's walk (its own function), minus what it skipped: the peers' input.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { collectFiles } = require('../../server/host/scan') as typeof import('../../server/host/scan');
  const skipped = new Set(report.skipped.map((s) => rel(app, s.path)));
  const files = collectFiles([app], [])
    .map((f) => rel(app, f))
    .filter((f) => !skipped.has(f));
  if (files.length !== report.summary.files)
    notes.push(`the walk found ${files.length} files, the CLI analysed ${report.summary.files}`);
  return { run: { tool: 'paved-road', hits, notes }, files, lines: report.summary.lines };
}

async function eslint(app: string, files: string[]): Promise<Run> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ESLint } = require('eslint') as typeof import('eslint');
  process.env.BENCH_ROOT = app;
  const options = (await import(
    pathToFileURL(path.join(repoRoot, 'out', 'test', 'bench', 'eslint-options.js')).href
  )) as { default: object };
  const engine = new ESLint({ ...(options.default as object), cwd: app });
  const scripts = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
  const results = await engine.lintFiles(scripts.map((f) => path.join(app, f)));
  const hits: Hit[] = [];
  const notes: string[] = [];
  for (const r of results) {
    const file = rel(app, r.filePath);
    for (const m of r.messages) {
      if (m.ruleId) hits.push({ file, line: m.line, ruleId: m.ruleId });
      else if (m.fatal) notes.push(`could not parse ${file}:${m.line}`);
      else notes.push(`ignored ${file}`);
    }
  }
  return { tool: 'eslint', hits, notes };
}

async function secretlint(app: string, files: string[]): Promise<Run> {
  const { createEngine } = await import('@secretlint/node');
  const engine = await createEngine({
    cwd: app,
    formatter: 'json',
    color: false,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  const { output } = await engine.executeOnFiles({ filePathList: files.map((f) => path.join(app, f)) });
  // Only paths, lines and rule ids are kept: the output also carries each file's text.
  const results = JSON.parse(output) as {
    filePath: string;
    messages: { ruleId: string; loc: { start: { line: number } } }[];
  }[];
  const hits = results.flatMap((r) =>
    r.messages.map((m) => ({
      file: rel(app, r.filePath),
      line: m.loc.start.line,
      ruleId: m.ruleId.replace(/^@secretlint\/secretlint-rule-/, 'secretlint/'),
    })),
  );
  return { tool: 'secretlint', hits, notes: [] };
}

const ratio = (n: number, d: number): string => (d === 0 ? 'n/a' : (n / d).toFixed(2));
const per10k = (n: number, lines: number): string => (lines === 0 ? 'n/a' : ((n * 10000) / lines).toFixed(1));

interface AppResult {
  labels: AppLabels;
  files: number;
  lines: number;
  scores: Map<Tool, FamilyScore[]>;
  other: Map<Tool, number>;
  notes: string[];
}

function header(): string {
  return [
    'app'.padEnd(28),
    'tool'.padEnd(10),
    'family',
    'found/known',
    '  TP',
    '  FP',
    'dup',
    'untriaged',
    'precision',
    'FP/10kLOC',
    'all/10kLOC',
  ].join(' ');
}

function row(app: string, tool: string, s: FamilyScore, lines: number | undefined): string {
  const all = s.tp + s.fp + s.dup + s.unknown;
  return [
    app.padEnd(28),
    tool.padEnd(10),
    s.family.padEnd(6),
    `${s.found}/${s.known}`.padStart(11),
    String(s.tp).padStart(4),
    String(s.fp).padStart(4),
    String(s.dup).padStart(3),
    String(s.unknown).padStart(9),
    ratio(s.tp, s.tp + s.fp + s.dup).padStart(9),
    (lines === undefined ? '' : per10k(s.fp + s.dup, lines)).padStart(9),
    (lines === undefined ? '' : per10k(all, lines)).padStart(10),
  ].join(' ');
}

async function main(argv: string[]): Promise<void> {
  let only: string | undefined;
  let details = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--details') details = true;
    else if (argv[i] === '--app') only = argv[++i] ?? usage('--app needs a name');
    else if (argv[i].startsWith('--app=')) only = argv[i].slice('--app='.length);
    else usage(`unknown argument '${argv[i]}'`);
  }
  const all = loadAll();
  if (only && !all.some((a) => a.app === only))
    usage(`no labels for '${only}' (labelled: ${all.map((a) => a.app).join(', ')})`);
  const root = appsRoot();
  const results: AppResult[] = [];
  const absent: string[] = [];
  let broken = false;
  for (const a of all.filter((x) => !only || x.app === only)) {
    const c = checkout(a, root);
    if (!c.present) {
      absent.push(a.app);
      continue;
    }
    const problems = [...checkShape(a, `${a.app}.json`), ...checkAgainst(a, c.dir, c.head)];
    if (problems.length) {
      // Fail closed: labels that do not fit the checkout would score a miss as a pass.
      process.stderr.write(`realapps: ${a.app} not scored:\n  ${problems.join('\n  ')}\n`);
      broken = true;
      continue;
    }
    process.stderr.write(`realapps: scanning ${a.app}…\n`);
    const pr = pavedRoad(c.dir);
    const runs = [pr.run, await eslint(c.dir, pr.files), await secretlint(c.dir, pr.files)];
    const result: AppResult = {
      labels: a,
      files: pr.files.length,
      lines: pr.lines,
      scores: new Map(),
      other: new Map(),
      notes: [],
    };
    for (const run of runs) {
      result.scores.set(
        run.tool,
        toolFamilies[run.tool].map((family) =>
          score(
            a.labels,
            run.hits.filter((h) => familyOf(run.tool, h.ruleId) === family),
            family,
          ),
        ),
      );
      result.other.set(run.tool, run.hits.filter((h) => familyOf(run.tool, h.ruleId) === undefined).length);
      for (const n of run.notes) result.notes.push(`${run.tool}: ${n}`);
    }
    results.push(result);
  }

  const out = (s = ''): boolean => process.stdout.write(`${s}\n`);
  out(`real applications: ${all.length} labelled, ${results.length} scored from ${root}`);
  if (absent.length)
    out(
      `absent: ${absent.join(', ')} — bring them with: node scripts/realapps.mjs ${root === path.join(repoRoot, '.realapps') ? '' : root}`.trimEnd(),
    );
  if (!results.length) {
    // Nothing measured is not a result: fail rather than print an empty table that reads as clean.
    process.stderr.write('realapps: no application scored\n');
    process.exit(broken ? 2 : 1);
  }
  out();
  out(header());
  const tools: Tool[] = ['paved-road', 'eslint', 'secretlint'];
  for (const r of results) {
    for (const tool of tools) {
      for (const s of r.scores.get(tool) ?? [])
        out(row(r.labels.app, tool, s, r.labels.kind === 'clean' ? r.lines : undefined));
    }
  }
  out();
  out('all scored apps (clean apps alone for the per-10kLOC columns):');
  const cleanLines = results.filter((r) => r.labels.kind === 'clean').reduce((n, r) => n + r.lines, 0);
  for (const tool of tools) {
    for (const family of toolFamilies[tool]) {
      const total = sum(
        family,
        results.map((r) => r.scores.get(tool)!.find((s) => s.family === family)!),
      );
      const clean = sum(
        family,
        results
          .filter((r) => r.labels.kind === 'clean')
          .map((r) => r.scores.get(tool)!.find((s) => s.family === family)!),
      );
      const line = row('(all)', tool, total, undefined);
      out(
        `${line.slice(0, line.length - 20)} ${per10k(clean.fp + clean.dup, cleanLines).padStart(9)} ${per10k(clean.tp + clean.fp + clean.dup + clean.unknown, cleanLines).padStart(10)}`,
      );
    }
  }
  out();
  for (const r of results) {
    out(
      `${r.labels.app} (${r.labels.kind}, ${r.labels.commit.slice(0, 12)}): ${r.files} files, ${r.lines} lines` +
        tools
          .filter((t) => r.other.get(t))
          .map((t) => `; ${t}: ${r.other.get(t)} findings outside the four families (not scored)`)
          .join(''),
    );
    for (const n of r.notes) out(`  note: ${n}`);
  }
  if (details) {
    for (const r of results) {
      for (const tool of tools) {
        for (const s of r.scores.get(tool) ?? []) {
          if (!s.misses.length && !s.falseAlarms.length && !s.duplicates.length && !s.untriaged.length) continue;
          out(`\n${r.labels.app} ${tool} ${s.family}:`);
          for (const m of s.misses)
            out(`  miss         ${m.file}:${m.line}${m.endLine ? `-${m.endLine}` : ''}  (${m.why})`);
          for (const a of s.falseAlarms)
            out(`  false alarm  ${a.finding.file}:${a.finding.line}  ${a.finding.rules.join(', ')}  (${a.label.why})`);
          for (const d of s.duplicates)
            out(
              `  duplicate    ${d.finding.file}:${d.finding.line}  ${d.finding.rules.join(', ')}  (of ${d.label.file}:${d.label.line})`,
            );
          for (const u of s.untriaged) out(`  untriaged    ${u.file}:${u.line}  ${u.rules.join(', ')}`);
        }
      }
    }
  }
  if (broken) process.exit(2);
}

export function runRealapps(argv: string[]): void {
  main(argv).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  });
}
