// Bad input (issue 10), cheap versions: a symlink loop, a minified bundle, an oversized generated
// file, a file too big for a pool worker's heap, and a few thousand tiny files. The scan finishes,
// says what it skipped and why, and analyses everything else. The full-size versions (50 MB,
// 100,000 files) are `npm run bench -- badinput`, which prints time and peak memory.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { makeBadInput } from '../bench/bad-input';

const cli = path.join(packageRoot(), 'dist', 'cli.js');

interface Report {
  skipped: { path: string; reason: string }[];
  summary: { files: number; skipped: number; findings: number };
}

function scan(dir: string, extra: string[] = []): Report {
  const r = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json', '--fail-on', 'none', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

describe('bad input: the scan finishes, skips with a note, analyses the rest', function () {
  this.timeout(300000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-bad-'));
    makeBadInput(dir, { tinyFiles: 3000, generatedMb: 3, bundleKb: 300, largeFileKb: 0 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const jobs of ['1', 'auto']) {
    it(`with --jobs ${jobs}`, () => {
      const report = scan(dir, ['--jobs', jobs]);
      const reason = (name: string): string | undefined => report.skipped.find((s) => s.path === name)?.reason;
      assert.match(reason('generated/huge.js') ?? '', /^larger than 2048 KiB/);
      assert.equal(reason('vendor-bundle/app.bundle.out.js'), 'minified or generated bundle');
      assert.equal(reason('loop/self'), 'symbolic link, not followed');
      assert.equal(reason('loop/parent'), 'symbolic link, not followed');
      assert.equal(report.summary.files, 3000 + 1, 'every tiny file and the vulnerable one');
      // Each file not analysed is a paved-road/not-analysed finding of its own (issue 20).
      assert.equal(
        report.summary.findings,
        1 + report.skipped.length,
        'the planted finding among the tiny files is still found, and each skipped file is a finding',
      );
    });
  }

  it('a file too big for a pool worker is retried alone with a larger heap, not dropped', function () {
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-big-'));
    try {
      // 250 small files put the scan on a worker; one ~1.9 MiB file of real code does not fit its heap.
      makeBadInput(big, { tinyFiles: 250, generatedMb: 0, bundleKb: 0, largeFileKb: 1900 });
      const report = scan(big, ['--jobs', '1']);
      assert.deepEqual(
        report.skipped.filter((s) => !/symbolic link/.test(s.reason)),
        [],
      );
      assert.equal(report.summary.files, 250 + 1 + 1);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });
});
