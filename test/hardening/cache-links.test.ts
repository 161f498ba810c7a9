// The scan cache (`--cache`) is workspace data: a committed `.paved-road-cache/` can hold symbolic
// links. Before, a linked cache folder or shard folder made `scan --cache` write entries outside the
// workspace and, when pruning, delete `*.tmp` and 64-hex `.json` files there; an entry linked to
// /dev/zero was read until the process aborted at 4 GB. Now the cache follows no link (lstat every
// component, O_NOFOLLOW, O_EXCL temporary files), refuses a folder that is a link or another
// user's (said on stderr; the scan runs without a cache), reads an entry only up to a size cap
// after fstat, and prunes only files whose MAC it verifies.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_ENTRY_BYTES, openCacheDir, ScanCache } from '../../server/host/cache';
import { packageRoot } from '../../server/engine/paths';

const cli = path.join(packageRoot(), 'dist', 'cli.js');
const VULNERABLE =
  "const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n";
const SECRET = 'cache-links-secret';
const DAY = 24 * 3600 * 1000;
const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Every file under `dir` with its content, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, name);
    if (fs.lstatSync(abs).isFile()) out[name] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

function age(file: string, days: number): void {
  const t = new Date(Date.now() - days * DAY);
  fs.utimesSync(file, t, t);
}

function scan(workspace: string): { status: number | null; stderr: string; findings: number } {
  const r = spawnSync(process.execPath, [cli, 'scan', '--cache', '--format', 'json', '.'], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...process.env, PAVED_ROAD_CACHE_SECRET: SECRET },
  });
  const report = JSON.parse(r.stdout) as { summary: { findings: number } };
  return { status: r.status, stderr: r.stderr, findings: report.summary.findings };
}

