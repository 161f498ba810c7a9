// Property-based: generated configs and extends chains (presets, relative files, npm packages,
// JavaScript files, cycles, missing targets, broken JSON, loosenings with and without reasons,
// regexes RE2 cannot run). Whatever is generated: an invalid chain always produces an error, and
// the effective policy is never weaker than the secure defaults unless every loosening in it has
// a written reason.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { allRules } from '../../rules';
import { effectiveLevels, isLoosening, loadPolicy, type ConfigHost } from '../../server/config/load';
import type { Level } from '../../server/engine/types';

const ROOT = path.resolve('/virtual/ws');
const LEVELS: Level[] = ['error', 'warning', 'info', 'off'];
const RANK: Record<Level, number> = { off: 0, info: 1, warning: 2, error: 3 };
const ruleIds = allRules.map((r) => r.meta.id);
const defaults = Object.fromEntries(allRules.map((r) => [r.meta.id, r.meta.severity]));

function memoryHost(files: Map<string, string>): ConfigHost {
  return {
    readFile(file) {
      const text = files.get(file);
      if (text === undefined) throw new Error('ENOENT');
      return text;
    },
    isFile: (file) => files.has(file),
    isDirectory: (dir) => [...files.keys()].some((f) => f.startsWith(dir + path.sep)),
  };
}

const reason = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.constant('   '),
  fc.constant('\u200b'),
  fc.constant(' \u2060\ufeff '),
  { weight: 5, arbitrary: fc.constantFrom('legacy module, SEC-142', 'generated code, reviewed') },
);
/** A reason a reviewer can read: not missing, not only whitespace or zero-width characters. */
const visible = (r: string | undefined): boolean => !!r && r.replace(/[\s\u200b\u2060\ufeff]/g, '') !== '';
/** A declaration with or without a reason (undefined leaves the key out). */
const declarationReason = fc.oneof(reason, {
  weight: 40,
  arbitrary: fc.constantFrom('a policy object, reviewed', 'generated, SEC-9'),
});
const withReason = <T extends object>(entry: T): fc.Arbitrary<T & { reason?: string }> =>
  declarationReason.map((r) => (r === undefined ? entry : { ...entry, reason: r }));
const ruleEntry = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>('error', 'error', 'warning', 'info', 'off') },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        level: fc.option(fc.constantFrom(...LEVELS), { nil: undefined }),
        reason,
        options: fc.option(fc.constantFrom<Record<string, unknown>>({}, {}, { x: 1 }, { require: { mfa: 'admin' } }), {
          nil: undefined,
        }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('loud', 3, null, { level: 'off', because: 'x' }) },
);
const ruleId = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...ruleIds) },
  fc.constantFrom('sql/nope', 'Not A Rule'),
);
const knowledge = fc.record(
  {
    sqlSinks: fc.constant([{ name: 'db.raw' }]),
    sanitizers: withReason({ name: 'clean', for: ['sql'] }).map((e) => [e]),
    secretNamesToIgnore: withReason({ name: 'passwordPolicy' }).map((e) => [e]),
    auditLoggers: withReason({ module: '@acme/audit', name: 'record' }).map((e) => [e]),
    sqlTaggedTemplates: withReason({ module: '@acme/db', name: 'sql' }).map((e) => [e]),
    auditEventNamePattern: fc.constantFrom(
      '^[a-z]+(_[a-z]+)+$',
      '^[a-z]+(_[a-z]+)+$',
      '^[a-z]+(_[a-z]+)+$',
      '^[a-z]+(_[a-z]+)+$',
      '^(?=x)y$',
      '(a)\\1',
      '[unclosed',
    ),
  },
  { requiredKeys: [] },
);

/** One file of a chain: its extends entries refer to other generated files by index. */
const fileSpec = fc.record({
  extends: fc.array(
    fc.oneof(
      { weight: 4, arbitrary: fc.nat({ max: 4 }).map((i) => ({ file: i })) },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          { preset: 'paved-road:recommended' },
          { preset: 'paved-road:strict' },
          { preset: 'paved-road:training' },
          { preset: 'paved-road:recommended' },
          { preset: 'paved-road:lenient' },
        ),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          { raw: './missing.json' },
          { raw: './config.js' },
          { raw: '@acme/shared' },
          { raw: '@acme/shared' },
          { raw: '@acme/shared' },
          { raw: 'js-only' },
          { raw: 'absent-package' },
        ),
      },
    ),
    { maxLength: 2 },
  ),
  rules: fc.dictionary(ruleId, ruleEntry, { maxKeys: 2 }),
  knowledge: fc.option(knowledge, { nil: undefined }),
  ignores: fc.option(
    withReason({ pattern: 'generated/' }).map((e) => [e]),
    { nil: undefined },
  ),
  baseline: fc.option(withReason({ file: 'baseline.json' }), { nil: undefined }),
  broken: fc.constantFrom(false, false, false, false, false, false, false, false, false, true),
  extra: fc.constantFrom<Record<string, unknown>>({}, {}, {}, {}, {}, {}, {}, {}, {}, { plugins: ['x'] }),
});

