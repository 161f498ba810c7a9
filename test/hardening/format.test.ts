// One formatter for the source (Biome, configured in biome.json): a line runs to hundreds of
// characters only where a string, regular expression or comment cannot be broken. Rule cases,
// fixtures, the labelled corpora (test/corpus, test/fixtures) and the course/example apps are inputs
// whose line numbers the tests and labels point at, so they are left as written (biome.json's
// `files.includes`). `npm run format` rewrites; this test only checks.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();

describe('formatting', () => {
  it('every source file is as Biome formats it (npm run format)', function () {
    this.timeout(120_000);
    const biome = path.join(root, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
    assert.ok(
      fs.existsSync(biome),
      `Biome is a dev dependency and must be installed: ${biome} is missing (run npm ci)`,
    );
    const run = spawnSync(process.execPath, [biome, 'format', '--colors=off', '.'], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    const unformatted = [...output.matchAll(/^(\S+\.(?:ts|mjs)) format /gm)].map((m) => m[1]);
    assert.equal(run.status, 0, `not formatted (run npm run format): ${unformatted.join(', ') || output.slice(-2000)}`);
    // An include list that matched nothing would pass silently: the source is hundreds of files.
    const checked = Number(/Checked (\d+) files?/.exec(output)?.[1] ?? 0);
    assert.ok(
      checked >= 200,
      `Biome checked ${checked} files; biome.json's includes must reach server/, rules/, client/, test/ and scripts/`,
    );
  });
});
