// PAVED_ROAD_TIMING=1 (for `npm run bench -- project`): one stderr line per scan with the two
// phases' times and counts, nothing else; without it, no such line. No time is asserted.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanPaths } from '../../server/host/scan';

async function stderrOf(run: () => Promise<unknown>): Promise<string> {
  const write = process.stderr.write.bind(process.stderr);
  let captured = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    captured += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stderr.write = write;
  }
  return captured;
}

describe('scan: PAVED_ROAD_TIMING per-phase line', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-timing-'));
    fs.writeFileSync(path.join(dir, 'filters.js'), `exports.byName = (name) => " WHERE name = '" + name + "'";\n`);
    fs.writeFileSync(
      path.join(dir, 'repo.js'),
      `const { Pool } = require('pg');\nconst filters = require('./filters');\nconst pool = new Pool();\nexports.find = (name) => pool.query('SELECT * FROM users' + filters.byName(name));\n`,
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    delete process.env.PAVED_ROAD_TIMING;
  });

  it('prints the phases with times and counts only (no path) when asked', async () => {
    process.env.PAVED_ROAD_TIMING = '1';
    const out = await stderrOf(() => scanPaths([dir], {}));
    const lines = out.split('\n').filter((l) => l.startsWith('paved-road timing: '));
    assert.equal(lines.length, 1, out);
    assert.ok(!lines[0].includes(dir) && !lines[0].includes('repo.js'), lines[0]);
    const timing = JSON.parse(lines[0].slice('paved-road timing: '.length));
    assert.equal(timing.files, 2);
    for (const phase of ['phase1', 'phase2', 'total'])
      for (const key of ['wallMs', 'cpuMs']) assert.equal(typeof timing[phase][key], 'number', `${phase}.${key}`);
    // repo.js imports a module whose summary matters (and filters.js learns its caller): phase 2 analyses them again.
    assert.ok(timing.phase2.handed >= 1, JSON.stringify(timing));
    assert.equal(timing.phase2.analysed, timing.phase2.handed); // no cache: every file handed facts is analysed again
  });

  it('prints nothing without the variable', async () => {
    const out = await stderrOf(() => scanPaths([dir], {}));
    assert.ok(!out.includes('paved-road timing'), out);
  });
});