const fileName = (i: number): string =>
  i === 0 ? path.join(ROOT, 'paved-road.json') : path.join(ROOT, 'configs', `c${i}.json`);

interface Built {
  files: Map<string, string>;
  /** What a careful reader of the chain knows must be an error. */
  mustFail: boolean;
}

type FileSpec = typeof fileSpec extends fc.Arbitrary<infer T> ? T : never;

function build(specs: FileSpec[]): Built {
  const files = new Map<string, string>();
  files.set(
    path.join(ROOT, 'node_modules/@acme/shared/paved-road.json'),
    `{ "rules": { "${ruleIds[0]}": { "level": "off", "reason": "shared policy" } } }`,
  );
  files.set(path.join(ROOT, 'node_modules/js-only/package.json'), '{ "main": "index.js" }');
  files.set(path.join(ROOT, 'node_modules/js-only/index.js'), 'module.exports = {}');
  files.set(path.join(ROOT, 'configs/config.js'), 'module.exports = {}');
  let mustFail = false;
  // Which files are reachable from the root, and whether a cycle is reachable.
  const reachable = new Set<number>();
  const visit = (i: number, stack: number[]): void => {
    if (stack.includes(i)) {
      mustFail = true;
      return;
    }
    if (i >= specs.length) {
      mustFail = true;
      return;
    } // a missing file
    if (reachable.has(i) && !specs[i].extends.some((e) => 'file' in e)) return;
    reachable.add(i);
    for (const e of specs[i].extends) if ('file' in e) visit(e.file, [...stack, i]);
  };
  visit(0, []);
  specs.forEach((spec, i) => {
    const dir = path.dirname(fileName(i));
    const ext = spec.extends.map((e) =>
      'file' in e
        ? e.file === i
          ? `./${path.basename(fileName(i))}`
          : `./${path.relative(dir, fileName(e.file)).split(path.sep).join('/')}`.replace(/^\.\/\.\./, '..')
        : 'preset' in e
          ? e.preset
          : e.raw,
    );
    const value = {
      ...spec.extra,
      extends: ext,
      rules: spec.rules,
      ...(spec.knowledge ? { knowledge: spec.knowledge } : {}),
      ...(spec.ignores ? { ignores: spec.ignores } : {}),
      ...(spec.baseline ? { baseline: spec.baseline } : {}),
    };
    const text = spec.broken
      ? JSON.stringify(value).slice(0, -1) + ',,'
      : `// generated\n${JSON.stringify(value, null, 2)}`;
    files.set(fileName(i), text);
    if (!reachable.has(i)) return;
    if (spec.broken || Object.keys(spec.extra).length) mustFail = true;
    for (const e of spec.extends)
      if (('preset' in e && e.preset === 'paved-road:lenient') || ('raw' in e && e.raw !== '@acme/shared'))
        mustFail = true;
    if (spec.knowledge?.auditEventNamePattern && spec.knowledge.auditEventNamePattern !== '^[a-z]+(_[a-z]+)+$')
      mustFail = true;
    // Every declaration that makes the rules trust something, every ignore and the baseline need a visible reason.
    const declarations: { reason?: string }[] = [
      ...(spec.knowledge?.sanitizers ?? []),
      ...(spec.knowledge?.secretNamesToIgnore ?? []),
      ...(spec.knowledge?.auditLoggers ?? []),
      ...(spec.knowledge?.sqlTaggedTemplates ?? []),
      ...(spec.ignores ?? []),
      ...(spec.baseline ? [spec.baseline] : []),
    ];
    if (declarations.some((d) => !visible(d.reason))) mustFail = true;
    for (const [id, entry] of Object.entries(spec.rules)) {
      if (!ruleIds.includes(id)) {
        mustFail = true;
        continue;
      }
      if (typeof entry === 'string' && LEVELS.includes(entry as Level)) {
        if (isLoosening(entry as Level, defaults[id])) mustFail = true;
      } else if (entry && typeof entry === 'object' && !('because' in entry)) {
        const o = entry as { level?: Level; reason?: string; options?: Record<string, unknown> };
        // Options the rule's schema refuses: an unknown key, or any option for a rule that takes none.
        const accepts = allRules.find((r) => r.meta.id === id)?.meta.options?.schema.properties ?? {};
        if (Object.keys(o.options ?? {}).some((k) => !(k in accepts))) mustFail = true;
        if (o.reason === '')
          mustFail = true; // the schema wants a non-empty reason
        else if (o.level && isLoosening(o.level, defaults[id]) && !visible(o.reason)) mustFail = true;
      } else mustFail = true;
    }
  });
  return { files, mustFail };
}

