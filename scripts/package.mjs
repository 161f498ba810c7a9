// `npm run package`: one vsix per platform, each with only its own native parser addon
// (@oxc-parser/binding-<platform>, same version as oxc-parser), and a universal fallback with none
// (there the engine parses with typescript-estree: slower, same findings; native-parse.ts).
//
//   paved-road-<target>.vsix   vsce package --target <target>, for linux-x64, linux-arm64,
//                              darwin-x64, darwin-arm64, win32-x64
//   paved-road.vsix            universal (VS Code installs it where no platform package matches)
//
// The addons of other platforms than this machine's come from the npm registry (`npm pack`, which
// checks the tarball against the registry's integrity hash), cached in .paved-road-bindings/.
// `--targets a,b` packages only those. Exit 1 when a target could not be packaged (said why).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

/** VS Code target → the oxc-parser binding package suffix (glibc on Linux, MSVC on Windows). */
const TARGETS = {
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64-msvc',
};

const VSCE_FLAGS = [
  '--no-dependencies',
  '--no-rewrite-relative-links',
  '--allow-package-secrets',
  'database-connection-string',
];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout ?? ''}${r.stderr ?? r.error ?? ''}`,
    );
  return r.stdout;
}

const oxcVersion = JSON.parse(fs.readFileSync(path.join('node_modules', 'oxc-parser', 'package.json'), 'utf8')).version;
const cache = path.join('.paved-road-bindings', oxcVersion);

/** The path of the addon file for a binding: from node_modules when npm installed it, else from the registry. */
function addonFor(binding) {
  const name = `parser.${binding}.node`;
  const installed = path.join('node_modules', '@oxc-parser', `binding-${binding}`, name);
  if (fs.existsSync(installed)) return installed;
  const cached = path.join(cache, name);
  if (fs.existsSync(cached)) return cached;
  fs.mkdirSync(cache, { recursive: true });
  const tarball = run('npm', [
    'pack',
    `@oxc-parser/binding-${binding}@${oxcVersion}`,
    '--pack-destination',
    cache,
    '--silent',
  ])
    .trim()
    .split('\n')
    .pop();
  run('tar', ['-xzf', path.join(cache, tarball), '-C', cache, '--strip-components=1', `package/${name}`]);
  fs.rmSync(path.join(cache, tarball));
  return cached;
}

function clearAddons() {
  for (const f of fs.readdirSync('dist')) if (/^parser\..+\.node$/.test(f)) fs.rmSync(path.join('dist', f));
}

const only = process.argv
  .find((a) => a.startsWith('--targets='))
  ?.slice('--targets='.length)
  .split(',');
const targets = Object.keys(TARGETS).filter((t) => !only || only.includes(t));

run(process.execPath, ['scripts/build.mjs', '--production'], { stdio: 'inherit' });
run(process.execPath, ['scripts/sbom.mjs'], { stdio: 'inherit' });
const hostAddons = fs.readdirSync('dist').filter((f) => /^parser\..+\.node$/.test(f));
const vsce = path.join('node_modules', '.bin', 'vsce');
const failed = [];
try {
  for (const target of targets) {
    try {
      const addon = addonFor(TARGETS[target]);
      clearAddons();
      fs.copyFileSync(addon, path.join('dist', path.basename(addon)));
      run(vsce, ['package', '--target', target, ...VSCE_FLAGS, '--out', `paved-road-${target}.vsix`]);
      console.log(`package: paved-road-${target}.vsix (${path.basename(addon)})`);
    } catch (error) {
      failed.push(target);
      console.error(`package: ${target} not packaged: ${error.message.split('\n')[0]}`);
    }
  }
  if (!only) {
    clearAddons();
    run(vsce, ['package', ...VSCE_FLAGS, '--out', 'paved-road.vsix']);
    console.log('package: paved-road.vsix (universal: no native addon, the engine uses typescript-estree)');
  }
} finally {
  // dist/ as the build left it: this machine's addon back, for the CLI and the tests.
  clearAddons();
  for (const f of hostAddons) {
    const binding = f.replace(/^parser\.|\.node$/g, '');
    fs.copyFileSync(path.join('node_modules', '@oxc-parser', `binding-${binding}`, f), path.join('dist', f));
  }
}
if (failed.length) {
  console.error(`package: not packaged: ${failed.join(', ')}`);
  process.exitCode = 1;
}
