// Loading a team's `paved-road.json`: JSON with comments, validated against the JSON Schema the
// extension also contributes to VS Code, `extends` resolved (presets, relative files, npm packages
// in the workspace's node_modules — read as data, never executed), merged in order, and checked
// for loosenings without a written reason.
//
// Fail closed: any problem anywhere in the chain yields errors that name the file, the line and
// what to do, and an effective policy that is never weaker than the secure defaults (see
// `secureFallback`). Never throws for anything a workspace can put on disk.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import {
  findNodeAtLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { RE2JS } from 're2js';
import schema from '../../schema/paved-road.schema.json';
import { allRules, ruleById } from '../../rules';
import { knowledgeKey, type KnowledgeLooseningKind } from '../engine/loosened';
import { hasVisibleText } from '../engine/reason';
import type {
  AnalysisConfig,
  CalleeRef,
  Category,
  Level,
  RouteControlName,
  Rule,
  Severity,
  TeamKnowledge,
} from '../engine/types';
import { PRESET_PREFIX, preset, presetNames } from './presets';
import { CATEGORY_IDS } from '../engine/families';
import { ruleSetting } from '../engine/analyze';
import { looserOptions } from '../engine/rule';

export const CONFIG_FILE = 'paved-road.json';
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_CHAIN = 32;

export interface RawRuleEntry {
  level?: Level;
  options?: Record<string, unknown>;
  reason?: string;
}

type Reasoned<T> = T & { reason: string };

/** Team knowledge as written: every loosening declaration carries its reason. */
export type RawKnowledge = Omit<
  TeamKnowledge,
  | 'sanitizers'
  | 'sqlTaggedTemplates'
  | 'auditLoggers'
  | 'secretNamesToIgnore'
  | 'guards'
  | 'validators'
  | 'rateLimiters'
  | 'mfaChecks'
> & {
  guards?: Reasoned<CalleeRef & { provides?: RouteControlName[] }>[];
  validators?: Reasoned<CalleeRef>[];
  rateLimiters?: Reasoned<CalleeRef>[];
  mfaChecks?: Reasoned<CalleeRef>[];
  sanitizers?: Reasoned<CalleeRef & { for: Category[] }>[];
  sqlTaggedTemplates?: Reasoned<CalleeRef>[];
  auditLoggers?: Reasoned<CalleeRef>[];
  secretNamesToIgnore?: Reasoned<{ name: string }>[];
};

/** A config file's content, as the schema describes it. */
export interface RawConfig {
  $schema?: string;
  extends?: string | string[];
  rules?: Record<string, Level | RawRuleEntry>;
  knowledge?: RawKnowledge;
  ignores?: Reasoned<{ pattern: string }>[];
  baseline?: Reasoned<{ file: string }>;
  training?: boolean;
}

/** A configuration error: where it is and what to do about it (1-based line and column). */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** A rule turned off or below its default level, with the reason the config gives. */
export interface Loosening {
  ruleId: string;
  level: Level;
  defaultLevel: Severity;
  reason: string;
  /** Where it is set: a config file (or a preset / the command line / an editor setting). */
  file: string;
  line: number;
  /** Set when an option value, not the level, loosens the rule (`meta.options.looser`): which option, the value set, its default. */
  option?: { path: string; value: unknown; default: unknown };
}

/**
 * A loosening other than a rule's level: a declaration in `knowledge` (a sanitizer, a tagged
 * template believed to bind, an audit logger that vouches for events, a secret name to ignore),
 * an `ignores` entry or the baseline. Each has a reason (the config is invalid without one) and a
 * key the scan counts what it silenced against (loosened.ts for knowledge; `ignore:` and `baseline:`).
 */
export interface DeclaredLoosening {
  kind: KnowledgeLooseningKind | 'ignore' | 'baseline';
  key: string;
  /** What is declared, for people: "sanitizer tidy from ./util (xss, sql)". */
  what: string;
  reason: string;
  file: string;
  line: number;
}

