import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkout, loadAll } from './realapps-labels';

// scripts/realapps.mjs brings the apps at their labelled commits. Offline, it is checked on a local
// clone of a present checkout (skipped when none is present): a checkout at another commit is
// moved to the labelled one, and one already there is kept.
describe('scripts/realapps.mjs', () => {
  const script = path.resolve(__dirname, '..', '..', '..', 'scripts', 'realapps.mjs');
  const git = (...a: string[]): string => spawnSync('git', a, { encoding: 'utf8' }).stdout.trim();

  it('moves an existing checkout to the labelled commit, and keeps one already there', function () {
    const app = loadAll().find((a) => checkout(a).present && checkout(a).head === a.commit);
    if (!app) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-realapps-script-'));
    try {
      const to = path.join(dir, app.app);
      assert.equal(spawnSync('git', ['clone', '--quiet', '--shared', checkout(app).dir, to]).status, 0);
      const parent = git('-C', to, 'rev-parse', 'HEAD~1');
      git('-C', to, 'checkout', '--quiet', '--detach', parent);
      assert.notEqual(git('-C', to, 'rev-parse', 'HEAD'), app.commit);
      const run = spawnSync(process.execPath, [script, dir, '--app', app.app], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(git('-C', to, 'rev-parse', 'HEAD'), app.commit);
      assert.match(run.stdout, new RegExp(`${app.app}: .* at ${app.commit}`));
      assert.doesNotMatch(run.stdout, /cloning/);
      const again = spawnSync(process.execPath, [script, dir, '--app', app.app], { encoding: 'utf8' });
      assert.equal(again.status, 0, again.stderr);
      assert.equal(git('-C', to, 'rev-parse', 'HEAD'), app.commit);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
