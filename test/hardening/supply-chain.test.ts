// Supply chain: `npm run sbom` writes a CycloneDX SBOM of the third-party code the bundles ship;
// it lists every runtime package our own code imports (at its installed version), nothing that
// is only a dev dependency, and the vsix packages it.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Component {
  name: string;
  version: string;
  purl: string;
  'bom-ref': string;
}

/** Bare module specifiers our shipped sources import (client/, server/, rules/). */
function importedPackages(): Set<string> {
  const names = new Set<string>();
  const stack = ['client', 'server', 'rules'].map((d) => path.join(root, d));
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'cases') stack.push(abs);
      else if (e.isFile() && /\.tsx?$/.test(e.name)) {
        const text = fs.readFileSync(abs, 'utf8');
        const parsed = parse(text, e.name.endsWith('x') ? 'tsx' : 'ts');
        const facts = new Facts(text, parsed);
        const specs = [
          ...facts
            .nodesOfType('ImportDeclaration')
            .filter((n) => n.importKind !== 'type')
            .map((n) => String(n.source.value)),
          ...facts
            .nodesOfType('CallExpression')
            .filter(
              (c) =>
                c.callee.type === 'Identifier' && c.callee.name === 'require' && c.arguments[0]?.type === 'Literal',
            )
            .map((c) => String((c.arguments[0] as { value: unknown }).value)),
        ];
        for (const s of specs) {
          if (s.startsWith('.') || s.startsWith('node:') || s === 'vscode') continue;
          names.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
        }
      }
    }
  }
  return names;
}

describe('supply chain: SBOM', function () {
  this.timeout(120000);
  let sbom: {
    bomFormat: string;
    specVersion: string;
    metadata: { component: { name: string; version: string } };
    components: Component[];
    dependencies: { ref: string; dependsOn: string[] }[];
  };

  before(function () {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-sbom-')), 'sbom.cdx.json');
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'sbom.mjs'), '--out', out], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
      if (/Unknown command: "sbom"/.test(stderr)) {
        console.log(
          `      skipped: this npm (${execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim()}) has no \`npm sbom\`; it needs npm >= 10`,
        );
        this.skip();
      }
      throw error;
    }
    sbom = JSON.parse(fs.readFileSync(out, 'utf8'));
  });

  it('is a CycloneDX document naming Paved Road at its version', () => {
    assert.equal(sbom.bomFormat, 'CycloneDX');
    assert.ok(Number(sbom.specVersion) >= 1.4, sbom.specVersion);
    assert.equal(sbom.metadata.component.name, pkg.name);
    assert.equal(sbom.metadata.component.version, pkg.version);
  });

  it('lists every runtime package our code imports, at the installed version, with a purl', () => {
    const imported = importedPackages();
    assert.ok(imported.has('typescript') && imported.has('vscode-languageserver'), [...imported].join(', '));
    for (const name of imported) {
      assert.ok(name in pkg.dependencies, `${name} is imported by shipped code, so it must be a runtime dependency`);
      const installed = JSON.parse(
        fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
      ).version;
      const c = sbom.components.find((x) => x.name === name && x.version === installed);
      assert.ok(c, `${name}@${installed} in the SBOM`);
      assert.equal(c.purl, `pkg:npm/${name.replace(/^@/, '%40')}@${installed}`);
    }
    for (const c of sbom.components) assert.match(c.purl, /^pkg:npm\/.+@\d/, c.name);
  });

  it('lists nothing that is only a dev dependency, and the root depends on every component', () => {
    const names = new Set(sbom.components.map((c) => c.name));
    // (ajv-formats is not in this list: the MCP SDK bundles it, so it is a runtime package too.)
    for (const dev of ['mocha', 'fast-check', 'esbuild', '@vscode/vsce', 'pg', 'better-sqlite3', 'ejs', 'jsdom'])
      assert.ok(!names.has(dev), dev);
    const rootDeps = sbom.dependencies.find((d) => d.ref === `${pkg.name}@${pkg.version}`);
    assert.deepEqual([...rootDeps!.dependsOn].sort(), sbom.components.map((c) => c['bom-ref']).sort());
  });

  it('every runtime dependency is justified in ARCHITECTURE.md', () => {
    const architecture = fs.readFileSync(path.join(root, 'ARCHITECTURE.md'), 'utf8');
    const table = architecture.slice(architecture.indexOf('## Runtime dependencies'));
    for (const dep of Object.keys(pkg.dependencies)) {
      const short = dep.replace(/^@typescript-eslint\//, '');
      assert.ok(
        table.includes(`\`${dep}\``) || (dep.startsWith('@typescript-eslint/') && table.includes(`\`${short}\``)),
        `${dep} has no line in ARCHITECTURE.md's runtime dependency table`,
      );
    }
  });

  it('is packaged into the vsix', () => {
    assert.equal(pkg.scripts.package, 'node scripts/package.mjs');
    assert.match(
      fs.readFileSync(path.join(root, 'scripts', 'package.mjs'), 'utf8'),
      /scripts\/sbom\.mjs[^]*vsce, \['package'/,
    );
    assert.ok(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n').includes('!dist/sbom.cdx.json'));
  });
});
