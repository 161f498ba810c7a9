// Property-based fuzzing of team configs: random and mutated paved-road.json files never make the
// loader throw, and never weaken the policy silently — a config with any error runs with the
// secure fallback (nothing below a rule's default, no sanitizers, ignores, ignored secret names,
// audit loggers or baseline), and a valid config loosens a rule only with a written reason that
// the policy lists. Seeded like the other fuzzers (corpus.ts).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { allRules } from '../../rules';
import { hasVisibleText } from '../../server/engine/reason';
import { effectiveLevels, isLoosening, loadPolicy, type ConfigHost } from '../../server/config/load';
import { FUZZ_RUNS, FUZZ_SEED, fuzzParameters, mutate } from './corpus';

const ROOT = path.resolve('/fuzz-workspace');
const FILE = path.join(ROOT, 'paved-road.json');
const ids = allRules.map((r) => r.meta.id);
const level = fc.constantFrom('error', 'warning', 'info', 'off', 'OFF', 'none', '', 0 as unknown as string);
const reason = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.constant('   '),
  fc.constant('\u200b\u200d'),
  fc.string({ maxLength: 30 }),
  fc.constant('Reviewed by the security team: this service has no SQL.'),
);
const ruleEntry = fc.oneof(
  level,
  fc.record(
    {
      level: fc.option(level, { nil: undefined }),
      reason,
      options: fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 })), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
);
const callee = fc.record(
  { module: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }), name: fc.string({ maxLength: 12 }) },
  { requiredKeys: ['name'] },
);
const regex = fc.constantFrom('^audit\\.', '(a+)+$', '(?=x)y', '(a)\\1', '[', '.*', 'security\\.[a-z_]+');
const knowledge = fc.record(
  {
    sqlSinks: fc.array(callee, { maxLength: 2 }),
    sanitizers: fc.array(
      fc.record(
        {
          name: fc.string({ maxLength: 8 }),
          for: fc.array(fc.constantFrom('sql', 'xss', 'cred', 'audit', 'bogus'), { maxLength: 2 }),
          reason,
        },
        { requiredKeys: ['name', 'for'] },
      ),
      { maxLength: 2 },
    ),
    auditLoggers: fc.array(
      fc.record(
        {
          module: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
          name: fc.string({ maxLength: 12 }),
          reason,
        },
        { requiredKeys: ['name'] },
      ),
      { maxLength: 2 },
    ),
    auditEventNamePattern: regex,
    secretNamesToIgnore: fc.array(
      fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.record({ name: fc.string({ maxLength: 8 }), reason }, { requiredKeys: ['name'] }),
      ),
      { maxLength: 2 },
    ),
    requestSources: fc.array(callee, { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const config = fc.record(
  {
    $schema: fc.string({ maxLength: 10 }),
    extends: fc.oneof(
      fc.constantFrom(
        './missing.json',
        'paved-road:strict',
        'paved-road:training',
        'paved-road:nope',
        './index.js',
        '../../etc/passwd',
        'some-package',
      ),
      fc.string({ maxLength: 10 }),
    ),
    rules: fc.dictionary(fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 12 })), ruleEntry, { maxKeys: 4 }),
    knowledge,
    ignores: fc.array(
      fc.oneof(
        fc.constantFrom('**', 'src/', '!x', '*.ts', ''),
        fc.record({ pattern: fc.constantFrom('**', 'src/', '!x', '*.ts', ''), reason }, { requiredKeys: ['pattern'] }),
      ),
      { maxLength: 3 },
    ),
    baseline: fc.oneof(
      fc.constantFrom('baseline.json', '../outside.json'),
      fc.record({ file: fc.constantFrom('baseline.json', '../outside.json'), reason }, { requiredKeys: ['file'] }),
    ),
    training: fc.boolean(),
    unknown: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);

/** Well-formed configs, so that most pass the schema and the loosening rules are exercised. */
const validLevel = fc.constantFrom('error', 'warning', 'info', 'off');
const wellFormed = fc.record(
  {
    extends: fc.constantFrom('paved-road:strict', 'paved-road:training'),
    rules: fc.dictionary(
      fc.constantFrom(...ids),
      fc.oneof(
        validLevel,
        fc.record(
          {
            level: validLevel,
            reason: fc.constantFrom('Reviewed by the security team: no user data reaches this.', ''),
          },
          { requiredKeys: ['level'] },
        ),
      ),
      { maxKeys: 4 },
    ),
    knowledge: fc.record(
      {
        sqlSinks: fc.array(
          fc.record({ module: fc.constantFrom('@acme/db'), name: fc.constantFrom('raw', 'Db.exec') }),
          { maxLength: 1 },
        ),
        auditEventNamePattern: fc.constantFrom('^audit\\.', 'security\\.[a-z_]+'),
      },
      { requiredKeys: [] },
    ),
    training: fc.boolean(),
  },
  { requiredKeys: [] },
);

const configText = fc.oneof(
  { arbitrary: wellFormed.map((c) => JSON.stringify(c, null, 2)), weight: 5 },
  { arbitrary: config.map((c) => JSON.stringify(c, null, 2)), weight: 3 },
  {
    arbitrary: fc
      .tuple(
        config,
        fc.array(fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 20 }) }), {
          maxLength: 3,
        }),
      )
      .map(([c, m]) => mutate(JSON.stringify(c, null, 2), m)),
    weight: 2,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 1 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
);

