// One esbuild script, three bundles: the VS Code client, the language server and the CLI.
// `vscode` is provided by the editor; everything else is bundled so the extension ships as a few files.
import { build } from 'esbuild';

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
};

await Promise.all([
  build({ ...common, entryPoints: ['client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['server/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // Worker threads of a scan (server/cli/pool.ts looks for it next to the bundle that starts it).
  build({ ...common, entryPoints: ['server/cli/scan-worker.ts'], outfile: 'dist/scan-worker.js' }),
]);
