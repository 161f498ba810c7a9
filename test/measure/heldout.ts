// Precision and recall of Paved Road on the labelled corpora in test/fixtures/corpus (see its
// README). Paved Road is a black box here: the built CLI scans a copy of one split of one family
// and the findings are compared with labels.json. For `cred`, secretlint's recommended preset is
// measured on the same files and labels; for `defaults`, the nearest ESLint peers: eslint-plugin-
// security's `detect-pseudoRandomBytes` and eslint-plugin-sonarjs's TLS/crypto/JWT/cookie/CORS rules
// (SonarQube's JavaScript rules), with a per-kind breakdown under --details.
//
//   node out/test/measure/heldout.js <xss|cred|defaults|layered> [--split dev|heldout|all] [--details]
//   (layered: the multi-file corpus of issue 23, one scan scored per family: sql, xss, cred, audit)
//   node out/test/measure/heldout.js realapps [--app NAME] [--details]   (real applications: realapps.ts)
//
// It also prints the fix rate: of the labelled defects found, how many carry an edit fix in the
// JSON output (verified since fix kinds: `guidance` does not count), and how many a safe one.
// PAVED_ROAD_CLI=/path/to/cli.js measures another build (e.g. the main branch's, for "before").
//
// Not a mocha suite on purpose (no *.test.ts): it measures, it does not assert. It prints file
// paths, line numbers and rule ids only, never the text of a line (the cred corpus is full of
// secret-shaped values).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkLabels, corpusRoot, type Labels } from './labels';
import { runRealapps } from './realapps';

type Family = 'xss' | 'cred' | 'defaults' | 'layered';
const CORPORA: readonly string[] = ['xss', 'cred', 'defaults', 'layered'];
/** The families a corpus is scored for: its own, or each of the four in the multi-family corpus. */
const familiesOf = (corpus: Family): string[] => (corpus === 'layered' ? ['sql', 'xss', 'cred', 'audit'] : [corpus]);
type Split = 'dev' | 'heldout';

/** `edit`: the finding carries a fix with edits (not guidance); `safe`: one of kind safe. */
interface Hit {
  file: string;
  line: number;
  ruleId: string;
  edit?: boolean;
  safe?: boolean;
}
interface Score {
  tool: string;
  split: Split;
  files: number;
  labelled: number;
  tp: number;
  fp: number;
  fn: number;
  /** Labelled defects found whose finding has an edit fix / a safe one. */
  fixable: number;
  safe: number;
  misses: { file: string; line: number; why: string }[];
  falseAlarms: { file: string; line: number; rules: string[] }[];
}

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function usage(message?: string): never {
  if (message) process.stderr.write(`heldout: ${message}\n`);
  process.stderr.write(
    'usage: node out/test/measure/heldout.js <xss|cred|defaults|layered> [--split dev|heldout|all] [--details]\n' +
      '       node out/test/measure/heldout.js realapps [--app NAME] [--details]\n',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): { family: Family; splits: Split[]; details: boolean } {
  let family: Family | undefined;
  let split = 'all';
  let details = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--details') details = true;
    else if (a === '--split') split = argv[++i] ?? usage('--split needs a value');
    else if (a.startsWith('--split=')) split = a.slice('--split='.length);
    else if (CORPORA.includes(a)) family = a as Family;
    else usage(`unknown argument '${a}'`);
  }
  if (!family) usage('name a family');
  if (split !== 'dev' && split !== 'heldout' && split !== 'all') usage(`unknown split '${split}'`);
  return { family, splits: split === 'all' ? ['dev', 'heldout'] : [split], details };
}

function loadLabels(dir: string, family?: string): { labels: Labels; files: string[] } {
  const { labels, files, problems } = checkLabels(dir, family);
  if (problems.length) {
    process.stderr.write(`heldout: ${dir}/labels.json does not match the files:\n  ${problems.join('\n  ')}\n`);
    process.exit(2);
  }
  return { labels, files };
}

