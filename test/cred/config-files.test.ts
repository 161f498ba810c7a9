// The credentials family on config files, through the front doors: the CLI finds secrets in
// committed .env, JSON and YAML files and leaves git-ignored .env files, lock files, source maps
// and tool manifests alone; the editor does not squiggle a git-ignored .env; hostile inputs
// (multi-megabyte base64, minified bundles, lock files, source maps, SRI hashes) finish with few
// or no findings. No timing assertions: completion, counts and notes.
// Secrets are built at run time so this file holds none.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze, isAnalysable } from '../../server/host/analyze';
import { collectFiles, isGitIgnored } from '../../server/host/scan';
import { packageRoot } from '../../server/engine/paths';
import { startClient } from '../helpers/lsp-client';

const root = packageRoot();
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Deterministic pseudo-random text (a linear congruential generator; no secrets in the source). */
function noise(n: number, seed: number, alphabet = ALNUM): string {
  let x = seed >>> 0;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out += alphabet[x % alphabet.length];
  }
  return out;
}
const PASSWORD = 'Pw-' + noise(14, 7);
const STRIPE = 'sk' + '_live_' + noise(24, 11);

function credFindings(file: string, text: string) {
  const result = analyze({ file, text });
  return { result, cred: result.findings.filter((f) => f.ruleId.startsWith('cred/')) };
}

