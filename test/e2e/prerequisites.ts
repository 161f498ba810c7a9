// What the end-to-end suites need from the machine, and what happens when it is missing.
// PAVED_ROAD_E2E=required (set by `npm run test:e2e` and .ci/run, which installs everything) turns a
// missing prerequisite into a failure with the reason; otherwise (a plain `npm test` on a laptop)
// the suite prints the reason and skips. Never a silent pass.

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
