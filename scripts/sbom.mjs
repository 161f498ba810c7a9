// `npm run sbom`: a CycloneDX SBOM of what Paved Road ships. The vsix ships esbuild bundles, so the
// truth about shipped third-party code is the set of packages esbuild puts into them (its metafile),
// not the whole runtime dependency tree (which holds peer dependencies such as eslint that are never
// bundled). npm's own `npm sbom` (npm >= 10) supplies the CycloneDX document, purls, licenses and
// hashes; this script keeps the components that are bundled, adds any npm left out, and names the
// root component. Output: dist/sbom.cdx.json (packaged into the vsix) or --out FILE.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outIndex = process.argv.indexOf('--out');
const out = path.resolve(root, outIndex > 0 ? process.argv[outIndex + 1] : 'dist/sbom.cdx.json');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

// 1. What the bundles contain: package directories under node_modules, with installed versions.
const result = await build({
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  write: false,
  metafile: true,
  logLevel: 'silent',
  entryPoints: ['client/extension.ts', 'server/lsp/main.ts', 'server/cli/main.ts'],
  outdir: path.join(root, 'dist'),
  external: ['vscode'],
});
const bundled = new Map(); // "name@version" -> { name, version, dir }
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input.split(path.sep).join('/'));
  if (!m) continue;
  const dir = path.join(root, m[1]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  bundled.set(`${manifest.name}@${manifest.version}`, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    dir,
  });
}

// 1b. The native parser's addon, shipped next to the bundles (scripts/build.mjs copies it to dist/).
const bindings = path.join(root, 'node_modules', '@oxc-parser');
for (const name of fs.existsSync(bindings) ? fs.readdirSync(bindings) : []) {
  const dir = path.join(bindings, name);
  if (!fs.readdirSync(dir).some((f) => /^parser\..+\.node$/.test(f))) continue;
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  bundled.set(`${manifest.name}@${manifest.version}`, {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    dir,
  });
}

// 2. npm's SBOM of the locked tree (--package-lock-only: what `npm ci` installs, and no failure on a
//    stale node_modules; all of it, since --omit dev drops some production packages in
//    npm 10/11 when a dev dependency shares them, so the filter is ours).
const npmSbom = JSON.parse(
  execFileSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only'],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ),
);

const components = [];
const seen = new Set();
for (const c of npmSbom.components ?? []) {
  const key = `${c.group ? `${c.group}/` : ''}${c.name}@${c.version}`;
  if (!bundled.has(key) || seen.has(key)) continue;
  seen.add(key);
  components.push(c);
}
for (const [key, b] of bundled) {
  if (seen.has(key)) continue; // npm did not list it: describe it from its manifest
  components.push({
    'bom-ref': key,
    type: 'library',
    name: b.name,
    version: b.version,
    scope: 'required',
    purl: `pkg:npm/${b.name.startsWith('@') ? `%40${b.name.slice(1)}` : b.name}@${b.version}`,
    ...(typeof b.license === 'string' ? { licenses: [{ license: { id: b.license } }] } : {}),
  });
}
components.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const refs = new Set(components.map((c) => c['bom-ref']));
const rootRef = `${pkg.name}@${pkg.version}`;

const sbom = {
  ...npmSbom,
  metadata: {
    ...npmSbom.metadata,
    component: {
      ...npmSbom.metadata.component,
      'bom-ref': rootRef,
      name: pkg.name,
      version: pkg.version,
      purl: `pkg:npm/${pkg.name}@${pkg.version}`,
    },
    properties: [
      {
        name: 'paved-road:sbom:scope',
        value:
          'third-party packages bundled into dist/extension.js, dist/server.js and dist/cli.js (esbuild metafile), and the native parser addon shipped beside them',
      },
    ],
  },
  components,
  dependencies: [
    { ref: rootRef, dependsOn: [...refs].sort() },
    ...(npmSbom.dependencies ?? [])
      .filter((d) => refs.has(d.ref))
      .map((d) => ({ ref: d.ref, dependsOn: (d.dependsOn ?? []).filter((x) => refs.has(x)) })),
  ],
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(sbom, null, 2) + '\n');
const declared = Object.keys(pkg.dependencies ?? {}).filter((d) => ![...bundled.values()].some((b) => b.name === d));
process.stderr.write(
  `sbom: ${components.length} bundled packages -> ${path.relative(root, out)}` +
    (declared.length ? `; declared but not (yet) bundled: ${declared.join(', ')}` : '') +
    '\n',
);