/** Copies the split out of the repository so that the path (test/fixtures/…) says nothing about the code. */
function copyOut(dir: string, files: string[], family: Family, split: Split): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-measure-'));
  const app = path.join(root, `${family}-${split}-app`);
  for (const f of files) {
    const to = path.join(app, f);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(dir, f), to);
  }
  return app;
}

/** One route of a controls table (`controls-defaults.<split>.json`, README-defaults.md) or of the scan's JSON `routes`. */
type ControlValue = boolean | null;
interface ControlsRow {
  file: string;
  line: number;
  method?: string;
  path?: string;
  controls: Record<string, ControlValue>;
}
const CONTROL_NAMES = ['authentication', 'authorization', 'inputValidation', 'rateLimit', 'auditEvent', 'mfa'] as const;

/**
 * The per-route table scored per control, against the labelled table of the split: rows matched by
 * file and registration line; a labelled route the scan did not list counts as every cell answered
 * "n/a". Two views: agreement over the three classes (present / missing / n/a), and the `missing`
 * cells as a detector (a missing-control diagnostic is right when the labelled cell is false).
 */
function scoreControls(split: Split, labelled: ControlsRow[], found: ControlsRow[], details: boolean): string[] {
  const out: string[] = [];
  const key = (r: ControlsRow): string => `${r.file}:${r.line}`;
  const byKey = new Map(found.map((r) => [key(r), r]));
  const unmatched = labelled.filter((r) => !byKey.has(key(r)));
  const extra = found.filter((r) => !labelled.some((l) => key(l) === key(r)));
  out.push(
    `controls ${split}: ${labelled.length} labelled routes, ${labelled.length - unmatched.length} found by the scan at the same line, ${extra.length} listed by the scan and not labelled`,
  );
  out.push('control          agree/rows  missing: TP   FP   FN precision  recall');
  const wrong: string[] = [];
  for (const c of CONTROL_NAMES) {
    let agree = 0,
      tp = 0,
      fp = 0,
      fn = 0;
    for (const l of labelled) {
      const f = byKey.get(key(l))?.controls[c] ?? null;
      const want = l.controls[c];
      if (f === want) agree++;
      else
        wrong.push(
          `  ${c.padEnd(16)} ${split}/defaults/${key(l)} ${l.method ?? ''} ${l.path ?? ''}: labelled ${String(want)}, scan ${String(f)}`,
        );
      if (f === false && want === false) tp++;
      else if (f === false) fp++;
      else if (want === false) fn++;
    }
    out.push(
      `${c.padEnd(16)} ${String(agree).padStart(5)}/${String(labelled.length).padEnd(5)}      ${String(tp).padStart(4)} ${String(fp).padStart(4)} ${String(fn).padStart(4)} ${ratio(tp, tp + fp).padStart(9)} ${ratio(tp, tp + fn).padStart(7)}`,
    );
  }
  if (details) {
    for (const r of unmatched)
      out.push(`  route not found  ${split}/defaults/${key(r)} ${r.method ?? ''} ${r.path ?? ''}`);
    for (const r of extra)
      out.push(`  route not labelled  ${split}/defaults/${key(r)} ${r.method ?? ''} ${r.path ?? ''}`);
    out.push(...wrong);
  }
  return out;
}

const ROUTE_RULE = 'defaults/missing-control';
/** A hint the defaults corpus says it does not label (README-defaults.md, "Password policy"): counted, not scored. */
const UNLABELLED_HINT = 'defaults/breached-password-check';

