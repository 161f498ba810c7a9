// The JSON Schema VS Code gets is the one the loader uses, it ships, and the README's example
// config is valid against it (docs tested like code).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPolicy, type ConfigHost } from '../../server/config/load';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();

describe('paved-road.json schema', () => {
  it('is contributed to VS Code for paved-road.json (as JSON with comments) and ships in the vsix', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const entry = pkg.contributes.jsonValidation.find((v: { fileMatch: string }) => v.fileMatch === 'paved-road.json');
    assert.ok(entry && fs.existsSync(path.join(root, entry.url)), 'the schema file exists');
    assert.ok(
      pkg.contributes.languages.some(
        (l: { id: string; filenames?: string[] }) => l.id === 'jsonc' && l.filenames?.includes('paved-road.json'),
      ),
    );
    assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!schema\/\*\*$/m);
  });

  it("the README's example config is valid, with the team knowledge the rules read", () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /## Team configuration[\s\S]*?```jsonc\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, 'README has the example config');
    const dir = path.resolve('/virtual/readme');
    const files = new Map([
      [path.join(dir, 'paved-road.json'), block[1].replace('"../../paved-road.json"', '"./base.json"')],
      [path.join(dir, 'base.json'), '{}'],
      [path.join(dir, 'node_modules/@acme/paved-road-config/paved-road.json'), '{}'],
    ]);
    const host: ConfigHost = {
      readFile: (f) => {
        const t = files.get(f);
        if (t === undefined) throw new Error('ENOENT');
        return t;
      },
      isFile: (f) => files.has(f),
      isDirectory: (d) => [...files.keys()].some((f) => f.startsWith(d + path.sep)),
    };
    const policy = loadPolicy(path.join(dir, 'paved-road.json'), host);
    assert.deepEqual(policy.errors, []);
    assert.equal(policy.loosenings.length, 1);
    // Every declaration that makes the rules trust something is a loosening with its reason.
    assert.deepEqual(policy.declared.map((d) => d.kind).sort(), [
      'audit-logger',
      'baseline',
      'ignore',
      'ignore',
      'sanitizer',
      'secret-name',
      'sql-tagged-template',
    ]);
    assert.ok(
      policy.declared.every((d) => d.reason.length > 10 && d.line > 1),
      JSON.stringify(policy.declared),
    );
    assert.deepEqual(
      policy.config.knowledge?.secretNamesToIgnore,
      ['passwordPolicy'],
      'the engine gets the names, the posture the reasons',
    );
    assert.deepEqual(Object.keys(policy.config.knowledge ?? {}).sort(), [
      'auditEventNamePattern',
      'auditLoggers',
      'htmlSinks',
      'pavedRoads',
      'requestSources',
      'sanitizers',
      'secretNamesToIgnore',
      'sqlSinks',
      'sqlTaggedTemplates',
    ]);
  });
});