/** What a config means for the files it applies to. */
export interface Policy {
  /** The nearest config file; undefined = none, the secure defaults apply. */
  file?: string;
  /** Every config file read to build this policy (to watch for changes). */
  files: string[];
  errors: ConfigProblem[];
  /** What the engine runs with: the merged config, or the secure fallback when there are errors. */
  config: AnalysisConfig;
  /** .gitignore-syntax patterns relative to `root`. */
  ignores: string[];
  root: string;
  /** Absolute path of the baseline file the config names. */
  baseline?: string;
  training: boolean;
  loosenings: Loosening[];
  /** Knowledge declarations, ignores and the baseline, each with its reason. */
  declared: DeclaredLoosening[];
}

/** File access, so tests and the editor (unsaved buffers) can supply content. */
export interface ConfigHost {
  readFile(file: string): string;
  isFile(file: string): boolean;
  isDirectory(file: string): boolean;
}

export const nodeHost: ConfigHost = {
  readFile(file) {
    const size = fs.statSync(file).size;
    if (size > MAX_CONFIG_BYTES) throw new Error(`larger than ${MAX_CONFIG_BYTES / 1024} KiB`);
    return fs.readFileSync(file, 'utf8');
  },
  isFile: (file) => {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  },
  isDirectory: (file) => {
    try {
      return fs.statSync(file).isDirectory();
    } catch {
      return false;
    }
  },
};

const RANK: Record<Level, number> = { off: 0, info: 1, warning: 2, error: 3 };

/** Whether `level` is weaker than the rule's default (off, or a lower severity). */
export function isLoosening(level: Level, defaultLevel: Severity): boolean {
  return RANK[level] < RANK[defaultLevel];
}

interface RuleLayer {
  level?: Level;
  options?: Record<string, unknown>;
  reason?: string;
  file: string;
  line: number;
  /** Where the options in force were set, with that entry's reason (a later layer may set the level alone). */
  optionsAt?: { reason: string; file: string; line: number };
}

interface Merged {
  rules: Map<string, RuleLayer>;
  knowledge: TeamKnowledge;
  ignores: string[];
  baseline?: string;
  training?: boolean;
  declared: DeclaredLoosening[];
}

/**
 * The config schema the loader validates with: the shipped file, with
 * - the rule families (`definitions.category`) as the family list names them
 *   (server/engine/families.ts); the shipped file accepts any lower-case word there, so adding a
 *   family needs no edit of it (`test/unit/families.test.ts`);
 * - one entry under `rules.properties` for every rule that has options, whose `options` is that
 *   rule's own schema (`meta.options.schema`); every other rule's `options` must be empty. The
 *   shipped file carries the same entries, because VS Code validates with the file
 *   (`test/config/rule-options.test.ts` checks that they are what this function derives from the rules).
 */
export function configSchema(rules: readonly Rule[] = allRules): Record<string, unknown> {
  const derived = structuredClone(schema) as unknown as {
    properties: { rules: { properties?: Record<string, unknown> } };
    definitions: Record<string, unknown>;
  };
  derived.definitions.category = { enum: [...CATEGORY_IDS] };
  const entries: Record<string, unknown> = {};
  for (const rule of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    if (rule.meta.options) entries[rule.meta.id] = ruleEntryWithOptions(rule.meta.options.schema);
  }
  derived.properties.rules.properties = entries;
  return derived as unknown as Record<string, unknown>;
}