/** The missing-control diagnostics against the table: right when the labelled route there has a `false` cell. */
function scoreRouteFindings(split: Split, labelled: ControlsRow[], hits: Hit[], details: boolean): string[] {
  const at = new Set(hits.map((h) => `${h.file}:${h.line}`));
  const withGap = labelled.filter((r) => Object.values(r.controls).some((v) => v === false));
  const right = [...at].filter((k) => withGap.some((r) => `${r.file}:${r.line}` === k));
  const wrong = [...at].filter((k) => !right.includes(k));
  const out = [
    `${ROUTE_RULE} ${split}: ${at.size} route(s) flagged, ${right.length} where the table has a missing control, ${wrong.length} where it has none (precision ${ratio(right.length, at.size)}); ${withGap.length} labelled routes miss some control (the default requirements cover only some of them)`,
  ];
  if (details) for (const k of wrong) out.push(`  false alarm  ${split}/defaults/${k}  ${ROUTE_RULE}`);
  return out;
}

/** The scan's `routes` as controls rows: present → true, missing → false, n/a → null. */
function scannedControls(
  routes: { file: string; line: number; method: string; path?: string; controls: Record<string, string> }[],
): ControlsRow[] {
  return routes.map((r) => ({
    file: r.file,
    line: r.line,
    method: r.method,
    path: r.path,
    controls: Object.fromEntries(
      Object.entries(r.controls).map(([k, v]) => [k, v === 'present' ? true : v === 'missing' ? false : null]),
    ),
  }));
}

/** Every finding of the scan (each corpus filters its families). */
function pavedRoad(app: string): { hits: Hit[]; skipped: string[]; routes: ControlsRow[] } {
  const cli = process.env.PAVED_ROAD_CLI ?? path.join(repoRoot, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) usage(`${cli} is missing: run node scripts/build.mjs first`);
  const run = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', '--jobs', '1'], {
    cwd: app,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.status !== 0 && run.status !== 1) {
    process.stderr.write(`heldout: the CLI exited with ${run.status}: ${run.stderr}\n`);
    process.exit(2);
  }
  const report = JSON.parse(run.stdout) as {
    files: {
      path: string;
      findings: { ruleId: string; start: { line: number }; fixes?: { kind?: string; edits?: unknown[] }[] }[];
    }[];
    skipped?: ({ path?: string; reason?: string } | string)[];
    routes?: { file: string; line: number; method: string; path?: string; controls: Record<string, string> }[];
  };
  const hits: Hit[] = [];
  for (const f of report.files) {
    const file = path.relative(app, path.resolve(app, f.path)).split(path.sep).join('/');
    for (const finding of f.findings) {
      const edits = (finding.fixes ?? []).filter((x) => x.kind !== 'guidance' && (x.edits?.length ?? 0) > 0);
      hits.push({
        file,
        line: finding.start.line,
        ruleId: finding.ruleId,
        edit: edits.length > 0,
        safe: edits.some((x) => x.kind === 'safe'),
      });
    }
  }
  const skipped = (report.skipped ?? []).map((s) =>
    typeof s === 'string' ? s : `${s.path ?? '?'}${s.reason ? ` (${s.reason})` : ''}`,
  );
  return { hits, skipped, routes: scannedControls(report.routes ?? []) };
}

async function secretlint(app: string, files: string[]): Promise<Hit[]> {
  const { createEngine } = await import('@secretlint/node');
  const engine = await createEngine({
    cwd: app,
    formatter: 'json',
    color: false,
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
  });
  const { output } = await engine.executeOnFiles({ filePathList: files.map((f) => path.join(app, f)) });
  const results = JSON.parse(output) as {
    filePath: string;
    messages: { ruleId: string; loc: { start: { line: number } } }[];
  }[];
  const hits: Hit[] = [];
  for (const r of results) {
    const file = path.relative(app, r.filePath).split(path.sep).join('/');
    for (const m of r.messages)
      hits.push({
        file,
        line: m.loc.start.line,
        ruleId: m.ruleId.replace(/^@secretlint\/secretlint-rule-/, 'secretlint/'),
      });
  }
  return hits;
}

