// CI fleets: `scan --shard i/n` splits a scan into disjoint parts whose union is the whole scan, and
// `merge-sarif` joins the parts' SARIF logs into one valid log with the same results.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { packageRoot } from '../../server/engine/paths';
import { parseShard, shardOf } from '../../server/cli/shard';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');
const targets = ['rules', 'examples'];

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  files: { path: string; findings: { ruleId: string; start: { line: number; column: number } }[] }[];
  skipped: { path: string }[];
  summary: { files: number; skipped: number; findings: number; lines: number };
}

function jsonScan(extra: string[]): JsonReport {
  const r = run(['scan', '--format', 'json', '--fail-on', 'none', ...extra, ...targets]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

const findingKeys = (report: JsonReport): string[] =>
  report.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.start.line}:${x.start.column} ${x.ruleId}`));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SARIF is checked by the official schema
function validSarif(log: any): void {
  const schema = JSON.parse(
    fs.readFileSync(path.join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

describe('scan --shard and merge-sarif', function () {
  this.timeout(180000);

  it('parses i/n strictly', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '1', 'a/b', '1/4/2', '-1/4', '1/99999'])
      assert.throws(() => parseShard(bad), /--shard takes i\/n/, bad);
  });

  it('puts a file in a shard by its own path only: adding files never moves the others', () => {
    const paths = Array.from({ length: 400 }, (_, i) => `src/module-${i}/index.ts`);
    const before = paths.map((p) => shardOf(p, 4));
    const after = [...paths, ...Array.from({ length: 100 }, (_, i) => `src/new-${i}.ts`)].map((p) => shardOf(p, 4));
    assert.deepEqual(after.slice(0, paths.length), before);
    const sizes = [0, 1, 2, 3].map((s) => before.filter((x) => x === s).length);
    assert.ok(
      sizes.every((n) => n > 60 && n < 140),
      `a roughly even split: ${sizes.join(', ')}`,
    );
  });

  it('shards are disjoint and together are exactly the full scan; merged SARIF equals the full SARIF', () => {
    const full = jsonScan([]);
    assert.ok(full.summary.findings > 10 && full.summary.files > 50, 'a corpus with something to split');
    const n = 3;
    const parts = Array.from({ length: n }, (_, i) => jsonScan(['--shard', `${i + 1}/${n}`]));
    // Disjoint: every reported file belongs to its own shard and to no other.
    parts.forEach((part, i) => {
      for (const f of [...part.files.map((x) => x.path), ...part.skipped.map((x) => x.path)])
        assert.equal(shardOf(f, n), i, `${f} reported by shard ${i + 1}`);
    });
    const sum = (key: keyof JsonReport['summary']): number => parts.reduce((s, p) => s + p.summary[key], 0);
    assert.equal(sum('files'), full.summary.files);
    assert.equal(sum('skipped'), full.summary.skipped);
    assert.equal(sum('lines'), full.summary.lines);
    assert.equal(sum('findings'), full.summary.findings);
    assert.deepEqual(parts.flatMap(findingKeys).sort(), findingKeys(full).sort());
    assert.ok(
      parts.every((p) => p.summary.files > 0),
      'every shard got work',
    );

    // SARIF per shard, merged, against the full scan's SARIF.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-shards-'));
    const fullSarif = path.join(dir, 'full.sarif');
    assert.equal(run(['scan', '--format', 'sarif', '--fail-on', 'none', '--output', fullSarif, ...targets]).code, 0);
    const shardFiles = parts.map((_, i) => {
      const file = path.join(dir, `shard-${i + 1}.sarif`);
      const r = run([
        'scan',
        '--format',
        'sarif',
        '--fail-on',
        'none',
        '--shard',
        `${i + 1}/${n}`,
        '--output',
        file,
        ...targets,
      ]);
      assert.equal(r.code, 0, r.stderr);
      return file;
    });
    const mergedFile = path.join(dir, 'merged.sarif');
    const merged = run(['merge-sarif', ...shardFiles, '-o', mergedFile]);
    assert.equal(merged.code, 0, merged.stderr);
    assert.match(merged.stderr, /merged 3 logs into 1 run with \d+ results/);
    const log = JSON.parse(fs.readFileSync(mergedFile, 'utf8'));
    const expected = JSON.parse(fs.readFileSync(fullSarif, 'utf8'));
    validSarif(log);
    assert.equal(log.runs.length, 1);
    const [m, e] = [log.runs[0], expected.runs[0]];
    assert.deepEqual(
      m.tool.driver.rules.map((r: { id: string }) => r.id).sort(),
      e.tool.driver.rules.map((r: { id: string }) => r.id).sort(),
    );
    const key = (r: {
      ruleId: string;
      locations: {
        physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
      }[];
    }): string =>
      `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn} ${r.ruleId}`;
    assert.deepEqual(m.results.map(key).sort(), e.results.map(key).sort());
    for (const r of m.results)
      assert.equal(m.tool.driver.rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at the rule of the same id');
    assert.equal(m.invocations.length, n, 'each shard’s invocation (its skipped files, tool errors) is kept');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps other tools as their own runs, re-points rule and artifact indices', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-merge-'));
    const other = (
      rules: string[],
      uris: string[],
      results: { ruleId: string; ruleIndex: number; artifact: number }[],
    ): unknown => ({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'other-tool', version: '1.0', rules: rules.map((id) => ({ id })) } },
          artifacts: uris.map((uri) => ({ location: { uri } })),
          results: results.map((r) => ({
            ruleId: r.ruleId,
            ruleIndex: r.ruleIndex,
            message: { text: 'x' },
            locations: [{ physicalLocation: { artifactLocation: { uri: uris[r.artifact], index: r.artifact } } }],
          })),
        },
      ],
    });
    fs.writeFileSync(
      path.join(dir, 'a.sarif'),
      JSON.stringify(other(['r1', 'r2'], ['a.js', 'b.js'], [{ ruleId: 'r2', ruleIndex: 1, artifact: 1 }])),
    );
    fs.writeFileSync(
      path.join(dir, 'b.sarif'),
      JSON.stringify(
        other(
          ['r3', 'r1'],
          ['c.js', 'b.js'],
          [
            { ruleId: 'r3', ruleIndex: 0, artifact: 0 },
            { ruleId: 'r1', ruleIndex: 1, artifact: 1 },
          ],
        ),
      ),
    );
    const ours = path.join(dir, 'ours.sarif');
    run(['scan', '--format', 'sarif', '--fail-on', 'none', '--output', ours, 'examples/course-app']);
    const r = run(['merge-sarif', path.join(dir, 'a.sarif'), ours, path.join(dir, 'b.sarif')]);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    validSarif(log);
    assert.deepEqual(
      log.runs.map((x: { tool: { driver: { name: string } } }) => x.tool.driver.name),
      ['other-tool', 'paved-road'],
    );
    const o = log.runs[0];
    assert.deepEqual(
      o.tool.driver.rules.map((x: { id: string }) => x.id),
      ['r1', 'r2', 'r3'],
    );
    assert.deepEqual(
      o.results.map((x: { ruleId: string; ruleIndex: number }) => [x.ruleId, x.ruleIndex]),
      [
        ['r2', 1],
        ['r3', 2],
        ['r1', 0],
      ],
    );
    assert.deepEqual(
      o.artifacts.map((a: { location: { uri: string } }) => a.location.uri),
      ['a.js', 'b.js', 'c.js'],
      'artifacts unioned, each once',
    );
    for (const x of o.results)
      assert.equal(
        o.artifacts[x.locations[0].physicalLocation.artifactLocation.index].location.uri,
        x.locations[0].physicalLocation.artifactLocation.uri,
        'artifact index re-pointed',
      );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses input that is not SARIF 2.1.0, and a bad --shard, with exit code 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-merge-'));
    fs.writeFileSync(path.join(dir, 'bad.sarif'), '{"version": "2.0.0", "runs": []}');
    const bad = run(['merge-sarif', path.join(dir, 'bad.sarif')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not a SARIF 2\.1\.0 log/);
    assert.equal(run(['merge-sarif']).code, 2);
    const shard = run(['scan', '--shard', '4/3', 'examples']);
    assert.equal(shard.code, 2);
    assert.match(shard.stderr, /--shard takes i\/n/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