describe('team configs (property-based)', () => {
  it('an invalid config or chain always errors, and the effective policy is never weaker than the defaults without a reason', () => {
    const seen = { invalid: 0, valid: 0, loosenedValid: 0, declaredValid: 0 };
    fc.assert(
      fc.property(fc.array(fileSpec, { minLength: 1, maxLength: 4 }), (specs) => {
        const { files, mustFail } = build(specs);
        const policy = loadPolicy(fileName(0), memoryHost(files));
        const levels = effectiveLevels(policy.config);
        for (const e of policy.errors) {
          assert.ok(e.file && e.line >= 1 && e.column >= 1 && e.message.length > 10, JSON.stringify(e));
        }
        if (mustFail) assert.ok(policy.errors.length > 0, 'an invalid chain produced no error');
        if (policy.errors.length) seen.invalid++;
        else seen.valid++;
        if (!policy.errors.length && policy.loosenings.length) seen.loosenedValid++;
        if (policy.errors.length) {
          // Fail closed: nothing weaker than the defaults survives.
          for (const id of ruleIds)
            assert.ok(RANK[levels[id]] >= RANK[defaults[id]], `${id} is ${levels[id]} despite errors`);
          assert.deepEqual(policy.loosenings, []);
          assert.deepEqual(policy.declared, []);
          assert.deepEqual(policy.ignores, []);
          assert.equal(policy.baseline, undefined);
          for (const key of Object.keys(policy.config.knowledge ?? {}))
            assert.ok(['sqlSinks', 'htmlSinks', 'requestSources'].includes(key), key);
        } else {
          // Valid: every declaration that hides findings is listed with a visible reason.
          const k = policy.config.knowledge ?? {};
          const declaredCount =
            (k.sanitizers?.length ?? 0) +
            (k.secretNamesToIgnore?.length ?? 0) +
            (k.auditLoggers?.length ?? 0) +
            (k.sqlTaggedTemplates?.length ?? 0) +
            policy.ignores.length +
            (policy.baseline ? 1 : 0);
          assert.equal(policy.declared.length, declaredCount, JSON.stringify(policy.declared));
          assert.ok(
            policy.declared.every((d) => visible(d.reason)),
            JSON.stringify(policy.declared),
          );
          if (policy.declared.length) seen.declaredValid++;
          // Valid: every rule below its default is a listed loosening with a written reason.
          for (const id of ruleIds) {
            if (RANK[levels[id]] < RANK[defaults[id]]) {
              const l = policy.loosenings.find((x) => x.ruleId === id);
              assert.ok(l && l.reason.trim().length > 0, `${id} loosened without a reason`);
            }
          }
        }
      }),
      { numRuns: 400, seed: Number(process.env.PAVED_ROAD_SEED ?? 20261125) },
    );
    // The generator must exercise both sides, or the property proves nothing.
    assert.ok(
      seen.invalid > 40 && seen.valid > 20 && seen.loosenedValid > 5 && seen.declaredValid > 5,
      JSON.stringify(seen),
    );
  });

  it('arbitrary text as a config never throws and never loosens', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.json({ maxDepth: 4 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ rules: v })),
        ),
        (text) => {
          const files = new Map([[fileName(0), text]]);
          const policy = loadPolicy(fileName(0), memoryHost(files));
          const levels = effectiveLevels(policy.config);
          for (const id of ruleIds) {
            if (RANK[levels[id]] < RANK[defaults[id]])
              assert.ok(
                policy.loosenings.some((l) => l.ruleId === id && l.reason.trim()),
                id,
              );
          }
        },
      ),
      { numRuns: 500, seed: Number(process.env.PAVED_ROAD_SEED ?? 20261125) },
    );
  });
});