/** The ESLint rules nearest to the defaults family, per peer plugin (each measured as its own row). */
const DEFAULTS_PEERS: Record<string, string[]> = {
  'eslint-sec': ['security/detect-pseudoRandomBytes'],
  sonarjs: [
    'sonarjs/pseudo-random',
    'sonarjs/hashing',
    'sonarjs/encryption-secure-mode',
    'sonarjs/no-weak-cipher',
    'sonarjs/weak-ssl',
    'sonarjs/unverified-certificate',
    'sonarjs/unverified-hostname',
    'sonarjs/insecure-jwt-token',
    'sonarjs/insecure-cookie',
    'sonarjs/cookie-no-httponly',
    'sonarjs/cors',
  ],
};

/** One ESLint run with every peer rule on; hits keep their rule id, so each plugin is scored apart. */
async function eslintPeers(app: string, files: string[]): Promise<{ hits: Hit[]; fatal: string[] }> {
  const { ESLint } = await import('eslint');
  // Imported by name at run time: eslint-plugin-security ships no types, and the shared node_modules
  // may lack a dev-only peer (then the caller notes it instead of failing the build).
  const [securityModule, sonarModule]: string[] = ['eslint-plugin-security', 'eslint-plugin-sonarjs'];
  const security = ((await import(securityModule)) as { default: unknown }).default;
  const sonarjs = ((await import(sonarModule)) as { default: unknown }).default;
  const tsParser = await import('@typescript-eslint/parser');
  const rules = Object.fromEntries(
    Object.values(DEFAULTS_PEERS)
      .flat()
      .map((r) => [r, 'error']),
  ) as never;
  const plugins = { security, sonarjs } as never;
  const eslint = new ESLint({
    cwd: app,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'],
        languageOptions: {
          ecmaVersion: 'latest',
          sourceType: 'module',
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
        plugins,
        rules,
      },
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        languageOptions: {
          parser: tsParser as never,
          ecmaVersion: 'latest',
          sourceType: 'module',
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
        plugins,
        rules,
      },
    ],
  });
  const code = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
  const results = await eslint.lintFiles(code.map((f) => path.join(app, f)));
  const hits: Hit[] = [];
  const fatal: string[] = [];
  for (const r of results) {
    const file = path.relative(app, r.filePath).split(path.sep).join('/');
    for (const m of r.messages) {
      if (m.fatal) fatal.push(`${file}:${m.line}`);
      else if (m.ruleId) hits.push({ file, line: m.line, ruleId: m.ruleId });
    }
  }
  return { hits, fatal };
}

/** Per kind (the `[kind]` prefix of each label's why): how many labels each tool found. */
function byKind(labels: Labels, scores: { tool: string; hits: Hit[] }[]): string[] {
  const kinds = new Map<string, { labelled: number; found: number[] }>();
  for (const [file, list] of Object.entries(labels)) {
    for (const l of list) {
      const kind = /^\[([^\]]+)\]/.exec(l.why)?.[1] ?? '?';
      const k = kinds.get(kind) ?? { labelled: 0, found: scores.map(() => 0) };
      k.labelled++;
      scores.forEach((s, i) => {
        if (s.hits.some((h) => h.file === file && h.line >= l.line && h.line <= (l.endLine ?? l.line))) k.found[i]++;
      });
      kinds.set(kind, k);
    }
  }
  const lines = [`${'kind'.padEnd(16)} ${'labels'.padStart(6)} ${scores.map((s) => s.tool.padStart(11)).join(' ')}`];
  for (const [kind, k] of [...kinds].sort())
    lines.push(
      `${kind.padEnd(16)} ${String(k.labelled).padStart(6)} ${k.found.map((n) => String(n).padStart(11)).join(' ')}`,
    );
  return lines;
}