describe('credentials in config files', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-cred-config-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'deploy'));
    fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n.env\n.env.local\n');
    fs.writeFileSync(path.join(dir, '.env'), `DB_PASSWORD=${PASSWORD}\n`);
    fs.writeFileSync(path.join(dir, '.env.local'), `STRIPE_SECRET_KEY=${STRIPE}\n`);
    fs.writeFileSync(path.join(dir, 'deploy', 'prod.env'), `DB_PASSWORD=${PASSWORD}\n`);
    fs.writeFileSync(path.join(dir, '.env.example'), 'DB_PASSWORD=changeme\nSTRIPE_SECRET_KEY=\n');
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ db: { password: PASSWORD } }, null, 2));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify(
        {
          name: 'shop',
          version: '1.0.0',
          scripts: { test: 'mocha', 'db:reset': 'knex migrate:rollback --all' },
          dependencies: { pg: '^8.11.0' },
        },
        null,
        2,
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, outDir: 'out' } }),
    );
    const lock = {
      name: 'shop',
      lockfileVersion: 3,
      packages: Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [
          `node_modules/p${i}`,
          {
            version: '1.0.0',
            resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.0.tgz`,
            integrity: `sha512-${noise(86, i)}==`,
          },
        ]),
      ),
    };
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    fs.writeFileSync(
      path.join(dir, 'pnpm-lock.yaml'),
      `lockfileVersion: '9.0'\npackages:\n${Array.from({ length: 200 }, (_, i) => `  p${i}@1.0.0:\n    resolution: {integrity: sha512-${noise(86, i)}==}\n`).join('')}`,
    );
    fs.writeFileSync(
      path.join(dir, 'app.js.map'),
      JSON.stringify({
        version: 3,
        sources: ['app.ts'],
        mappings: noise(5000, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/;,'),
        sourcesContent: [`const token = "${STRIPE}";`],
      }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kinds: .env and its variants, JSON, YAML; never lock files, source maps or tool manifests', () => {
    for (const f of [
      '.env',
      '.env.production',
      'deploy/prod.env',
      'config.json',
      'settings.jsonc',
      'docker-compose.yml',
      'k8s/app.yaml',
    ])
      assert.ok(isAnalysable(f), f);
    for (const f of [
      'package-lock.json',
      'npm-shrinkwrap.json',
      'pnpm-lock.yaml',
      'yarn.lock',
      'app.js.map',
      'tsconfig.json',
      'tsconfig.build.json',
      'jsconfig.json',
      'paved-road.schema.json',
      '.envrc',
    ])
      assert.ok(!isAnalysable(f), f);
  });

  it('git-ignored .env files are the paved road: not collected by the CLI, and known ignored', () => {
    const rel = collectFiles([dir], []).map((f) => path.relative(dir, f).split(path.sep).join('/'));
    assert.deepEqual(rel, ['.env.example', 'config.json', 'deploy/prod.env', 'package.json']);
    assert.equal(isGitIgnored(path.join(dir, '.env')), true);
    assert.equal(isGitIgnored(path.join(dir, '.env.local')), true);
    assert.equal(isGitIgnored(path.join(dir, 'deploy', 'prod.env')), false);
  });

  it('CLI: the committed .env and the JSON config are findings, placeholders and manifests are not', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'none'],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
    const byFile = Object.fromEntries(
      report.files
        .filter((f) => f.findings.length)
        .map((f) => [f.path.split(path.sep).join('/'), f.findings.map((x) => x.ruleId)]),
    );
    assert.deepEqual(byFile, {
      'config.json': ['cred/hardcoded-secret'],
      'deploy/prod.env': ['cred/hardcoded-secret'],
    });
    assert.ok(!r.stdout.includes(PASSWORD) && !r.stdout.includes(STRIPE), 'no secret echoed');
  });

  it('editor: a git-ignored .env is not squiggled, a committed one is', async () => {
    const client = await startClient({ rootUri: pathToFileURL(dir).href });
    try {
      const ignoredUri = pathToFileURL(path.join(dir, '.env')).href;
      const ignored = client.diagnostics(ignoredUri);
      client.open(ignoredUri, 'dotenv', `DB_PASSWORD=${PASSWORD}\n`);
      assert.deepEqual((await ignored).diagnostics, []);
      const committedUri = pathToFileURL(path.join(dir, 'deploy', 'prod.env')).href;
      const committed = client.diagnostics(committedUri);
      client.open(committedUri, 'dotenv', `DB_PASSWORD=${PASSWORD}\n`);
      assert.deepEqual(
        (await committed).diagnostics.map((d) => d.code),
        ['cred/hardcoded-secret'],
      );
    } finally {
      await client.close();
    }
  });
});

describe('credentials: hostile and generated input', function () {
  this.timeout(120000);
  const budgetNotes = (notes: { kind: string; message: string; ruleId?: string }[]) =>
    notes.filter((n) => n.kind === 'skipped' && n.ruleId?.startsWith('cred/'));
  /** Completed, with at most `max` credential findings, and any cred rule stopped by its budget says so. */
  function bounded(file: string, text: string, max: number): void {
    const { result, cred } = credFindings(file, text);
    assert.ok(cred.length <= max, `${file}: ${cred.length} credential findings (at most ${max} expected)`);
    for (const n of budgetNotes(result.notes))
      assert.match(n.message, /took longer than \d+ ms/, 'a stopped rule says so');
    for (const f of cred) assert.ok(!f.message.includes(PASSWORD) && !f.message.includes(STRIPE));
  }

  it('a 1.5 MB base64 blob in JSON, YAML, .env and JS: no findings', () => {
    const blob = Buffer.from(noise(1_100_000, 5)).toString('base64');
    bounded('assets.json', JSON.stringify({ logo: blob, data: { payload: blob.slice(0, 200_000) } }), 0);
    bounded('assets.yaml', `logo: ${blob}\nicon: |\n  ${blob.slice(0, 100_000)}\n`, 0);
    bounded('.env', `LOGO_BASE64=${blob}\n`, 0);
    bounded('assets.js', `export const logo = "${blob}";\n`, 0);
  });

  it('a minified bundle full of high-entropy strings: no findings but the one real key', () => {
    const parts: string[] = [];
    // Under 32 KiB, so the engine reads it as code (a larger bundle is declined as one, with a note: coverage.ts).
    for (let i = 0; i < 500; i++) parts.push(`a${i}:"${noise(32 + (i % 20), i)}"`);
    const bundle = `!function(){var e={${parts.join(',')}};window.__h=e;var k="${STRIPE}"}();`;
    assert.ok(bundle.length > 20_000 && bundle.length < 32 * 1024, String(bundle.length));
    const { cred } = credFindings('vendor.js', bundle);
    assert.deepEqual(
      cred.map((f) => f.ruleId),
      ['cred/provider-token'],
    );
  });

  it('key files: a private key is found, a hostile 1.8 MB .pem of unterminated key headers finishes with none', () => {
    const body = Buffer.from(noise(600, 3))
      .toString('base64')
      .replace(/(.{64})/g, '$1\n');
    const begin = '-----BEGIN RSA ' + 'PRIVATE KEY-----';
    const key = `${begin}\n${body}\n-----END RSA ${'PRIVATE KEY'}-----\n`;
    assert.deepEqual(
      credFindings('certs/server.key', key).cred.map((f) => f.ruleId),
      ['cred/provider-token'],
    );
    assert.deepEqual(
      credFindings('deploy/id_rsa', key).cred.map((f) => f.ruleId),
      ['cred/provider-token'],
    );
    assert.deepEqual(credFindings('certs/server.pem', key.replace(/RSA PRIVATE KEY/g, 'CERTIFICATE')).cred, []);
    bounded('hostile.pem', `${begin}\n${noise(120, 9)}\n`.repeat(12_000), 0);
  });

  it('a JSON document with 30,000 high-entropy values under neutral keys: no findings, a note when truncated', () => {
    const entries = Array.from({ length: 30_000 }, (_, i) => `"k${i}": "${noise(40, i)}"`);
    const { result, cred } = credFindings('cache.json', `{${entries.join(',')}}`);
    assert.equal(cred.length, 0);
    assert.ok(
      result.notes.some((n) => n.kind === 'skipped' && /only the first/.test(n.message)),
      'the truncation is visible',
    );
  });

  it('SRI and lock-file integrity hashes, named or not, are not secrets', () => {
    const sri = Array.from({ length: 200 }, (_, i) => `sha384-${Buffer.from(noise(48, i)).toString('base64')}`);
    bounded(
      'assets.json',
      JSON.stringify({ scripts: sri.map((integrity, i) => ({ src: `/s${i}.js`, integrity })) }),
      0,
    );
    bounded('integrity.yaml', sri.map((h, i) => `asset${i}:\n  integrity: ${h}\n  hash: ${h}\n`).join(''), 0);
    bounded('sri.js', `export const INTEGRITY = ${JSON.stringify(sri)};`, 0);
  });

  it('deep nesting and unterminated quotes finish with a note or nothing, never a crash', () => {
    bounded('deep.json', '['.repeat(200_000), 0);
    bounded('deep.yaml', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'), 0);
    bounded('.env', Array.from({ length: 50_000 }, (_, i) => `K${i}="unterminated ${i}`).join('\n'), 0);
    bounded(
      'aliases.yaml',
      `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 20 },
        (_, i) =>
          `l${i + 1}: &l${i + 1} [${Array(9)
            .fill(i ? `*l${i}` : '*a')
            .join(', ')}]`,
      ).join('\n')}\n`,
      0,
    );
  });

  it('lock files and source maps are not read even when named explicitly', () => {
    for (const f of ['package-lock.json', 'pnpm-lock.yaml', 'app.js.map', 'npm-shrinkwrap.json']) {
      const { result } = credFindings(f, `{"password": "${PASSWORD}", "token": "${STRIPE}"}`);
      assert.deepEqual(result.findings, [], f);
    }
  });
});