/** A rule entry (a level, or { level, options, reason }) whose `options` follow the rule's schema. */
function ruleEntryWithOptions(options: object): unknown {
  return {
    oneOf: [
      { $ref: '#/definitions/level' },
      {
        type: 'object',
        additionalProperties: false,
        properties: { level: { $ref: '#/definitions/level' }, options, reason: { $ref: '#/definitions/reason' } },
      },
    ],
  };
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(value: unknown): ErrorObject[] {
  // The schema is ours (shipped with the extension, with the rules' option schemas), never the workspace's.
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema());
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1,
    start = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

/** Where a property (its key) or value sits, for messages; falls back to the start of the file. */
function locate(
  text: string,
  root: JsonNode | undefined,
  segments: (string | number)[],
): { line: number; column: number } {
  let node = root && findNodeAtLocation(root, segments);
  for (let n = segments.length - 1; !node && n >= 0 && root; n--) node = findNodeAtLocation(root, segments.slice(0, n));
  if (!node) return { line: 1, column: 1 };
  const at = node.parent?.type === 'property' ? node.parent : node;
  return lineCol(text, at.offset);
}

const dotted = (segments: (string | number)[]): string =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('') || '(top level)';

function schemaMessage(e: ErrorObject, segments: (string | number)[]): string {
  const where = dotted(segments);
  if (segments[0] === 'rules' && segments[2] === 'options' && segments.length > 3)
    return optionMessage(e, String(segments[1]), segments.slice(3));
  if (e.keyword === 'additionalProperties') {
    const name = (e.params as { additionalProperty: string }).additionalProperty;
    return `unknown property '${name}' in ${dotted(segments.slice(0, -1))}: remove it or check its spelling (the schema lists what is allowed)`;
  }
  // Loosenings written without a reason (or in the form from before reasons were required).
  const needsReason = `loosens the analysis and needs a written reason (until then the secure defaults stay in force)`;
  if (e.keyword === 'required' && (e.params as { missingProperty: string }).missingProperty === 'reason')
    return `${where} ${needsReason}: add "reason": "why this is acceptable here"`;
  if (e.keyword === 'type' && segments[0] === 'ignores' && segments.length === 2)
    return `${where} ${needsReason}: write { "pattern": "generated/", "reason": "why these files need no analysis" }`;
  if (e.keyword === 'type' && segments[0] === 'baseline' && segments.length === 1)
    return `baseline ${needsReason}: write "baseline": { "file": "paved-road-baseline.json", "reason": "why these findings are accepted for now" }`;
  if (e.keyword === 'type' && segments[1] === 'secretNamesToIgnore' && segments.length === 3)
    return `${where} ${needsReason}: write { "name": "passwordPolicy", "reason": "why this name never holds a secret" }`;
  if (segments[0] === 'rules' && segments.length === 2)
    return `${where} must be a level (error, warning, info, off) or an object { "level", "options", "reason" }`;
  if (e.keyword === 'propertyNames' && segments[0] === 'rules')
    return `${where}: rule ids look like 'category/rule-name' (see \`paved-road rules\`)`;
  if (e.keyword === 'propertyNames')
    return `${where}: '${String(segments[segments.length - 1])}' is not a rule family (one of ${CATEGORY_IDS.join(', ')})`;
  if (e.keyword === 'enum')
    return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}

/** A rule option the rule's schema refuses: which rule, which key, what it accepts (fail closed until fixed). */
function optionMessage(e: ErrorObject, id: string, key: (string | number)[]): string {
  const name = dotted(key);
  const closed = 'until it is fixed the whole config is refused and the secure defaults stay in force';
  if (e.keyword === 'additionalProperties') {
    const options = ruleById(id)?.meta.options;
    if (key.length > 1) return `${id} has no option '${name}': check its spelling in the rule's README; ${closed}`;
    return `${id} has no option '${name}': ${
      options
        ? `its options are ${Object.keys(options.schema.properties)
            .map((k) => `'${k}'`)
            .join(', ')}`
        : 'it takes no options'
    }; ${closed}`;
  }
  if (e.keyword === 'enum')
    return `option '${name}' of ${id} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}; ${closed}`;
  return `option '${name}' of ${id} ${e.message ?? 'is invalid'}; ${closed}`;
}

function schemaProblems(
  file: string,
  text: string,
  root: JsonNode | undefined,
  errors: ErrorObject[],
): ConfigProblem[] {
  // oneOf reports every branch; keep one message per place, the deepest places first.
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const e of sorted) {
    if (e.keyword === 'oneOf' && sorted.some((o) => o !== e && o.instancePath.startsWith(e.instancePath))) continue;
    if (e.propertyName !== undefined) continue; // a property name's own error: its `propertyNames` error says it
    const segments: (string | number)[] = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (e.keyword === 'additionalProperties')
      segments.push((e.params as { additionalProperty: string }).additionalProperty);
    if (e.keyword === 'propertyNames') segments.push((e.params as { propertyName: string }).propertyName);
    const key = segments.join('\u0000');
    if (seen.has(key) || [...seen].some((s) => s.startsWith(key + '\u0000'))) continue;
    seen.add(key);
    out.push({ file, ...locate(text, root, segments), message: schemaMessage(e, segments) });
  }
  return out;
}

