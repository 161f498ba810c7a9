// What the end-to-end suites need from the machine, and what happens when it is missing.
// PAVED_ROAD_E2E=required (set by `npm run test:e2e` and .ci/run, which installs everything) turns a
// missing prerequisite into a failure with the reason; otherwise (a plain `npm test` on a laptop)
// the suite prints the reason and skips. Never a silent pass.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';

export const required = process.env.PAVED_ROAD_E2E === 'required';

/** Call from a `before` hook: `missing` undefined means "all there". */
export function needs(ctx: Mocha.Context, suite: string, missing: string | undefined): void {
  if (!missing) return;
  if (required) throw new Error(`${suite} cannot run: ${missing}`);
  console.log(`    skipped ${suite}: ${missing}`);
  ctx.skip();
}

/** The absolute path of `command` on PATH, or undefined. */
export function which(command: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = r.stdout.trim();
  return r.status === 0 && found ? found : undefined;
}

/** Where screenshots and logs of failed scenarios are kept (git-ignored). */
export function artefactDir(): string {
  const dir = path.join(packageRoot(), 'test-artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A copy of the example app to edit freely (fixes are applied to it). */
export function copyOfExampleApp(tmp: string): string {
  const dir = path.join(tmp, 'course-app');
  fs.cpSync(path.join(packageRoot(), 'examples', 'course-app'), dir, { recursive: true });
  return dir;
}

/**
 * paved-road-server on PATH as the README's "Other editors" section says: `npm install -g .` from a
 * checkout (into a global prefix of its own under `tmp`, so the machine's is untouched). Returns the PATH.
 */
export function installAsReadmeSays(tmp: string): string {
  const prefix = path.join(tmp, 'global');
  const npm = spawnSync(
    'npm',
    ['install', '-g', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', packageRoot()],
    { encoding: 'utf8', timeout: 120000 },
  );
  assert.equal(npm.status, 0, `npm install -g . failed:\n${npm.stdout}\n${npm.stderr}`);
  const bin = path.join(prefix, 'bin');
  assert.ok(fs.existsSync(path.join(bin, 'paved-road-server')), `no paved-road-server in ${bin}`);
  // The bin's `#!/usr/bin/env node` must find a Node ≥ 20: this one.
  return [bin, path.dirname(process.execPath), process.env.PATH ?? ''].join(path.delimiter);
}
