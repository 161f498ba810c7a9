// Applies `scan --fix` (safe only) and `scan --fix-unsafe` to a fresh copy of each real application
// and checks that nothing broke: every JavaScript file still passes `node --check` (no file that
// passed before fails after) and, for an app with a tsconfig.json, `tsc --noEmit -p` reports no
// error that it did not report before (compared as "file: TSxxxx message" counts, so moved lines
// do not count). Prints the markdown table docs/fixes.md keeps.
//
//   node scripts/build.mjs && node scripts/fix-realapps.mjs [/work/realapps] [/tmp/fixapps] [app,app…]
//
// The apps are copied with `git archive HEAD` (tracked files only); their dependencies are not
// installed (no network), so the TypeScript check compares two runs with the same missing modules.
// NODE_TYPES=<dir of an installed @types/node> links it into each copy (node_modules/@types/node),
// so that code using `process` or `Buffer` can be type-checked at all.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apps = path.resolve(process.argv[2] ?? '/work/realapps');
const work = path.resolve(process.argv[3] ?? '/tmp/fixapps');
const cli = path.join(root, 'dist', 'cli.js');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const IGNORED = /(^|\/)(node_modules|\.git|dist|build|out|coverage|\.next)\//;

function copy(app, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const archive = spawnSync('git', ['-C', path.join(apps, app), 'archive', 'HEAD'], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${app}: ${archive.stderr}`);
  const tar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout });
  if (tar.status !== 0) throw new Error(`tar ${app}: ${tar.stderr}`);
  if (process.env.NODE_TYPES) {
    fs.mkdirSync(path.join(dest, 'node_modules', '@types'), { recursive: true });
    fs.symlinkSync(path.resolve(process.env.NODE_TYPES), path.join(dest, 'node_modules', '@types', 'node'));
  }
}

function jsFiles(dir) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (IGNORED.test(`${rel}/`) || e.isSymbolicLink()) continue;
      if (e.isDirectory()) stack.push(p);
      else if (/\.(c|m)?js$/.test(e.name) && !/\.min\.js$/.test(e.name)) out.push(rel);
    }
  }
  return out.sort();
}

/** Files that fail `node --check`. */
function nodeCheck(dir, files) {
  return new Set(files.filter((f) => spawnSync(process.execPath, ['--check', f], { cwd: dir }).status !== 0));
}

/** `tsc --noEmit -p` errors as a count per "file: TSxxxx message". */
function typeErrors(dir) {
  // As the app's own compiler would: before TypeScript 6, every @types package is in scope when
  // tsconfig names none (typecheck.ts does the same when it verifies fixes).
  const declared = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const range = declared.devDependencies?.typescript ?? declared.dependencies?.typescript ?? '';
  const older = /^\D*([0-5])\./.test(range) ? ['--types', '*'] : [];
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', ...older, '-p', dir], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const counts = new Map();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line);
    if (m) counts.set(`${m[1]}: ${m[2]}`, (counts.get(`${m[1]}: ${m[2]}`) ?? 0) + 1);
  }
  return counts;
}

function newErrors(before, after) {
  const out = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(`${k} (×${n - (before.get(k) ?? 0)})`);
  return out;
}

const rows = [];
const only = process.argv[4]?.split(',');
for (const app of fs.readdirSync(apps).sort()) {
  if (!fs.existsSync(path.join(apps, app, '.git')) || (only && !only.includes(app))) continue;
  const base = path.join(work, `${app}-before`);
  copy(app, base);
  const files = jsFiles(base);
  const brokenBefore = nodeCheck(base, files);
  const hasTs = fs.existsSync(path.join(base, 'tsconfig.json'));
  const tsBefore = hasTs ? typeErrors(base) : undefined;
  for (const mode of ['--fix', '--fix-unsafe']) {
    const dest = path.join(work, `${app}${mode.replace('--', '-')}`);
    copy(app, dest);
    const started = Date.now();
    const r = spawnSync(process.execPath, [cli, 'scan', '.', mode, '--fail-on', 'none', '--format', 'json'], { cwd: dest, encoding: 'utf8', maxBuffer: 1 << 28 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const applied = /applied (\d+) fix(?:es)?(?: \(([^)]*)\))? in (\d+) file/.exec(r.stderr);
    const left = /paved-road: ((?:\d+ with a [a-z-]+ fix not applied[^;\n]*|\d+ findings? with guidance only[^;\n]*)(?:; )?)+/.exec(r.stderr)?.[0].replace('paved-road: ', '') ?? '';
    const report = JSON.parse(r.stdout);
    const remaining = report.files.reduce((n, f) => n + f.findings.length, 0);
    const after = nodeCheck(dest, jsFiles(dest));
    const broken = [...after].filter((f) => !brokenBefore.has(f));
    const ts = hasTs ? newErrors(tsBefore, typeErrors(dest)) : undefined;
    rows.push({
      app, mode, seconds,
      applied: applied ? `${applied[1]}${applied[2] ? ` (${applied[2]})` : ''} in ${applied[3]} files` : `? (${r.stderr.trim().split('\n').pop()})`,
      left: left.replace(/ \(review them[^)]*\)/, ''),
      remaining,
      node: `${files.length - brokenBefore.size}/${files.length} pass before; ${broken.length ? `NEW failures: ${broken.join(', ')}` : 'no new failure'}`,
      ts: ts === undefined ? 'no tsconfig' : `${[...tsBefore.values()].reduce((a, b) => a + b, 0)} errors before (deps not installed); ${ts.length ? `NEW: ${ts.slice(0, 3).join('; ')}` : 'no new error'}`,
    });
    process.stderr.write(`${app} ${mode}: ${rows.at(-1).applied}; ${rows.at(-1).node}; ${rows.at(-1).ts}\n`);
  }
}
console.log('| App | Mode | Fixes applied (per kind) | Not applied | Findings left | `node --check` | `tsc --noEmit` | Time |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.app} | \`${r.mode}\` | ${r.applied} | ${r.left || '—'} | ${r.remaining} | ${r.node} | ${r.ts} | ${r.seconds} s |`);
