// Issue 20: byte-level noise never buys a green build. The project's own vulnerable cases
// (rules/*/*/cases/, JS and TS) get noise that does not change what the code does — a NUL byte in a
// comment, invalid UTF-8 in a comment, a 3,000-character comment line, CR-only line endings, a
// BOM — and are scanned by the real CLI. No mutated file may come out with fewer findings than its
// original unless the run says why as a finding of its own (paved-road/not-analysed,
// analysis-incomplete or analysis-error); and the run never exits 0 while a file has findings.
// Seeded like the other fuzzers (corpus.ts); one CLI process for the whole batch.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze } from '../../server/host/analyze';
import { packageRoot } from '../../server/engine/paths';
import { FUZZ_RUNS, FUZZ_SEED, seeds, type Seed } from './corpus';

const root = packageRoot();
const FILES = Math.max(10, Math.round(FUZZ_RUNS / 5));
const SCRIPT = /^rules\/[^/]+\/[^/]+\/cases\/.*(?<!\.fixed)\.(?:[cm]?[jt]sx?)$/;

type Noise = 'nul' | 'invalid-utf8' | 'long-line' | 'cr-only' | 'bom';
const NOISE: Noise[] = ['nul', 'invalid-utf8', 'long-line', 'cr-only', 'bom'];

/** Apply noise that keeps the code's meaning: comments go at a line boundary (as their own line). */
function addNoise(text: string, noise: readonly { kind: Noise; at: number }[]): Buffer {
  let out = text;
  const tail: number[] = [];
  for (const { kind, at } of noise) {
    const lineStarts = [0, ...[...out.matchAll(/\n/g)].map((m) => m.index + 1)];
    const where = lineStarts[at % lineStarts.length];
    const insert = (line: string): void => {
      out = out.slice(0, where) + line + '\n' + out.slice(where);
    };
    switch (kind) {
      case 'nul':
        insert('// a stray \u0000 byte');
        break;
      case 'invalid-utf8':
        insert('// \uE000INVALID\uE000');
        tail.push(where);
        break; // replaced by raw bytes below
      case 'long-line':
        insert('// ' + 'x'.repeat(3000));
        break;
      case 'cr-only':
        out = out.replace(/\r?\n/g, '\r');
        break;
      case 'bom':
        if (out.charCodeAt(0) !== 0xfeff) out = '\ufeff' + out;
        break;
    }
  }
  // Invalid UTF-8: a lone continuation byte and a truncated sequence, as raw bytes.
  const bytes = Buffer.from(out, 'utf8');
  const marker = Buffer.from('\uE000', 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = bytes.indexOf(marker); i >= 0; i = bytes.indexOf(marker, from)) {
    parts.push(bytes.subarray(from, i), Buffer.from([0xff, 0xc3]));
    from = i + marker.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

describe(`fuzz: byte-level noise on the vulnerable cases (seed ${FUZZ_SEED}, ${FILES} files)`, function () {
  this.timeout(0);

  it('no mutated file yields fewer findings without a finding that says why, and the run is never green', () => {
    const vulnerable = seeds().filter(
      (s) => SCRIPT.test(s.file) && analyze({ file: s.file, text: s.text }).findings.length > 0,
    );
    assert.ok(vulnerable.length > 20, `${vulnerable.length} vulnerable cases`);
    const arbitrary = fc.record({
      seed: fc.constantFrom(...vulnerable),
      noise: fc.array(fc.record({ kind: fc.constantFrom(...NOISE), at: fc.nat() }), { minLength: 1, maxLength: 3 }),
    });
    const samples = fc.sample(arbitrary, { seed: FUZZ_SEED, numRuns: FILES });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fuzz-noise-'));
    try {
      const written: { rel: string; seed: Seed; noise: string; original: number }[] = [];
      // The original beside its noisy copy, both scanned in the same run: what other modules of the
      // project hand a file (a Passport strategy another case defines, say) is then the same for both.
      fs.mkdirSync(path.join(dir, 'original'));
      fs.mkdirSync(path.join(dir, 'noisy'));
      samples.forEach(({ seed, noise }, i) => {
        const rel = `f${String(i).padStart(4, '0')}-${path.basename(seed.file)}`;
        fs.writeFileSync(path.join(dir, 'noisy', rel), addNoise(seed.text, noise));
        fs.writeFileSync(path.join(dir, 'original', rel), seed.text);
        written.push({ rel, seed, noise: noise.map((n) => `${n.kind}@${n.at}`).join(','), original: 0 });
      });
      const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      const json = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
      const byFile = new Map(json.files.map((f) => [f.path, f.findings]));
      let explained = 0;
      for (const w of written) {
        w.original = (byFile.get(`original/${w.rel}`) ?? []).filter((f) => !f.ruleId.startsWith('paved-road/')).length;
        const findings = byFile.get(`noisy/${w.rel}`) ?? [];
        const why = findings.filter((f) => f.ruleId.startsWith('paved-road/'));
        const real = findings.length - why.length;
        if (why.length) explained++;
        assert.ok(
          real >= w.original || why.length > 0,
          `${w.seed.file} with ${w.noise}: ${real} findings instead of ${w.original}, and no finding says why (replay: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS})`,
        );
      }
      assert.ok(
        written.filter((w) => w.original > 0).length > written.length / 2,
        'most originals have findings in the scan too',
      );
      assert.ok(
        r.status === 1 || r.status === 2,
        `every file has findings or a reason, so the run is never green: exit ${r.status}\n${r.stderr}`,
      );
      console.log(
        `      ${written.length} noisy files: none lost a finding silently (${explained} explained by a coverage finding)`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
