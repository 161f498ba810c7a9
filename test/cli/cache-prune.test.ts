// `--cache` must not grow forever: entries no scan used for a week go, then the least recently
// used ones until the folder is within its size cap; a hit counts as a use.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ScanCache } from '../../server/host/cache';
import { packageRoot } from '../../server/engine/paths';

const DAY = 24 * 3600 * 1000;

function entryFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((d) => /^[0-9a-f]{2}$/.test(d))
    .flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => path.join(dir, d, f)))
    .sort();
}

function age(file: string, days: number): void {
  const t = new Date(Date.now() - days * DAY);
  fs.utimesSync(file, t, t);
}

describe('scan cache pruning', function () {
  this.timeout(120000);
  let dir: string;
  let cache: ScanCache;
  const result = { findings: [], notes: [] };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-prune-'));
    cache = new ScanCache({ dir, secret: Buffer.alloc(32, 7), salt: 'test-engine' });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes entries unused for longer than the age limit and leftover temporary files; a hit keeps an entry', () => {
    const keys = ['a', 'b', 'c'].map((name) => cache.keyFor(`/w/${name}.ts`, `const ${name} = 1;`, {}));
    for (const k of keys) cache.set(k, result);
    const files = entryFiles(dir);
    assert.equal(files.length, 3);
    const byKey = (k: string): string => files.find((f) => f.includes(k))!;
    age(byKey(keys[0]), 30);
    age(byKey(keys[1]), 30);
    assert.ok(cache.get(keys[1], 100), 'a hit on an old entry…');
    // A writer that crashed between writing and renaming: its temporary file verifies (prune deletes only what does).
    const leftover = path.join(path.dirname(byKey(keys[2])), `${keys[2]}.json.123.abcd0123.tmp`);
    fs.copyFileSync(byKey(keys[2]), leftover);
    age(leftover, 1);
    const unrelated = path.join(dir, 'README');
    fs.writeFileSync(unrelated, 'not ours to delete');
    const outcome = cache.prune();
    assert.equal(outcome.removed, 2, 'the unused old entry and the leftover temporary file');
    assert.deepEqual(entryFiles(dir), [byKey(keys[1]), byKey(keys[2])].sort(), '…refreshed it, so it stays');
    assert.ok(fs.existsSync(unrelated), 'files the cache did not write are left alone');
  });

  it('caps the folder size by dropping the least recently used entries first', () => {
    const keys = Array.from({ length: 10 }, (_, i) => cache.keyFor(`/w/f${i}.ts`, `const x${i} = ${i};`, {}));
    keys.forEach((k, i) => {
      cache.set(k, result);
      age(entryFiles(dir).find((f) => f.includes(k))!, 5 - i * 0.1); // k0 oldest … k9 newest
    });
    const size = fs.statSync(entryFiles(dir)[0]).size;
    const outcome = cache.prune({ maxBytes: size * 4 });
    assert.equal(outcome.kept, 4);
    assert.ok(outcome.bytes <= size * 4);
    const left = entryFiles(dir)
      .map((f) => path.basename(f, '.json'))
      .sort();
    assert.deepEqual(left, keys.slice(6).sort(), 'the four most recently used remain');
  });

  it('a real scan prunes stale entries and keeps the ones it used', () => {
    const root = packageRoot();
    const run = (): string => {
      const r = spawnSync(
        process.execPath,
        [
          path.join(root, 'dist', 'cli.js'),
          'scan',
          '--cache',
          '--cache-location',
          dir,
          '--fail-on',
          'none',
          'examples',
        ],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, PAVED_ROAD_CACHE_SECRET: 'test-secret' },
        },
      );
      assert.equal(r.status, 0, r.stderr);
      return r.stderr;
    };
    run();
    const used = entryFiles(dir);
    assert.ok(used.length > 3);
    // An entry for a file that has since changed: nothing uses it any more (written under the same secret).
    const writer = new ScanCache({
      dir,
      secret: createHash('sha256').update('test-secret').digest(),
      salt: 'an older engine',
    });
    const staleKey = `ab${'0'.repeat(62)}`;
    writer.set(staleKey, result);
    const stale = path.join(dir, 'ab', `${staleKey}.json`);
    age(stale, 8);
    for (const f of used) age(f, 8); // the next scan's hits refresh these
    const stderr = run();
    // Entries outnumber files (a file's verified fixes and its second-phase analysis are entries of
    // their own); every file is reused, none analysed, and only the stale entry goes.
    const files = /(\d+) files scanned/.exec(stderr)?.[1];
    assert.ok(files, stderr);
    assert.match(stderr, new RegExp(`${files} reused, 0 analysed, 1 stale entries pruned`));
    assert.deepEqual(entryFiles(dir), used);
  });
});
