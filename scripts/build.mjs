// One esbuild script, three bundles: the VS Code client, the language server and the CLI.
// `vscode` is provided by the editor; everything else is bundled so the extension ships as a few files.
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'linked',
  // jsonc-parser's UMD build requires its modules dynamically, which a bundle cannot follow: use its ESM build.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // oxc-parser is ESM that finds its Node-API addon with `createRequire(import.meta.url)`: in a CJS
  // bundle `import.meta` is empty, so it gets the bundle's own URL. The addon itself
  // (@oxc-parser/binding-<platform>) cannot be bundled; it is required at run time, and where it is
  // missing the engine parses with typescript-estree instead (server/engine/native-parse.ts).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  external: ['@oxc-parser/*'],
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['client/extension.ts'],
    outfile: 'dist/extension.js',
    external: [...common.external, 'vscode'],
  }),
  build({
    ...common,
    entryPoints: ['server/lsp/main.ts'],
    outfile: 'dist/server.js',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  }),
  build({
    ...common,
    entryPoints: ['server/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  }),
  // Worker threads of a scan (server/host/pool.ts looks for it next to the bundle that starts it).
  build({ ...common, entryPoints: ['server/host/scan-worker.ts'], outfile: 'dist/scan-worker.js' }),
]);

// The native parser's addon, next to the bundles, where oxc-parser looks first
// (`./parser.<platform>.node` relative to the bundle): the vsix and `dist/` are self-contained.
// Only the platform npm installed is there; elsewhere the engine uses typescript-estree.
const bindings = path.join('node_modules', '@oxc-parser');
for (const pkg of fs.existsSync(bindings) ? fs.readdirSync(bindings) : []) {
  for (const file of fs.readdirSync(path.join(bindings, pkg))) {
    if (/^parser\..+\.node$/.test(file)) fs.copyFileSync(path.join(bindings, pkg, file), path.join('dist', file));
  }
}

// TypeScript's standard library declarations (lib.*.d.ts), for the type check behind fix
// verification (server/host/typecheck.ts): the bundles carry TypeScript's code but not these files.
fs.mkdirSync(path.join('dist', 'typescript-lib'), { recursive: true });
const tsLib = path.join('node_modules', 'typescript', 'lib');
for (const file of fs.readdirSync(tsLib)) {
  if (/^lib\..*\.d\.ts$/.test(file)) fs.copyFileSync(path.join(tsLib, file), path.join('dist', 'typescript-lib', file));
}