describe('the scan cache never follows a link', function () {
  this.timeout(120000);
  let base: string;
  let workspace: string;
  let outside: string;
  beforeEach(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-cache-links-'));
    workspace = path.join(base, 'repo');
    outside = path.join(base, 'outside');
    fs.mkdirSync(workspace);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(workspace, 'app.js'), VULNERABLE);
    // Files outside the workspace named exactly like what the cache writes and prunes.
    fs.writeFileSync(path.join(outside, `${'ab'.repeat(32)}.json`), 'precious');
    fs.writeFileSync(path.join(outside, `${'ab'.repeat(32)}.json.1.deadbeef.tmp`), 'precious too');
    fs.writeFileSync(path.join(outside, 'notes.tmp'), 'mine');
    for (const f of fs.readdirSync(outside)) age(path.join(outside, f), 30);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('a cache folder that is a symbolic link is refused on stderr, and the scan runs (and reports) without it', () => {
    const before = snapshot(outside);
    fs.symlinkSync(outside, path.join(workspace, '.paved-road-cache'));
    const run = scan(workspace);
    assert.match(run.stderr, /paved-road: cache refused, scanning without it: .*\.paved-road-cache is a symbolic link/);
    assert.equal(run.findings, 1);
    assert.equal(run.status, 1);
    assert.deepEqual(snapshot(outside), before, 'nothing written or deleted outside');
  });

  it('shard folders linked outside the workspace: no entry is written, read or deleted there', () => {
    const before = snapshot(outside);
    const cacheDir = path.join(workspace, '.paved-road-cache');
    fs.mkdirSync(cacheDir);
    for (const shard of HEX_PAIRS) fs.symlinkSync(outside, path.join(cacheDir, shard));
    for (let i = 0; i < 2; i++) {
      const run = scan(workspace);
      assert.equal(run.findings, 1, run.stderr);
      assert.match(run.stderr, /cache .*: 0 reused, 1 analysed/);
    }
    assert.deepEqual(snapshot(outside), before, 'nothing written or deleted outside');
  });

  it('a parent folder of the cache that is a link, a cache path that is a file, or a folder of another user is refused', () => {
    fs.symlinkSync(outside, path.join(workspace, 'build'));
    assert.match(openCacheDir(path.join(workspace, 'build', 'cache'), workspace)!, /build is a symbolic link/);
    assert.deepEqual(
      fs.readdirSync(outside).sort(),
      Object.keys(snapshot(outside)).sort(),
      'no folder created through the link',
    );
    fs.writeFileSync(path.join(workspace, 'plain'), 'x');
    assert.match(openCacheDir(path.join(workspace, 'plain'), workspace)!, /plain is not a directory/);
    if (process.getuid?.() === 0) {
      // Running as root (CI containers): a folder handed to another user can be made for real.
      const theirs = path.join(workspace, 'theirs');
      fs.mkdirSync(theirs);
      fs.chownSync(theirs, 4242, 4242);
      assert.match(openCacheDir(theirs, workspace)!, /theirs belongs to another user \(uid 4242\)/);
      const run = spawnSync(process.execPath, [cli, 'scan', '--cache', '--cache-location', 'theirs', '.'], {
        cwd: workspace,
        encoding: 'utf8',
      });
      assert.match(run.stderr, /cache refused, scanning without it: .*belongs to another user/);
    }
    assert.equal(openCacheDir(path.join(workspace, 'fresh', 'cache'), workspace), undefined);
    assert.ok(fs.lstatSync(path.join(workspace, 'fresh', 'cache')).isDirectory());
  });

  it('an entry linked to /dev/zero, a FIFO or an oversized file is not read: a miss', () => {
    const dir = path.join(workspace, 'cache');
    fs.mkdirSync(dir);
    const cache = new ScanCache({ dir, secret: Buffer.alloc(32, 1), salt: 'test' });
    const keys = ['zero', 'fifo', 'huge', 'ok'].map((n) => cache.keyFor(`/w/${n}.js`, n, {}));
    cache.set(keys[3], { findings: [], notes: [] });
    const entry = (key: string): string => path.join(dir, key.slice(0, 2), `${key}.json`);
    for (const key of keys.slice(0, 3)) fs.mkdirSync(path.dirname(entry(key)), { recursive: true });
    fs.symlinkSync('/dev/zero', entry(keys[0]));
    const fifo = spawnSync('mkfifo', [entry(keys[1])]);
    fs.writeFileSync(entry(keys[2]), '');
    fs.truncateSync(entry(keys[2]), MAX_ENTRY_BYTES + 1); // sparse: costs no disk
    assert.equal(cache.get(keys[0], 10), undefined);
    if (fifo.status === 0) assert.equal(cache.get(keys[1], 10), undefined); // would block forever if opened for a plain read
    assert.equal(cache.get(keys[2], 10), undefined);
    assert.deepEqual(cache.get(keys[3], 10), { findings: [], notes: [] }, 'a real entry still hits');
    assert.equal(cache.hits, 1);
  });

  it('a link named like an entry is replaced by the entry, never written through', () => {
    const dir = path.join(workspace, 'cache');
    fs.mkdirSync(dir);
    const cache = new ScanCache({ dir, secret: Buffer.alloc(32, 1), salt: 'test' });
    const key = cache.keyFor('/w/a.js', 'a', {});
    const entry = path.join(dir, key.slice(0, 2), `${key}.json`);
    fs.mkdirSync(path.dirname(entry), { recursive: true });
    const victim = path.join(outside, 'victim.txt');
    fs.writeFileSync(victim, 'unchanged');
    fs.symlinkSync(victim, entry);
    cache.set(key, { findings: [], notes: [] });
    assert.equal(fs.readFileSync(victim, 'utf8'), 'unchanged');
    assert.ok(fs.lstatSync(entry).isFile(), 'the link was replaced by a real entry');
    assert.deepEqual(cache.get(key, 10), { findings: [], notes: [] });
  });

  it("prunes only entries whose MAC it verifies: a stranger's files named like entries stay", () => {
    const dir = path.join(workspace, 'cache');
    fs.mkdirSync(dir);
    const cache = new ScanCache({ dir, secret: crypto.createHash('sha256').update(SECRET).digest(), salt: 'test' });
    const ours = cache.keyFor('/w/a.js', 'a', {});
    cache.set(ours, { findings: [], notes: [] });
    const ourFile = path.join(dir, ours.slice(0, 2), `${ours}.json`);
    const strangerKey = `${ours.slice(0, 2)}${'1'.repeat(62)}`;
    const stranger = path.join(dir, ours.slice(0, 2), `${strangerKey}.json`);
    const strangerTemp = path.join(dir, ours.slice(0, 2), `${strangerKey}.json.77.cafebabe.tmp`);
    const ourTemp = path.join(dir, ours.slice(0, 2), `${ours}.json.78.cafebabe.tmp`);
    fs.writeFileSync(stranger, "someone else's");
    fs.writeFileSync(strangerTemp, "someone else's");
    fs.copyFileSync(ourFile, ourTemp); // a writer that crashed between write and rename
    for (const f of [ourFile, stranger, strangerTemp, ourTemp]) age(f, 30);
    const outcome = cache.prune();
    assert.equal(outcome.removed, 2);
    assert.ok(!fs.existsSync(ourFile) && !fs.existsSync(ourTemp), 'ours, verified, removed');
    assert.ok(fs.existsSync(stranger) && fs.existsSync(strangerTemp), 'not ours: left alone');
  });
});