/** Line-level scoring: a label is found when a finding starts on its line (or within line..endLine); a false alarm is a distinct file:line with findings and no label. */
function score(tool: string, split: Split, labels: Labels, files: string[], hits: Hit[]): Score {
  const s: Score = {
    tool,
    split,
    files: files.length,
    labelled: 0,
    tp: 0,
    fp: 0,
    fn: 0,
    fixable: 0,
    safe: 0,
    misses: [],
    falseAlarms: [],
  };
  const matched = new Set<Hit>();
  for (const [file, list] of Object.entries(labels)) {
    for (const l of list) {
      s.labelled++;
      const end = l.endLine ?? l.line;
      const found = hits.filter((h) => h.file === file && h.line >= l.line && h.line <= end);
      found.forEach((h) => matched.add(h));
      if (found.length) s.tp++;
      else {
        s.fn++;
        s.misses.push({ file, line: l.line, why: l.why });
      }
      if (found.some((h) => h.edit)) s.fixable++;
      if (found.some((h) => h.safe)) s.safe++;
    }
  }
  const alarms = new Map<string, { file: string; line: number; rules: Set<string> }>();
  for (const h of hits) {
    if (matched.has(h)) continue;
    const key = `${h.file}:${h.line}`;
    const a = alarms.get(key) ?? { file: h.file, line: h.line, rules: new Set<string>() };
    a.rules.add(h.ruleId);
    alarms.set(key, a);
  }
  s.falseAlarms = [...alarms.values()]
    .map((a) => ({ file: a.file, line: a.line, rules: [...a.rules].sort() }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  s.fp = s.falseAlarms.length;
  return s;
}

const ratio = (n: number, d: number): string => (d === 0 ? '  n/a' : (n / d).toFixed(3));

function row(s: Score): string {
  return [
    s.tool.padEnd(11),
    s.split.padEnd(8),
    String(s.files).padStart(5),
    String(s.labelled).padStart(8),
    String(s.tp).padStart(4),
    String(s.fp).padStart(4),
    String(s.fn).padStart(4),
    ratio(s.tp, s.tp + s.fp).padStart(9),
    ratio(s.tp, s.labelled).padStart(7),
    ...(s.tool === 'paved-road' ? [ratio(s.fixable, s.tp).padStart(8), String(s.safe).padStart(5)] : []),
  ].join(' ');
}

async function main(): Promise<void> {
  const { family, splits, details } = parseArgs(process.argv.slice(2));
  const scores: Score[] = [];
  const notes: string[] = [];
  const kindTables: string[] = [];
  const controlLines: string[] = [];
  for (const split of splits) {
    const dir = path.join(corpusRoot, split, family);
    if (!fs.existsSync(path.join(dir, 'labels.json'))) usage(`no corpus at ${dir}`);
    const { files } = loadLabels(dir, familiesOf(family)[0] === family ? undefined : familiesOf(family)[0]);
    const app = copyOut(dir, files, family, split);
    try {
      const pr = pavedRoad(app);
      if (pr.skipped.length)
        notes.push(`${split}: the CLI skipped ${pr.skipped.length} file(s): ${pr.skipped.join(', ')}`);
      for (const fam of familiesOf(family)) {
        const { labels } = loadLabels(dir, fam === family ? undefined : fam);
        // defaults/missing-control reports the absence of a control at a route: its truth is the
        // controls table (scored below), not the line labels.
        const hits = pr.hits.filter(
          (h) => h.ruleId.startsWith(`${fam}/`) && h.ruleId !== ROUTE_RULE && h.ruleId !== UNLABELLED_HINT,
        );
        const hints = pr.hits.filter((h) => h.ruleId === UNLABELLED_HINT);
        if (hints.length)
          notes.push(
            `${split}: ${hints.length} ${UNLABELLED_HINT} hint(s), not scored (the corpus does not label that hint)${details ? `: ${hints.map((h) => `${h.file}:${h.line}`).join(', ')}` : ''}`,
          );
        const unscanned = files.filter((f) => !hits.some((h) => h.file === f) && (labels[f]?.length ?? 0) > 0);
        if (unscanned.length && details)
          notes.push(
            `${split}: no ${fam} finding at all in ${unscanned.length} file(s) with labels: ${unscanned.join(', ')}`,
          );
        scores.push(score(fam === family ? 'paved-road' : `pr/${fam}`, split, labels, files, hits));
      }
      const controlsFile = path.join(corpusRoot, `controls-${family}.${split}.json`);
      if (fs.existsSync(controlsFile)) {
        const table = JSON.parse(fs.readFileSync(controlsFile, 'utf8')) as { routes: ControlsRow[] };
        controlLines.push(...scoreControls(split, table.routes, pr.routes, details));
        controlLines.push(
          ...scoreRouteFindings(
            split,
            table.routes,
            pr.hits.filter((h) => h.ruleId === ROUTE_RULE),
            details,
          ),
        );
      }
      if (family === 'cred')
        scores.push(score('secretlint', split, loadLabels(dir).labels, files, await secretlint(app, files)));
      if (family === 'defaults') {
        const { labels } = loadLabels(dir);
        // A peer missing from node_modules is a note, not a crash (the shared tree is installed with --no-save).
        const peers = await eslintPeers(app, files).catch((error: unknown) => {
          notes.push(
            `${split}: ESLint peers not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
          );
          return undefined;
        });
        if (peers) {
          if (peers.fatal.length)
            notes.push(`${split}: ESLint could not parse ${peers.fatal.length} file(s): ${peers.fatal.join(', ')}`);
          const rows = Object.entries(DEFAULTS_PEERS).map(([tool, ids]) => ({
            tool,
            hits: peers.hits.filter((h) => ids.includes(h.ruleId)),
          }));
          for (const r of rows) scores.push(score(r.tool, split, labels, files, r.hits));
          if (details)
            kindTables.push(
              `${split}:`,
              ...byKind(labels, [
                { tool: 'paved-road', hits: pr.hits.filter((h) => h.ruleId.startsWith('defaults/')) },
                ...rows,
              ]),
            );
        }
      }
    } finally {
      fs.rmSync(path.dirname(app), { recursive: true, force: true });
    }
  }
  if (splits.length > 1) {
    for (const tool of [...new Set(scores.map((s) => s.tool))]) {
      const mine = scores.filter((s) => s.tool === tool);
      const total: Score = {
        tool,
        split: 'all' as Split,
        files: 0,
        labelled: 0,
        tp: 0,
        fp: 0,
        fn: 0,
        fixable: 0,
        safe: 0,
        misses: [],
        falseAlarms: [],
      };
      for (const s of mine) {
        total.files += s.files;
        total.labelled += s.labelled;
        total.tp += s.tp;
        total.fp += s.fp;
        total.fn += s.fn;
        total.fixable += s.fixable;
        total.safe += s.safe;
      }
      scores.push(total);
    }
  }
  process.stdout.write(`family ${family}: corpus test/fixtures/corpus/{${splits.join(',')}}/${family}\n`);
  process.stdout.write('tool        split    files labelled   TP   FP   FN precision  recall fix-rate  safe\n');
  for (const s of scores) process.stdout.write(row(s) + '\n');
  for (const n of notes) process.stdout.write(`note: ${n}\n`);
  if (kindTables.length) process.stdout.write(`\nlabels found, by kind:\n${kindTables.join('\n')}\n`);
  if (controlLines.length) process.stdout.write(`\n${controlLines.join('\n')}\n`);
  if (details) {
    for (const s of scores) {
      if (!s.misses.length && !s.falseAlarms.length) continue;
      process.stdout.write(`\n${s.tool} ${s.split}:\n`);
      for (const m of s.misses)
        process.stdout.write(`  miss         ${s.split}/${family}/${m.file}:${m.line}  (${m.why})\n`);
      for (const a of s.falseAlarms)
        process.stdout.write(`  false alarm  ${s.split}/${family}/${a.file}:${a.line}  ${a.rules.join(', ')}\n`);
    }
  }
}

if (process.argv[2] === 'realapps') {
  runRealapps(process.argv.slice(3));
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(2);
  });
}
