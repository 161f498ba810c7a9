// Brings the real applications of the benchmark (test/fixtures/realapps/*.json) into a
// git-ignored folder, each at its labelled commit: `node scripts/realapps.mjs [DIR] [--app NAME]`.
// DIR defaults to PAVED_ROAD_REALAPPS, else .realapps/ in the repository. Nothing of theirs is
// run: only `git clone` and `git checkout`. An existing checkout at the right commit is kept.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const labelsDir = path.join(root, 'test', 'fixtures', 'realapps');
const args = process.argv.slice(2);
const only = args.includes('--app') ? args[args.indexOf('--app') + 1] : undefined;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--app');
const dir = path.resolve(positional[0] ?? process.env.PAVED_ROAD_REALAPPS ?? path.join(root, '.realapps'));

function git(...a) {
  const r = spawnSync('git', a, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  return { ok: r.status === 0, out: (r.stdout ?? '').trim() };
}

fs.mkdirSync(dir, { recursive: true });
let failed = 0;
for (const f of fs
  .readdirSync(labelsDir)
  .filter((n) => n.endsWith('.json'))
  .sort()) {
  const { app, repository, commit } = JSON.parse(fs.readFileSync(path.join(labelsDir, f), 'utf8'));
  if (only && only !== app) continue;
  const to = path.join(dir, app);
  if (!fs.existsSync(path.join(to, '.git'))) {
    process.stdout.write(`${app}: cloning ${repository}\n`);
    if (!git('clone', '--quiet', '--no-checkout', `${repository}.git`, to).ok) {
      failed++;
      continue;
    }
  }
  if (git('-C', to, 'rev-parse', 'HEAD').out !== commit) {
    if (!git('-C', to, 'cat-file', '-e', `${commit}^{commit}`).ok) git('-C', to, 'fetch', '--quiet', 'origin', commit);
    if (!git('-C', to, 'checkout', '--quiet', '--detach', commit).ok) {
      failed++;
      continue;
    }
  }
  process.stdout.write(`${app}: ${to} at ${commit}\n`);
}
if (failed) {
  process.stderr.write(`realapps: ${failed} app(s) could not be brought\n`);
  process.exit(1);
}
process.stdout.write(`\nMeasure with: PAVED_ROAD_REALAPPS=${dir} npm run measure -- realapps\n`);