function host(text: string): ConfigHost {
  return {
    readFile(file) {
      if (file === FILE) return text;
      throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    },
    isFile: (file) => file === FILE,
    isDirectory: (file) => file === ROOT,
  };
}

describe(`fuzz: team configs (seed ${FUZZ_SEED}, ${FUZZ_RUNS} configs)`, function () {
  this.timeout(0);
  it('random configs never throw and never weaken the policy without a written reason', () => {
    const defaults = effectiveLevels({});
    let invalid = 0;
    let loosened = 0;
    fc.assert(
      fc.property(configText, (text) => {
        const policy = loadPolicy(FILE, host(text));
        const levels = effectiveLevels(policy.config);
        if (policy.errors.length > 0) {
          invalid++;
          for (const rule of allRules)
            assert.ok(
              !isLoosening(levels[rule.meta.id], rule.meta.severity),
              `${rule.meta.id} loosened to ${levels[rule.meta.id]} by a config with errors:\n${text}`,
            );
          const k = policy.config.knowledge ?? {};
          assert.deepEqual(
            [k.sanitizers, k.secretNamesToIgnore, k.auditLoggers, k.auditEventNamePattern].filter(
              (x) => x !== undefined,
            ),
            [],
            'a config with errors teaches nothing that hides findings',
          );
          assert.deepEqual(policy.ignores, []);
          assert.equal(policy.baseline, undefined);
          assert.deepEqual(policy.loosenings, []);
          assert.deepEqual(policy.declared, []);
          for (const e of policy.errors)
            assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0, JSON.stringify(e));
        } else {
          for (const rule of allRules) {
            const id = rule.meta.id;
            if (!isLoosening(levels[id], rule.meta.severity)) continue;
            const listed = policy.loosenings.find((l) => l.ruleId === id);
            assert.ok(listed, `${id} loosened from ${defaults[id]} to ${levels[id]} without being listed:\n${text}`);
            assert.ok(listed.reason.trim().length > 0, `${id} loosened without a written reason:\n${text}`);
            loosened++;
          }
          // Every declaration that hides findings is listed, each with a reason in visible words.
          const k = policy.config.knowledge ?? {};
          assert.equal(
            policy.declared.length,
            (k.sanitizers?.length ?? 0) +
              (k.secretNamesToIgnore?.length ?? 0) +
              (k.auditLoggers?.length ?? 0) +
              (k.sqlTaggedTemplates?.length ?? 0) +
              policy.ignores.length +
              (policy.baseline ? 1 : 0),
            text,
          );
          for (const d of policy.declared)
            assert.ok(hasVisibleText(d.reason), `${d.what} accepted without a visible reason:\n${text}`);
          loosened += policy.declared.length;
        }
      }),
      fuzzParameters(),
    );
    console.log(
      `      ${FUZZ_RUNS} configs: ${invalid} refused with the secure fallback, ${loosened} rule loosenings accepted with a written reason`,
    );
  });
});
