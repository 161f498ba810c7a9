// One measured run of one tool over a list of files, in its own process so that peak RSS is the
// tool's own. Usage: node out/test/bench/tool.js <tool> <file-list.json> [cache-dir]
// Prints one JSON line: { tool, ms, cpuMs, maxRssMb, findings, problems, analysed }.
// `analysed` is how many of the listed files the tool really looked at, `of` how many it was
// given (ESLint gets only the JS/TS ones): run.ts fails the whole bench when they differ or are 0
// (an anchor that skips files would make any ratio meaningless).
// `ms` runs from before the tool's modules are loaded to the end of its work (node's own start-up,
// ~40 ms, is the same for every tool and left out).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const started = performance.now();

type Runner = (
  files: string[],
  extra: string[],
) => Promise<{
  findings: number;
  problems?: number;
  analysed: number;
  of?: number;
  ms?: number;
  cpuMs?: number;
  skipped?: string;
}>;

const here = __dirname;
const root = path.resolve(here, '..', '..', '..');

function readAll(files: string[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readSource } = require('../../server/host/scan') as typeof import('../../server/host/scan');
  return files.map((f) => {
    const r = readSource(f, Infinity);
    if ('reason' in r) throw new Error(`${f}: ${r.reason}`);
    return r.text;
  });
}

function kindOf(file: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scriptKindOf } = require('../../server/engine/parse') as typeof import('../../server/engine/parse');
  return scriptKindOf(file)!;
}

async function pavedRoad(
  files: string[],
  extra: string[],
): Promise<{ findings: number; problems: number; analysed: number; parser?: string }> {
  // The real CLI bundle, as `npx paved-road scan` runs it, called in-process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  // BENCH_CLI: another build of the CLI (`npm run bench -- cache --baseline-cli …`: before and after in one run).
  const cli = require(
    process.env.BENCH_CLI ? path.resolve(root, process.env.BENCH_CLI) : path.join(root, 'dist', 'cli.js'),
  ) as { main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> };
  const output = path.join(process.env.BENCH_TMP ?? '/tmp', `paved-road-${process.pid}.json`);
  let stderr = '';
  const code = await cli.main(
    ['scan', '--format', 'json', '--output', output, '--fail-on', 'none', ...extra, ...files],
    () => undefined,
    (s) => {
      stderr += s + '\n';
    },
  );
  if (code !== 0) throw new Error(`paved-road exited ${code}: ${stderr}`);
  const report = JSON.parse(fs.readFileSync(output, 'utf8')) as {
    summary: { findings: number; skipped: number; files: number; parser?: string };
  };
  fs.rmSync(output, { force: true });
  return {
    findings: report.summary.findings,
    problems: report.summary.skipped,
    analysed: report.summary.files,
    ...(report.summary.parser ? { parser: report.summary.parser } : {}),
  };
}

/** CPU time (ms) of this process's waited-for children (Linux /proc; undefined elsewhere). */
function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/**
 * oxlint and Biome, context rows: native linters that do less (no taint or cross-statement facts),
 * run as their own binaries over a copy of the JS/TS files (both skip anything under node_modules).
 * Absent (they are bench-only devDependencies): the row is skipped, with the reason printed.
 */
async function nativeLinter(name: 'oxlint' | 'biome', files: string[]): Promise<Awaited<ReturnType<Runner>>> {
  const bin = path.join(root, 'node_modules', '.bin', name);
  if (!fs.existsSync(bin))
    return {
      findings: 0,
      analysed: 0,
      skipped: `${name} is not installed (npm install --no-save ${name === 'biome' ? '@biomejs/biome' : 'oxlint'})`,
    };
  const scripts = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
  const copy = fs.mkdtempSync(path.join(process.env.BENCH_TMP ?? '/tmp', `paved-road-${name}-`));
  const copies = scripts.map((f, i) => {
    const target = path.join(copy, String(i), path.basename(f));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(f, target);
    return path.relative(copy, target);
  });
  const args =
    name === 'oxlint'
      ? ['--format', 'json', ...copies]
      : ['lint', '--reporter=json', '--max-diagnostics=none', ...copies];
  const cpuBefore = childrenCpuMs();
  const s = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const child = (require('node:child_process') as typeof import('node:child_process')).spawnSync(bin, args, {
    cwd: copy,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - s;
  const cpuAfter = childrenCpuMs();
  fs.rmSync(copy, { recursive: true, force: true });
  const out = child.stdout ?? '';
  const json = JSON.parse(out.slice(out.indexOf('{'))) as {
    diagnostics: { severity?: string; category?: string }[];
    number_of_files?: number;
    summary?: { changed: number; unchanged: number };
  };
  const analysed =
    name === 'oxlint' ? (json.number_of_files ?? 0) : (json.summary?.changed ?? 0) + (json.summary?.unchanged ?? 0);
  const findings = json.diagnostics.filter((d) => !String(d.category ?? '').startsWith('parse')).length;
  const problems = json.diagnostics.length - findings;
  return {
    findings,
    problems,
    analysed,
    of: scripts.length,
    ms,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: cpuAfter - cpuBefore } : {}),
  };
}

