// Team configs: JSONC + schema, extends (presets, files, npm packages as data), loosening needs a
// reason, RE2-only regexes, and failing closed with a message that names file, line and what to do.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadPolicy, effectiveLevels, type Policy } from '../../server/config/load';
import { PolicyResolver, withPolicy } from '../../server/config/resolve';
import { analyze } from '../../server/host/analyze';

const RULE = 'sql/string-built-query';

export function tmpTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-config-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function load(files: Record<string, string>, entry = 'paved-road.json'): Policy & { dir: string } {
  const dir = tmpTree(files);
  return { ...loadPolicy(path.join(dir, entry)), dir };
}

function assertSecure(policy: Policy): void {
  const levels = effectiveLevels(policy.config);
  assert.equal(levels[RULE], 'error', 'the secure default stays in force');
  assert.deepEqual(policy.loosenings, []);
  assert.deepEqual(policy.ignores, []);
  assert.equal(policy.baseline, undefined);
}

describe('team config loading', () => {
  it('reads JSON with comments and trailing commas; a loosening with a reason is kept and listed', () => {
    const p = load({
      'paved-road.json': `{
  // our policy
  "extends": ["paved-road:recommended"],
  "rules": {
    "${RULE}": { "level": "warning", "reason": "legacy reports module, SEC-142" }, /* tracked */
  },
  "knowledge": { "auditLoggers": [{ "module": "@acme/audit", "name": "record", "reason": "our audit log" }], "auditEventNamePattern": "^[a-z]+(_[a-z]+)+$" },
  "ignores": [{ "pattern": "generated/", "reason": "generated from the spec" }],
}`,
    });
    assert.deepEqual(p.errors, []);
    assert.equal(effectiveLevels(p.config)[RULE], 'warning');
    assert.deepEqual(
      p.loosenings.map((l) => [l.ruleId, l.level, l.reason, l.line]),
      [[RULE, 'warning', 'legacy reports module, SEC-142', 5]],
    );
    assert.deepEqual(p.config.knowledge?.auditLoggers, [{ module: '@acme/audit', name: 'record' }]);
    assert.deepEqual(p.ignores, ['generated/']);
    assert.deepEqual(
      p.declared.map((d) => [d.kind, d.what, d.reason, d.line]),
      [
        ['audit-logger', 'audit logger record from @acme/audit', 'our audit log', 7],
        ['ignore', 'ignored path generated/', 'generated from the spec', 8],
      ],
    );
  });

  it('turning a rule off without a reason is an error on that line, and the rule stays on', () => {
    const p = load({ 'paved-road.json': `{\n  "rules": {\n    "${RULE}": "off"\n  }\n}\n` });
    assert.equal(p.errors.length, 1);
    assert.equal(p.errors[0].line, 3);
    assert.match(p.errors[0].message, /sql\/string-built-query.*needs a reason.*"reason"/);
    assert.equal(p.errors[0].file, path.join(p.dir, 'paved-road.json'));
    assertSecure(p);
  });

  it('schema errors name the property and its line; unknown rules and bad levels are refused', () => {
    const p = load({
      'paved-road.json': `{\n  "rulez": {},\n  "rules": { "sql/nope": "error", "${RULE}": "loud" }\n}`,
    });
    const messages = p.errors.map((e) => `${e.line}: ${e.message}`);
    assert.ok(
      messages.some((m) => /^2: unknown property 'rulez'/.test(m)),
      messages.join('\n'),
    );
    assert.ok(
      messages.some((m) => /^3: rules\.sql\/string-built-query must be a level/.test(m)),
      messages.join('\n'),
    );
    assertSecure(p);
    const unknown = load({ 'paved-road.json': `{ "rules": { "sql/nope": "error" } }` });
    assert.match(unknown.errors[0].message, /unknown rule 'sql\/nope'/);
  });

  it('invalid JSON fails closed with the line of the syntax error', () => {
    const p = load({ 'paved-road.json': `{\n  "rules": {\n    "${RULE}": "off",\n  \n}` });
    assert.ok(p.errors.length >= 1);
    assert.match(p.errors[0].message, /not valid JSON/);
    assertSecure(p);
  });

  it('refuses a regular expression RE2 cannot run (lookaround, backreferences)', () => {
    const p = load({ 'paved-road.json': `{ "knowledge": { "auditEventNamePattern": "^(?=a)(\\\\w+)\\\\1$" } }` });
    assert.equal(p.errors.length, 1);
    assert.match(p.errors[0].message, /not an RE2 regular expression/);
    assert.equal(p.config.knowledge?.auditEventNamePattern, undefined);
  });

  it('extends relative files and npm packages (their paved-road.json, or the JSON their package.json names)', () => {
    const p = load({
      'paved-road.json': `{ "extends": ["./team/base.json", "@acme/paved-road-config", "plain-config"] }`,
      'team/base.json': `{ "knowledge": { "sqlSinks": [{ "name": "db.raw" }] } }`,
      'node_modules/@acme/paved-road-config/package.json': `{ "name": "@acme/paved-road-config", "main": "index.js", "pavedRoad": "policy.json" }`,
      'node_modules/@acme/paved-road-config/policy.json': `{ "rules": { "${RULE}": { "level": "info", "reason": "shared: reviewed by the security team" } } }`,
      'node_modules/plain-config/paved-road.json': `{ "knowledge": { "secretNamesToIgnore": [{ "name": "passwordPolicy", "reason": "a policy object" }] } }`,
    });
    assert.deepEqual(p.errors, []);
    assert.equal(effectiveLevels(p.config)[RULE], 'info');
    assert.deepEqual(p.config.knowledge?.sqlSinks, [{ name: 'db.raw' }]);
    assert.deepEqual(p.config.knowledge?.secretNamesToIgnore, ['passwordPolicy']);
    assert.equal(p.loosenings[0].file, path.join(p.dir, 'node_modules/@acme/paved-road-config/policy.json'));
    assert.equal(p.files.length, 4);
  });

  it('refuses to extend a JavaScript file or a package that only has JavaScript: configs are data', () => {
    for (const [entry, files] of [
      ['./config.js', { 'config.js': 'module.exports = {}' }],
      [
        'js-config',
        {
          'node_modules/js-config/package.json': '{ "main": "index.js" }',
          'node_modules/js-config/index.js': 'module.exports = {}',
        },
      ],
      [
        'sub-config/rules.cjs',
        { 'node_modules/sub-config/package.json': '{}', 'node_modules/sub-config/rules.cjs': '' },
      ],
    ] as const) {
      const p = load({ 'paved-road.json': `{\n  "extends": "${entry}"\n}`, ...files });
      assert.equal(p.errors.length, 1, entry);
      assert.equal(p.errors[0].line, 2);
      assert.match(p.errors[0].message, /JavaScript.*never executed/, entry);
      assertSecure(p);
    }
  });

  it('cycles and missing targets are errors naming the chain', () => {
    const cycle = load({
      'paved-road.json': `{ "extends": "./a.json" }`,
      'a.json': `{ "extends": "./b.json" }`,
      'b.json': `{ "extends": "./a.json" }`,
    });
    assert.equal(cycle.errors.length, 1);
    assert.match(cycle.errors[0].message, /cycle: .*paved-road\.json → .*a\.json → .*b\.json → .*a\.json/);
    const missing = load({
      'paved-road.json': `{ "extends": ["paved-road:recommended", "./nope.json", "@acme/absent", "paved-road:lenient"] }`,
    });
    assert.equal(missing.errors.length, 3);
    assert.match(missing.errors[0].message, /nope\.json' was not found/);
    assert.match(missing.errors[1].message, /package '@acme\/absent' was not found.*npm install/);
    assert.match(missing.errors[2].message, /unknown preset 'paved-road:lenient'/);
    assertSecure(missing);
  });

  it('an error in an extended config is reported in that file and keeps the defaults', () => {
    const p = load({
      'paved-road.json': `{ "extends": "./base.json", "rules": { "${RULE}": { "level": "off", "reason": "x" } } }`,
      'base.json': `{\n\n  "ignores": [1]\n}`,
    });
    assert.equal(p.errors[0].file, path.join(p.dir, 'base.json'));
    assert.equal(p.errors[0].line, 3);
    assertSecure(p);
  });

  it('presets: strict raises every rule to error, training turns on training mode', () => {
    const strict = load({ 'paved-road.json': `{ "extends": "paved-road:strict" }` });
    assert.ok(Object.values(effectiveLevels(strict.config)).every((l) => l === 'error'));
    assert.equal(load({ 'paved-road.json': `{ "extends": "paved-road:training" }` }).training, true);
  });

  it('the nearest config wins per file (a config per package), and ignores are relative to it', () => {
    const dir = tmpTree({
      'paved-road.json': `{ "ignores": [{ "pattern": "generated/", "reason": "generated" }] }`,
      'packages/legacy/paved-road.json': `{ "rules": { "${RULE}": { "level": "off", "reason": "being rewritten in Q3" } } }`,
      'packages/legacy/src/a.js': '',
      'generated/x.js': '',
      'src/b.js': '',
    });
    const resolver = new PolicyResolver();
    const legacy = resolver.policyFor(path.join(dir, 'packages/legacy/src/a.js'));
    const root = resolver.policyFor(path.join(dir, 'src/b.js'));
    assert.equal(legacy.file, path.join(dir, 'packages/legacy/paved-road.json'));
    assert.equal(root.file, path.join(dir, 'paved-road.json'));
    assert.equal(effectiveLevels(legacy.config)[RULE], 'off');
    assert.equal(effectiveLevels(root.config)[RULE], 'error');
    assert.equal(resolver.isIgnored(path.join(dir, 'generated/x.js')), true);
    assert.equal(resolver.isIgnored(path.join(dir, 'src/b.js')), false);
  });

  it('the rules receive the team knowledge through analyze()', () => {
    const p = load({
      'paved-road.json': `{ "knowledge": { "pavedRoads": { "audit": "audit.record from @acme/audit" } } }`,
    });
    let seen: unknown;
    analyze({ file: 'x.js', text: 'x;' }, withPolicy({}, p), [
      {
        meta: {
          id: 'sql/probe',
          title: 't',
          summary: 's',
          cwe: ['CWE-89'],
          ssdf: ['PW.5.1'],
          severity: 'error',
          confidence: 'high',
          messages: {},
          fixKinds: [],
        },
        check(context) {
          seen = context.knowledge;
        },
      },
    ]);
    assert.deepEqual(seen, { pavedRoads: { audit: 'audit.record from @acme/audit' } });
  });
});