const SCRIPT_FILE = /\.(?:[cm]?[jt]sx?)$/i;
const PACKAGE_NAME = /^((?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*)(\/.+)?$/;

function inside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The JSON file an `extends` entry names, or why it cannot be used. */
export function resolveExtends(entry: string, fromDir: string, host: ConfigHost): { file: string } | { error: string } {
  const refuseScript = (file: string): { error: string } | undefined =>
    SCRIPT_FILE.test(file)
      ? {
          error: `'${entry}' names a JavaScript/TypeScript file (${path.basename(file)}); configs are JSON data and are never executed: point extends at a .json file`,
        }
      : undefined;
  if (entry.startsWith('.') || path.isAbsolute(entry)) {
    const target = path.resolve(fromDir, entry);
    const refused = refuseScript(target);
    if (refused) return refused;
    const file = host.isDirectory(target) ? path.join(target, CONFIG_FILE) : target;
    if (!host.isFile(file))
      return { error: `'${entry}' was not found (looked for ${file}): fix the path or create the file` };
    return { file };
  }
  const m = PACKAGE_NAME.exec(entry);
  if (!m)
    return {
      error: `'${entry}' is not a preset (${presetNames()
        .map((p) => PRESET_PREFIX + p)
        .join(', ')}), a relative path (./…) or an npm package name`,
    };
  const [, name, sub] = m;
  let packageDir: string | undefined;
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (host.isDirectory(candidate)) {
      packageDir = candidate;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (!packageDir)
    return {
      error: `package '${name}' was not found in node_modules above ${fromDir}: install it (npm install --save-dev ${name}) or fix the name`,
    };
  const within = (file: string): { file: string } | { error: string } => {
    const refused = refuseScript(file);
    if (refused) return refused;
    if (!inside(packageDir, file)) return { error: `'${entry}' points outside the package ${name}` };
    if (!host.isFile(file)) return { error: `'${entry}' was not found (looked for ${file})` };
    return { file };
  };
  if (sub) return within(path.join(packageDir, sub));
  const own = path.join(packageDir, CONFIG_FILE);
  if (host.isFile(own)) return { file: own };
  let manifest: { pavedRoad?: unknown; main?: unknown } = {};
  try {
    manifest = JSON.parse(host.readFile(path.join(packageDir, 'package.json'))) as typeof manifest;
  } catch {
    /* reported below */
  }
  if (typeof manifest.pavedRoad === 'string') return within(path.join(packageDir, manifest.pavedRoad));
  if (typeof manifest.main === 'string' && /\.json$/i.test(manifest.main))
    return within(path.join(packageDir, manifest.main));
  if (typeof manifest.main === 'string' && SCRIPT_FILE.test(manifest.main)) {
    return {
      error: `package '${name}' names only a JavaScript entry point (${manifest.main}); configs are JSON data and are never executed: the package needs a ${CONFIG_FILE} or a "pavedRoad": "<file>.json" field in its package.json`,
    };
  }
  return {
    error: `package '${name}' has no ${CONFIG_FILE} and its package.json names no JSON config ("pavedRoad": "<file>.json")`,
  };
}

interface Loader {
  host: ConfigHost;
  errors: ConfigProblem[];
  files: Set<string>;
}

function emptyMerged(): Merged {
  return { rules: new Map(), knowledge: {}, ignores: [], declared: [] };
}

function mergeKnowledge(into: TeamKnowledge, add: TeamKnowledge): void {
  const target = into as Record<string, unknown>;
  for (const [key, value] of Object.entries(add) as [string, unknown][]) {
    if (Array.isArray(value)) target[key] = [...((target[key] as unknown[] | undefined) ?? []), ...value];
    else if (value && typeof value === 'object') target[key] = { ...(target[key] as object | undefined), ...value };
    else if (value !== undefined) target[key] = value;
  }
}

function mergeInto(into: Merged, add: Merged): void {
  for (const [id, layer] of add.rules) {
    const prior = into.rules.get(id);
    if (!prior) {
      into.rules.set(id, { ...layer });
      continue;
    }
    into.rules.set(
      id,
      layer.level !== undefined
        ? {
            ...layer,
            options: layer.options ?? prior.options,
            optionsAt: layer.options ? layer.optionsAt : prior.optionsAt,
          }
        : {
            ...prior,
            options: layer.options ?? prior.options,
            optionsAt: layer.options ? layer.optionsAt : prior.optionsAt,
          },
    );
  }
  mergeKnowledge(into.knowledge, add.knowledge);
  into.ignores.push(...add.ignores);
  if (add.baseline !== undefined) {
    into.baseline = add.baseline;
    into.declared = into.declared.filter((d) => d.kind !== 'baseline'); // the later baseline replaces the earlier
  }
  into.declared.push(...add.declared);
  if (add.training !== undefined) into.training = add.training;
}

/** Semantic checks the schema cannot express, and the layer this config adds. */
function layerOf(raw: RawConfig, file: string, text: string, root: JsonNode | undefined, loader: Loader): Merged {
  const layer = emptyMerged();
  const problem = (segments: (string | number)[], message: string): void => {
    loader.errors.push({ file, ...locate(text, root, segments), message });
  };
  for (const [id, entry] of Object.entries(raw.rules ?? {})) {
    const rule = ruleById(id);
    if (!rule) {
      problem(['rules', id], `unknown rule '${id}': see \`paved-road rules\` for the rule ids`);
      continue;
    }
    const object: RawRuleEntry = typeof entry === 'string' ? { level: entry } : entry;
    const line = locate(text, root, ['rules', id]).line;
    if (object.level !== undefined && isLoosening(object.level, rule.meta.severity) && !hasVisibleText(object.reason)) {
      problem(
        ['rules', id],
        `turning '${id}' ${object.level === 'off' ? 'off' : `down to ${object.level}`} (its default is ${rule.meta.severity}) needs a reason: ` +
          `write "${id}": { "level": "${object.level}", "reason": "why this is acceptable here" }; until then the rule stays at ${rule.meta.severity}`,
      );
      continue;
    }
    // An option set looser than its default (`meta.options.looser`) needs a reason as the level does.
    const looser = looserOptions(rule.meta, object.options);
    if (looser.length && !hasVisibleText(object.reason)) {
      const { path: key, value, default: base } = looser[0];
      problem(
        ['rules', id, 'options', ...key.split('.')],
        `option '${key}' of ${id} set to ${JSON.stringify(value)} loosens it (its default is ${JSON.stringify(base)}) and needs a reason: ` +
          `add "reason": "why this is acceptable here" to "${id}"; until then the secure defaults stay in force`,
      );
      continue;
    }
    layer.rules.set(id, {
      ...object,
      ...(object.reason ? { reason: object.reason.trim() } : {}),
      file,
      line,
      ...(object.options ? { optionsAt: { reason: object.reason?.trim() ?? '', file, line } } : {}),
    });
  }
  // Every other loosening needs a reason in visible words too; the declaration itself goes to the
  // engine without it, the reason to the posture.
  const declare = (
    segments: (string | number)[],
    kind: DeclaredLoosening['kind'],
    key: string,
    what: string,
    reason: string,
  ): boolean => {
    if (!hasVisibleText(reason)) {
      problem(
        segments,
        `${dotted(segments)} (${what}) loosens the analysis and its reason has no visible text: write what makes it acceptable here; until then the secure defaults stay in force`,
      );
      return false;
    }
    layer.declared.push({ kind, key, what, reason: reason.trim(), file, line: locate(text, root, segments).line });
    return true;
  };
  const rawKnowledge = raw.knowledge ?? {};
  const knowledge: TeamKnowledge = { ...(rawKnowledge as TeamKnowledge) };
  const callee = (ref: CalleeRef): string => `${ref.name}${ref.module ? ` from ${ref.module}` : ''}`;
  if (rawKnowledge.sanitizers) {
    knowledge.sanitizers = rawKnowledge.sanitizers.flatMap(({ reason, ...ref }, i) =>
      declare(
        ['knowledge', 'sanitizers', i],
        'sanitizer',
        knowledgeKey('sanitizer', ref),
        `sanitizer ${callee(ref)} (${ref.for.join(', ')})`,
        reason,
      )
        ? [ref]
        : [],
    );
  }
  if (rawKnowledge.sqlTaggedTemplates) {
    knowledge.sqlTaggedTemplates = rawKnowledge.sqlTaggedTemplates.flatMap(({ reason, ...ref }, i) =>
      declare(
        ['knowledge', 'sqlTaggedTemplates', i],
        'sql-tagged-template',
        knowledgeKey('sql-tagged-template', ref),
        `SQL tagged template ${callee(ref)}`,
        reason,
      )
        ? [ref]
        : [],
    );
  }
  if (rawKnowledge.auditLoggers) {
    knowledge.auditLoggers = rawKnowledge.auditLoggers.flatMap(({ reason, ...ref }, i) =>
      declare(
        ['knowledge', 'auditLoggers', i],
        'audit-logger',
        knowledgeKey('audit-logger', ref),
        `audit logger ${callee(ref)}`,
        reason,
      )
        ? [ref]
        : [],
    );
  }
  if (rawKnowledge.guards) {
    knowledge.guards = rawKnowledge.guards.flatMap(({ reason, ...ref }, i) =>
      declare(
        ['knowledge', 'guards', i],
        'guard',
        knowledgeKey('guard', ref),
        `route guard ${callee(ref)} (${(ref.provides ?? ['authentication']).join(', ')})`,
        reason,
      )
        ? [ref]
        : [],
    );
  }
  const controlRefs = (
    field: 'validators' | 'rateLimiters' | 'mfaChecks',
    kind: 'validator' | 'rate-limiter' | 'mfa-check',
    what: string,
  ): void => {
    const list = rawKnowledge[field];
    if (list)
      knowledge[field] = list.flatMap(({ reason, ...ref }, i) =>
        declare(['knowledge', field, i], kind, knowledgeKey(kind, ref), `${what} ${callee(ref)}`, reason) ? [ref] : [],
      );
  };
  controlRefs('validators', 'validator', 'input validator');
  controlRefs('rateLimiters', 'rate-limiter', 'rate limiter');
  controlRefs('mfaChecks', 'mfa-check', 'MFA check');
  if (rawKnowledge.secretNamesToIgnore) {
    knowledge.secretNamesToIgnore = rawKnowledge.secretNamesToIgnore.flatMap(({ name, reason }, i) =>
      declare(
        ['knowledge', 'secretNamesToIgnore', i],
        'secret-name',
        knowledgeKey('secret-name', name),
        `secret name to ignore "${name}"`,
        reason,
      )
        ? [name]
        : [],
    );
  }
  const pattern = raw.knowledge?.auditEventNamePattern;
  if (pattern !== undefined) {
    try {
      // Team regexes run on RE2 (linear time): a pattern RE2 cannot run is refused, never run elsewhere.
      RE2JS.compile(pattern);
    } catch (error) {
      problem(
        ['knowledge', 'auditEventNamePattern'],
        `knowledge.auditEventNamePattern is not an RE2 regular expression (${(error as Error).message}); lookaround and backreferences are not supported: rewrite it without them`,
      );
      delete knowledge.auditEventNamePattern;
    }
  }
  layer.knowledge = knowledge;
  (raw.ignores ?? []).forEach(({ pattern, reason }, i) => {
    if (declare(['ignores', i], 'ignore', ignoreKey(file, pattern), `ignored path ${pattern}`, reason))
      layer.ignores.push(pattern);
  });
  if (raw.baseline !== undefined) {
    const baseline = path.resolve(path.dirname(file), raw.baseline.file);
    if (declare(['baseline'], 'baseline', baselineKey(baseline), `baseline ${raw.baseline.file}`, raw.baseline.reason))
      layer.baseline = baseline;
  }
  if (raw.training !== undefined) layer.training = raw.training;
  return layer;
}

function loadFile(file: string, chain: string[], loader: Loader): Merged | undefined {
  loader.files.add(file);
  let text: string;
  try {
    text = loader.host.readFile(file);
  } catch (error) {
    loader.errors.push({
      file,
      line: 1,
      column: 1,
      message: `cannot read this config (${(error as Error).message}): fix its permissions or remove it; the secure defaults stay in force`,
    });
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  if (parseErrors.length || !root) {
    for (const e of parseErrors.slice(0, 5))
      loader.errors.push({
        file,
        ...lineCol(text, e.offset),
        message: `not valid JSON (${printParseErrorCode(e.error)}): fix the syntax; the secure defaults stay in force`,
      });
    if (!root && !parseErrors.length)
      loader.errors.push({ file, line: 1, column: 1, message: 'empty config: write {} or remove the file' });
    return undefined;
  }
  // A plain-object copy (jsonc-parser builds null-prototype objects); JSON.parse keeps `__proto__` an own key.
  const raw = JSON.parse(JSON.stringify(getNodeValue(root))) as RawConfig;
  const invalid = validate(raw);
  if (invalid.length) {
    loader.errors.push(...schemaProblems(file, text, root, invalid));
    return undefined;
  }
  const merged = emptyMerged();
  const entries = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  const here = [...chain, file];
  entries.forEach((entry, i) => {
    const at = locate(text, root, Array.isArray(raw.extends) ? ['extends', i] : ['extends']);
    const fail = (message: string): void => {
      loader.errors.push({ file, ...at, message: `extends: ${message} (chain: ${here.map(label).join(' → ')})` });
    };
    if (entry.startsWith(PRESET_PREFIX)) {
      const name = entry.slice(PRESET_PREFIX.length);
      const raw = preset(name);
      if (!raw)
        return fail(
          `unknown preset '${entry}': use one of ${presetNames()
            .map((p) => PRESET_PREFIX + p)
            .join(', ')}`,
        );
      const presetLayer = emptyMerged();
      for (const [id, level] of Object.entries(raw.rules ?? {}))
        presetLayer.rules.set(id, { level: level as Level, file: entry, line: 0 });
      if (raw.training !== undefined) presetLayer.training = raw.training;
      mergeInto(merged, presetLayer);
      return;
    }
    const target = resolveExtends(entry, path.dirname(file), loader.host);
    if ('error' in target) return fail(target.error);
    if (here.includes(target.file))
      return fail(
        `'${entry}' makes a cycle: ${[...here, target.file].map(label).join(' → ')}; remove one of these extends`,
      );
    if (here.length >= MAX_CHAIN) return fail(`extends chain is deeper than ${MAX_CHAIN} configs`);
    const loaded = loadFile(target.file, here, loader);
    if (loaded) mergeInto(merged, loaded);
  });
  mergeInto(merged, layerOf(raw, file, text, root, loader));
  return merged;
}

/** The key an `ignores` entry's left-out files are counted against. */
export const ignoreKey = (configFile: string, pattern: string): string => `ignore:${configFile}#${pattern}`;
/** The key a baseline's hidden findings are counted against. */
export const baselineKey = (baselineFile: string): string => `baseline:${baselineFile}`;

const label = (file: string): string =>
  file.startsWith(PRESET_PREFIX) ? file : path.basename(path.dirname(file)) + '/' + path.basename(file);

/**
 * The policy when a config has problems: only what can make analysis stricter survives — rules
 * raised above their default (without options), extra sinks and request sources. Loosenings,
 * sanitizers, ignores, secret names to ignore, audit loggers and the baseline are dropped.
 */
export function secureFallback(merged: Merged | undefined): AnalysisConfig {
  const rules: Record<string, Level> = {};
  for (const [id, layer] of merged?.rules ?? []) {
    const rule = ruleById(id);
    if (rule && layer.level !== undefined && !isLoosening(layer.level, rule.meta.severity)) rules[id] = layer.level;
  }
  const k = merged?.knowledge ?? {};
  const knowledge: TeamKnowledge = {
    ...(k.sqlSinks ? { sqlSinks: k.sqlSinks } : {}),
    ...(k.htmlSinks ? { htmlSinks: k.htmlSinks } : {}),
    ...(k.requestSources ? { requestSources: k.requestSources } : {}),
  };
  return { rules, knowledge };
}

/** The secure defaults: every rule at its default level, no team knowledge. */
export function defaultPolicy(root: string): Policy {
  return { files: [], errors: [], config: {}, ignores: [], root, training: false, loosenings: [], declared: [] };
}

/** Load the config at `file` (a paved-road.json) with everything it extends. */
export function loadPolicy(file: string, host: ConfigHost = nodeHost): Policy {
  const loader: Loader = { host, errors: [], files: new Set() };
  let merged: Merged | undefined;
  try {
    merged = loadFile(path.resolve(file), [], loader);
  } catch (error) {
    // Nothing a workspace writes should get here; if it does, still fail closed.
    loader.errors.push({
      file,
      line: 1,
      column: 1,
      message: `could not load this config (${(error as Error).message}); the secure defaults stay in force`,
    });
    merged = undefined;
  }
  const base: Policy = {
    ...defaultPolicy(path.dirname(path.resolve(file))),
    file: path.resolve(file),
    files: [...loader.files],
  };
  if (loader.errors.length || !merged) return { ...base, errors: loader.errors, config: secureFallback(merged) };
  const rules: NonNullable<AnalysisConfig['rules']> = {};
  const loosenings: Loosening[] = [];
  for (const [id, layer] of merged.rules) {
    const rule = ruleById(id)!;
    rules[id] = {
      ...(layer.level ? { level: layer.level } : {}),
      ...(layer.options ? { options: layer.options } : {}),
    };
    if (layer.level && isLoosening(layer.level, rule.meta.severity)) {
      loosenings.push({
        ruleId: id,
        level: layer.level,
        defaultLevel: rule.meta.severity,
        reason: layer.reason ?? '',
        file: layer.file,
        line: layer.line,
      });
    }
    for (const option of looserOptions(rule.meta, layer.options))
      loosenings.push({
        ruleId: id,
        level: layer.level ?? rule.meta.severity,
        defaultLevel: rule.meta.severity,
        reason: layer.optionsAt?.reason ?? '',
        file: layer.optionsAt?.file ?? layer.file,
        line: layer.optionsAt?.line ?? layer.line,
        option,
      });
  }
  return {
    ...base,
    config: { rules, knowledge: merged.knowledge },
    ignores: merged.ignores,
    ...(merged.baseline ? { baseline: merged.baseline } : {}),
    training: merged.training ?? false,
    loosenings,
    declared: merged.declared,
  };
}

/**
 * Every rule's effective level under a config (for posture and for the property tests): the
 * engine's own resolver (`ruleSetting`, what analyze() runs), so the fail-closed property tests
 * check the levels the engine applies, not a copy.
 */
export function effectiveLevels(config: AnalysisConfig): Record<string, Level> {
  const out: Record<string, Level> = {};
  for (const rule of allRules) out[rule.meta.id] = ruleSetting(rule, config).level;
  return out;
}

/** One line per problem, as the CLI prints it and the editor shows it. */
export function formatProblem(problem: ConfigProblem, base = process.cwd()): string {
  const rel = path.relative(base, problem.file) || problem.file;
  return `${rel.startsWith('..') ? problem.file : rel}:${problem.line}:${problem.column}: ${problem.message}`;
}
