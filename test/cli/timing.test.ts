// `PAVED_ROAD_TIMING=1`: the CLI says where the scan's time went, per phase, on stderr, with the
// analysis threads' phases when threads analysed; numbers and phase names only, never a file's
// name or text. Which phases appear is asserted, never how long they took.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();

function scan(dir: string, env: Record<string, string>, ...args: string[]): { stderr: string; stdout: string } {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'dist', 'cli.js'), 'scan', '--fail-on', 'none', ...args, dir],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return { stderr: r.stderr, stdout: r.stdout };
}

describe('PAVED_ROAD_TIMING=1 (cli/timing.ts)', function () {
  this.timeout(180000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-timing-'));
    for (let i = 0; i < 3; i++)
      fs.writeFileSync(
        path.join(dir, `handler-secret-name-${i}.ts`),
        `import { Pool } from 'pg';\nconst pool = new Pool();\nexport const q${i} = (id: string) => pool.query('SELECT * FROM t WHERE id = ' + id);\n`,
      );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the phases of the calling thread and of the analysis threads, and nothing of the files', () => {
    const { stderr, stdout } = scan(dir, { PAVED_ROAD_TIMING: '1' }, '--jobs', '2', '--format', 'json');
    const lines = stderr.split('\n').filter((l) => l.startsWith('paved-road: timing'));
    assert.equal(lines.length, 3, stderr);
    const [calling, threads, cpu] = lines;
    for (const phase of ['walk', 'read', 'fix verification', 'report', 'other'])
      assert.match(calling, new RegExp(`${phase} \\d+`));
    for (const phase of ['parse', 'scope', 'facts', 'rules', 'summaries'])
      assert.match(threads, new RegExp(`${phase} \\d+`));
    assert.match(cpu, /process CPU: \d+ ms user/);
    assert.ok(!lines.join('\n').includes('handler-secret-name'), 'no file name');
    assert.ok(!stdout.includes('paved-road: timing'), 'the report itself is unchanged');
  });

  it('prints nothing of the kind without it', () => {
    const { stderr } = scan(dir, {}, '--jobs', '1');
    assert.ok(!stderr.includes('paved-road: timing'), stderr);
  });
});
