// `defineRule` checks a rule's metadata once, when the registry loads, so that a rule without a
// CWE, with a malformed id or with a message it cannot render never reaches a user.

import { CATEGORY_IDS, RULE_ID, type Category } from './families';
import { FIX_KINDS, type Fix, type Rule, type RuleMeta } from './types';

const CWE = /^CWE-\d+$/;
const SSDF = /^(PO|PS|PW|RV)\.\d+\.\d+$/;

/**
 * Like typescript-eslint's `createRule`: the message ids a rule reports are the keys of its
 * `meta.messages` and its options have the type of its `meta.options.defaults`, whose schema must
 * name exactly those keys, all checked at compile time (`context.report({ messageId: 'typo' })`
 * and `context.options.typo` do not compile; a rule without `meta.options` has no option to read);
 * the fix kinds it may offer are in `meta.fixKinds`. The rest is checked here, once, when the
 * registry loads.
 */
export function defineRule<const MessageIds extends string, Options extends object = Readonly<Record<never, never>>>(
  rule: Rule<MessageIds, Options>,
): Rule {
  const { meta } = rule as unknown as Rule;
  const problems: string[] = [];
  if (meta.options) {
    const { schema, defaults } = meta.options;
    const named = Object.keys(schema.properties ?? {})
        .sort()
        .join(),
      given = Object.keys(defaults ?? {})
        .sort()
        .join();
    if (schema.type !== 'object' || schema.additionalProperties !== false)
      problems.push('options.schema must be { type: "object", additionalProperties: false, properties }');
    if (named !== given) problems.push(`options.schema names [${named}] but the defaults give [${given}]`);
    for (const key of Object.keys(meta.options.looser ?? {}))
      if (optionAt(defaults, key) === undefined) problems.push(`options.looser names '${key}', which has no default`);
  }
  if (!RULE_ID.test(meta.id))
    problems.push(`id must be category/kebab-name with category one of ${CATEGORY_IDS.join(', ')}`);
  if (meta.cwe.length === 0 || !meta.cwe.every((c) => CWE.test(c))) problems.push('cwe must list CWE-<n> ids');
  if (meta.ssdf.length === 0 || !meta.ssdf.every((s) => SSDF.test(s)))
    problems.push('ssdf must list practice ids like PW.5.1');
  if (!meta.title || !meta.summary) problems.push('title and summary are required');
  if (Object.keys(meta.messages).length === 0) problems.push('messages are required');
  if (!Array.isArray(meta.fixKinds) || !meta.fixKinds.every((k) => FIX_KINDS.includes(k)))
    problems.push(`fixKinds must list kinds among ${FIX_KINDS.join(', ')}`);
  if (problems.length > 0) throw new Error(`rule ${meta.id}: ${problems.join('; ')}`);
  return rule as unknown as Rule;
}

/**
 * A rule's options for one analysis: the config's values over the defaults, as typescript-eslint's
 * `applyDefault` does — plain objects merged key by key (so `{ require: { mfa: 'admin' } }` keeps
 * the other `require` defaults), anything else (arrays, strings, numbers) replaced. Neither input
 * is changed.
 */
export function applyDefaults(defaults: unknown, options: unknown): Record<string, unknown> {
  const merged = merge(defaults, options);
  return isPlainObject(merged) ? merged : {};
}

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  // defineProperty: a `__proto__` key a config wrote (JSON.parse keeps it own) stays a plain key.
  for (const [key, value] of Object.entries(over))
    Object.defineProperty(out, key, {
      value: merge(Object.hasOwn(base, key) ? base[key] : undefined, value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

/** The value at a dotted option path (`require.rateLimit`), or undefined. */
export function optionAt(options: unknown, key: string): unknown {
  let value: unknown = options;
  for (const part of key.split('.')) {
    if (!isPlainObject(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

/**
 * The options a config gives a rule that loosen it (`meta.options.looser`): each with its path, the
 * value given and the default. Empty for a rule that declares no looser values.
 */
export function looserOptions(meta: RuleMeta, options: unknown): { path: string; value: unknown; default: unknown }[] {
  const out: { path: string; value: unknown; default: unknown }[] = [];
  for (const [key, when] of Object.entries(meta.options?.looser ?? {})) {
    const value = optionAt(options, key);
    if (value === undefined) continue;
    const looser =
      'values' in when
        ? when.values.includes(value as string | number | boolean)
        : 'below' in when
          ? typeof value === 'number' && value < when.below
          : Array.isArray(value) && value.length > 0;
    if (looser) out.push({ path: key, value, default: optionAt(meta.options?.defaults, key) });
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function categoryOf(meta: RuleMeta): Category {
  return meta.id.split('/')[0] as Category;
}

/** Render a message template: `{{name}}` → data.name. Unknown names stay visible rather than vanish. */
export function renderMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/**
 * Why a fix a rule reports breaks the fix contract, or undefined when it keeps it: its kind is one
 * the rule declares, a `guidance` fix has no edits and says why, an edit fix has edits, and a
 * `needs-review` fix says what it changes.
 */
export function fixContractProblem(meta: RuleMeta, fix: Fix): string | undefined {
  if (!meta.fixKinds.includes(fix.kind))
    return `rule ${meta.id} offered a ${fix.kind} fix but declares only ${meta.fixKinds.join(', ') || 'no fixes'}`;
  if (fix.kind === 'guidance')
    return fix.edits.length || !fix.reason
      ? `rule ${meta.id}: a guidance fix has no edits and gives a reason`
      : undefined;
  if (fix.edits.length === 0) return `rule ${meta.id}: a ${fix.kind} fix needs edits`;
  if (fix.kind === 'needs-review' && !fix.changes) return `rule ${meta.id}: a needs-review fix says what it changes`;
  return undefined;
}

/** Source text for a message: whitespace folded to one space, at most `max` characters (… when cut). */
export function abbreviate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