const tools: Record<string, Runner> = {
  oxlint: (files) => nativeLinter('oxlint', files),
  biome: (files) => nativeLinter('biome', files),
  /** Reading: the same safe read the CLI does (size, binary, UTF-8, minified checks). */
  async read(files) {
    readAll(files);
    return { findings: 0, analysed: files.length };
  },
  /** TypeScript's own scanner/parser: the fastest parse there is (no ESTree, no scopes). */
  async 'ts-parse'(files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    const texts = readAll(files);
    const kinds = { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX };
    files.forEach((f, i) =>
      ts.createSourceFile(`file.${kindOf(f)}`, texts[i], ts.ScriptTarget.Latest, false, kinds[kindOf(f)]),
    );
    return { findings: 0, analysed: files.length };
  },
  /** typescript-estree `parse` (ESTree AST, no scope analysis). */
  async 'estree-parse'(files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } =
      require('@typescript-eslint/typescript-estree') as typeof import('@typescript-eslint/typescript-estree');
    const texts = readAll(files);
    let problems = 0;
    files.forEach((f, i) => {
      try {
        parse(texts[i], {
          range: true,
          loc: false,
          comment: true,
          tokens: false,
          jsx: kindOf(f) !== 'ts',
          filePath: `file.${kindOf(f)}`,
        });
      } catch {
        problems++;
      }
    });
    return { findings: 0, problems, analysed: files.length };
  },
  /** The floor: read + the engine's own parse (same parser, same options, with recovery). */
  async floor(files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require('../../server/engine/parse') as typeof import('../../server/engine/parse');
    const texts = readAll(files);
    let problems = 0;
    files.forEach((f, i) => {
      problems += parse(texts[i], kindOf(f)).notes.length ? 1 : 0;
    });
    return { findings: 0, problems, analysed: files.length };
  },
  /** The floor of the engine as it runs in its analysis threads: the same parse with the native
   * parser allowed (oxc for files up to 1 MiB, typescript-estree for the rest), in a worker
   * thread with the analysis pool's stack, as a scan has it. */
  async 'native-floor'(files) {
    const { Worker } = await import('node:worker_threads');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DEFAULT_POOL_LIMITS } = require('../../server/host/pool') as typeof import('../../server/host/pool');
    const script = `
      const { parentPort, workerData, resourceLimits } = require('node:worker_threads');
      const { readSource } = require(workerData.scan);
      const { parse, scriptKindOf } = require(workerData.parse);
      require(workerData.native).enableNativeParser({ stackBytes: resourceLimits.stackSizeMb * 1024 * 1024 });
      let problems = 0;
      for (const f of workerData.files) problems += parse(readSource(f, Infinity).text, scriptKindOf(f)).notes.length ? 1 : 0;
      parentPort.postMessage(problems);`;
    const engine = path.join(__dirname, '..', '..', 'server');
    const problems = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(script, {
        eval: true,
        workerData: {
          files,
          scan: path.join(engine, 'host', 'scan.js'),
          parse: path.join(engine, 'engine', 'parse.js'),
          native: path.join(engine, 'engine', 'native-parse.js'),
        },
        resourceLimits: { stackSizeMb: DEFAULT_POOL_LIMITS.stackSizeMb },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return { findings: 0, problems, analysed: files.length };
  },
  'paved-road': pavedRoad,
  async eslint(files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ESLint } = require('eslint') as typeof import('eslint');
    process.env.BENCH_ROOT = root;
    const eslint = await ESLint.fromOptionsModule(pathToFileURL(path.join(here, 'eslint-options.js')));
    // ESLint has no parser for the template files (EJS, Handlebars, …) Paved Road reads: it gets
    // the JS/TS files only, and must analyse every one of them.
    const scripts = files.filter((f) => /\.[cm]?[jt]sx?$/.test(f));
    const results = await eslint.lintFiles(scripts);
    let findings = 0;
    let problems = 0;
    let analysed = 0;
    const ignored: string[] = [];
    for (const r of results) {
      // An ignored file comes back as one warning without a rule id ("File ignored …"), not as an
      // error: counted as a finding it once made ESLint look 20× faster than it is.
      const skip = r.messages.find((m) => m.ruleId === null && !m.fatal && /^File ignored\b/.test(m.message));
      if (skip) {
        ignored.push(`${path.relative(root, r.filePath)}: ${skip.message}`);
        continue;
      }
      analysed++;
      for (const m of r.messages) {
        if (m.fatal) problems++;
        else findings++;
      }
    }
    if (ignored.length)
      throw new Error(`ESLint ignored ${ignored.length} of ${scripts.length} files, e.g. ${ignored[0]}`);
    return { findings, problems, analysed, of: scripts.length };
  },
  async secretlint(files) {
    const { createEngine } = await import('@secretlint/node');
    const engine = await createEngine({
      cwd: root,
      formatter: 'json',
      color: false,
      configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
    });
    const { output } = await engine.executeOnFiles({ filePathList: files });
    const results = JSON.parse(output) as { messages: unknown[]; sourceContent?: string }[];
    return {
      findings: results.reduce((n, r) => n + r.messages.length, 0),
      analysed: results.filter((r) => typeof r.sourceContent === 'string').length,
    };
  },
};

async function run(): Promise<void> {
  const [tool, list, ...extra] = process.argv.slice(2);
  const runner = tools[tool];
  if (!runner) throw new Error(`unknown tool '${tool}' (${Object.keys(tools).join(', ')})`);
  const files = JSON.parse(fs.readFileSync(list, 'utf8')) as string[];
  const result = await runner(files, extra);
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  const maxRssMb = usage.maxRSS / 1024;
  // CPU time of all the process's threads: steadier than wall time on a noisy machine, for A/B runs.
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  // (A runner that spawned its tool reports the tool's own wall and CPU time; its peak RSS is not known here.)
  process.stdout.write(JSON.stringify({ tool, ms, cpuMs, maxRssMb, ...result }) + '\n');
}

run().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
