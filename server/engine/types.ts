// The vocabulary shared by the engine, the rules and every front door.
// Nothing here knows about LSP, VS Code, the file system or the network.

import type { TSESTree } from '@typescript-eslint/types';
import type { Facts } from './facts';
import type { TemplateDocument } from './templates/types';
import type { ConfigDocument } from './configs/types';
import type { Category } from './families';

export type Severity = 'error' | 'warning' | 'info';
export type Level = Severity | 'off';
export type Confidence = 'high' | 'medium' | 'low';
export type { Category } from './families';

/** Half-open character offsets into a document's text. */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  /** Another file than the analysed one (path relative to it or absolute); omitted = same document. */
  file?: string;
  /**
   * With `file`: add `newText` as a line at the end of that file unless it already has that line,
   * creating the file if absent (`span` is ignored). A relative `file` is looked up from the
   * analysed file's folder up to the workspace root; absent everywhere, it is created at the root.
   */
  appendLine?: boolean;
  span: Span;
  newText: string;
}

/**
 * How far a fix may be trusted (Biome's fix kinds, ESLint's fix/suggestion split):
 * - `safe`: keeps behaviour for every input the code accepts today; may be applied in bulk
 *   (`scan --fix`, "fix all");
 * - `needs-review`: changes behaviour on purpose (most security fixes do: an input that used to
 *   reach SQL or HTML as code now arrives as data); applied only when a person asks
 *   (`--fix-unsafe`, one code action at a time);
 * - `guidance`: no edit, the manual road (also what a fix becomes when it cannot be verified).
 */
export type FixKind = 'safe' | 'needs-review' | 'guidance';

export const FIX_KINDS: readonly FixKind[] = ['safe', 'needs-review', 'guidance'];

export interface Fix {
  title: string;
  kind: FixKind;
  /**
   * `needs-review`: what the fix changes, in one clause a reviewer can check ("input containing
   * quotes is now sent as data"); shown with the title wherever the fix is offered.
   */
  changes?: string;
  /** `guidance`: why there is no edit (e.g. why verification refused the edit). */
  reason?: string;
  /** The paved road: the fix an editor should offer first. */
  preferred?: boolean;
  /** Empty for `guidance`. */
  edits: TextEdit[];
}

/** One step of the data flow that justifies a finding, from source to sink. */
export interface FlowStep {
  span: Span;
  message: string;
  /**
   * The step is in another file of the project (issue 23): its path as the front door named it,
   * and `span`'s position there (0-based), since this file's text cannot place it.
   */
  file?: string;
  range?: { line: number; column: number; endLine: number; endColumn: number };
}

export interface Finding {
  ruleId: string;
  message: string;
  severity: Severity;
  confidence: Confidence;
  span: Span;
  steps?: FlowStep[];
  fixes?: Fix[];
  /** The rule README's section about this finding's library or engine (a heading's first words). */
  docSection?: string;
}

/** Something a front door must show besides findings: a skipped file, a parse error, a crashed rule. */
export interface Note {
  kind: 'parse-error' | 'rule-error' | 'skipped' | 'config';
  message: string;
  ruleId?: string;
  span?: Span;
}

/** One option's JSON Schema (draft-07): what a config may give for it. */
export type OptionSchema = Readonly<Record<string, unknown>>;

/**
 * A rule's options, as typescript-eslint's `createRule` takes them: the defaults (whose type is the
 * type of `context.options`) and the JSON Schema (draft-07) of the `options` object a config gives
 * the rule. The schema names every option and no other (its `properties` keys are checked against
 * the defaults' keys at compile time; `additionalProperties: false`). A config's `options` are
 * validated against it when the config loads (server/config/load.ts): a bad value is a config error
 * naming the rule and the key, and the config fails closed. The engine puts the config's values
 * over the defaults (objects merged key by key, `applyDefaults`).
 */
export interface RuleOptions<Options> {
  defaults: Options;
  schema: {
    type: 'object';
    additionalProperties: false;
    properties: { readonly [K in keyof Options]-?: OptionSchema };
    description?: string;
  };
  /**
   * Which option values loosen the rule below its secure default, by option path (dots for nested
   * keys: `require.rateLimit`). A config that sets one needs a reason, like turning the rule off
   * (server/config/load.ts), and the loosening shows wherever rule-level loosenings do.
   */
  looser?: Readonly<Record<string, OptionLoosening>>;
}

/** When an option's value is looser than its default: one of these values, a number below a floor, or any entry in an exception list. */
export type OptionLoosening =
  | { readonly values: readonly (string | number | boolean)[] }
  | { readonly below: number }
  | { readonly nonEmpty: true };

export interface RuleMeta<MessageIds extends string = string, Options = Readonly<Record<string, unknown>>> {
  /** `category/kebab-name`; stable, because configs and suppressions name it. */
  id: string;
  title: string;
  /** One sentence for lists, SARIF `shortDescription` and hovers. */
  summary: string;
  cwe: string[];
  /** NIST SSDF SP 800-218 practice ids, e.g. PW.5.1. */
  ssdf: string[];
  severity: Severity;
  confidence: Confidence;
  /** Message templates; `{{name}}` is replaced by the report's data. */
  messages: Record<MessageIds, string>;
  /**
   * The kinds of fix this rule may offer (empty: it offers none). Checked at every report: a fix
   * of an undeclared kind is a bug in the rule, and fails like one (a `rule-error` note).
   */
  fixKinds: FixKind[];
  /** The rule's options with their schema and defaults; absent: it takes none (a config that gives one is refused). */
  options?: RuleOptions<Options>;
}

export interface Report<MessageIds extends string = string> {
  messageId: MessageIds;
  data?: Record<string, string | number>;
  span: Span;
  steps?: FlowStep[];
  fixes?: Fix[];
  /** The rule README's section about this finding's library or engine (a heading's first words). */
  docSection?: string;
  /** Overrides the rule's default confidence for this finding. */
  confidence?: Confidence;
}

/** What a rule is given. `MessageIds` and `Options` come from its `defineRule` (checked at compile time). */
export interface RuleContext<MessageIds extends string = string, Options = Readonly<Record<string, unknown>>> {
  /** Path of the document (as the front door knows it); used for messages and cross-file fix targets. */
  readonly file: string;
  readonly text: string;
  readonly ast: TSESTree.Program;
  readonly facts: Facts;
  /** The rule's `meta.options.defaults` with the config's `options` for it on top (validated by its schema). */
  readonly options: Options;
  /** What the team's config teaches (sinks, sanitizers, audit loggers…); empty by default. */
  readonly knowledge: Readonly<TeamKnowledge>;
  /** A template file's tokens (EJS, Handlebars, Pug, Nunjucks, Vue, Svelte); absent for JS/TS files. */
  readonly template?: TemplateDocument;
  /** A config file's values with their key paths (.env, JSON, YAML); absent for code and templates. */
  readonly config?: ConfigDocument;
  /** The `type` of the nearest package.json, when the front door knows it (see AnalysisConfig.moduleType). */
  readonly moduleType?: 'module' | 'commonjs';
  /** What the front door read about the file's project (see AnalysisConfig.project); absent when unknown. */
  readonly project?: ProjectFacts;
  report(report: Report<MessageIds>): void;
}

export interface Rule<MessageIds extends string = string, Options = Readonly<Record<string, unknown>>> {
  meta: RuleMeta<MessageIds, Options>;
  check(context: RuleContext<MessageIds, Options>): void;
}

/**
 * A function or method a team names in its config, e.g. `{ module: '@acme/audit', name: 'record' }`
 * for `import { record } from '@acme/audit'` / `audit.record(…)` where `audit` comes from that
 * module, or `{ name: 'auditLog.write' }` for a callee written exactly so (no module known).
 */
export interface CalleeRef {
  module?: string;
  /** Dotted path after the module binding (`record`, `AuditLogger.record`), or the callee text. */
  name: string;
}

/** What a team teaches the engine (from `paved-road.json`); every rule family reads its part. */
export interface TeamKnowledge {
  /** Extra SQL sinks: calls whose first argument is SQL text. */
  sqlSinks?: (CalleeRef & { placeholder?: 'dollar' | 'question' | 'named' })[];
  /** Tagged templates that bind their interpolations (safe query builders). */
  sqlTaggedTemplates?: CalleeRef[];
  /** Functions whose result is safe for a kind of sink. */
  sanitizers?: (CalleeRef & { for: Category[] })[];
  /** Extra HTML sinks: calls whose first argument is written as HTML. */
  htmlSinks?: CalleeRef[];
  /** The team's audit logger functions, and the convention its event names follow. */
  auditLoggers?: CalleeRef[];
  auditEventNamePattern?: string;
  /** Names (variables, properties) that look like secrets but are not, e.g. `passwordPolicy`. */
  secretNamesToIgnore?: string[];
  /** In-house framework request objects/functions that carry outside data. */
  requestSources?: CalleeRef[];
  /** Where fixes should point, per category, e.g. `{ audit: "audit.record from @acme/audit" }`. */
  pavedRoads?: Partial<Record<Category, string>>;
  /** The team's route guards (middleware, NestJS guards, wrappers) and the controls each provides (default: authentication). */
  guards?: (CalleeRef & { provides?: RouteControlName[] })[];
  /** The team's input validators (middleware or functions called in a handler). */
  validators?: CalleeRef[];
  /** The team's rate limiters. */
  rateLimiters?: CalleeRef[];
  /** The team's MFA / step-up checks. */
  mfaChecks?: CalleeRef[];
}

/** The security controls of one route, in the order the per-route table shows them. */
export const ROUTE_CONTROLS = [
  'authentication',
  'authorization',
  'inputValidation',
  'rateLimit',
  'auditEvent',
  'mfa',
] as const;
export type RouteControlName = (typeof ROUTE_CONTROLS)[number];
/** `present`: the route has it; `missing`: it applies and was not found; `n/a`: it does not apply to this route. */
export type RouteControlState = 'present' | 'missing' | 'n/a';

/** One route of a file and its controls (the seatbelt table). */
export interface RouteControls {
  /** The registration: `router.post(`, the method decorator, the exported handler. */
  span: Span;
  framework: string;
  /** Upper-case HTTP method, or ALL. */
  method: string;
  /** The path as this file writes it (a router's mount prefix in another file is not seen). */
  path?: string;
  /** Why the route counts as one that checks credentials or as an admin route, when it does. */
  kinds: ('auth' | 'admin' | 'public')[];
  controls: Record<RouteControlName, RouteControlState>;
  /** What was recognised for each present control (a middleware, guard or call), for the table's tooltip. */
  evidence: Partial<Record<RouteControlName, string>>;
}

/**
 * What the families compute per file besides findings, handed to `analyze()` by the host as the rules
 * are (the engine names no rule): `routes`, the seatbelt table (rules/defaults/shared/controls.ts),
 * and `summary`, the module's summary for the files that import it (rules/module-summary.ts).
 */
export interface FileTables {
  routes?: (facts: Facts, file: string, knowledge: Readonly<TeamKnowledge>) => RouteControls[];
  /** What this module tells the modules that import it (rules/module-summary.ts; issue 23). */
  summary?: (facts: Facts, knowledge: Readonly<TeamKnowledge>) => import('./project/types').ModuleSummary;
}

export interface AnalysisConfig {
  /** Team knowledge from the config file; absent = the built-in catalogue only. */
  knowledge?: TeamKnowledge;
  /** Per rule id: a level; rules not named run at their default severity. */
  rules?: Record<string, Level | { level?: Level; options?: Record<string, unknown> }>;
  /** Files larger than this many bytes are skipped with a note. */
  maxFileBytes?: number;
  /** A rule still running after this many ms on one file is stopped and skipped with a note. */
  ruleBudgetMs?: number;
  /**
   * The `type` of the file's nearest package.json ("commonjs" when it has none), read by the front
   * door — the engine reads no files. Fixes that add an import to a `.js` file with no import or
   * require yet use it to choose `import` or nothing.
   */
  moduleType?: 'module' | 'commonjs';
  /**
   * What the front door read (as data) about the file's project, for verifying fixes
   * (fixes/verify.ts): a fix may only import what the project depends on and use syntax its
   * Node.js runs. Absent = unknown (the pure engine in tests): those checks are not made.
   */
  project?: ProjectFacts;
  /**
   * Summaries of the modules this file imports, by specifier as written, resolved by the front
   * door (server/engine/project/): the engine follows data and audit events into them without
   * reading a file. Absent = this file alone.
   */
  imports?: import('./project/types').ImportedSummaries;
  /** How other modules register this file's exported functions as route handlers (issue 23). */
  registrations?: import('./project/types').Registration[];
  /** How other modules mount this file's exported routers: prefix and the controls in front (issue 26). */
  mounts?: import('./project/types').Mount[];
  /** The functions of other modules that call this file's exports, and whether they audit (issue 23). */
  callers?: import('./project/types').Caller[];
  /** Passport strategies other modules define, for a file that imports passport (issue 23). */
  strategies?: import('./project/types').StrategyRef[];
  /** How other modules use this file's exported values as keys or passwords (issue 23). */
  secretUses?: import('./project/types').SecretUse[];
  /** How other modules render this template: the locals each passes safe as markup (issue 23). */
  views?: import('./project/types').RenderedBy[];
  /** Also compute this file's own summary (`AnalysisResult.summary`) for the modules importing it. */
  summarize?: boolean;
  /** Only the summary: no rule runs (a module imported by the part of the project being scanned). */
  summaryOnly?: boolean;
}

export interface ProjectFacts {
  /** The nearest package.json (relative to the workspace, for messages); absent when there is none. */
  manifest?: string;
  /** Every package it depends on (dependencies, dev, peer, optional); empty without a package.json. */
  dependencies: string[];
  /** The lowest Node.js major the project says it runs on, and where it says so. */
  node?: { major: number; source: string };
}

export interface SourceDocument {
  /** Path or URI, used to pick the language (by extension) and in notes. */
  file: string;
  text: string;
  languageId?: string;
}

export interface AnalysisResult {
  findings: Finding[];
  notes: Note[];
  /** Findings an inline suppression covers, with the suppression (its reason), for reports and posture. */
  suppressed?: import('./suppressions').SuppressedFinding[];
  /** Per loosening declaration in the team's knowledge (loosened.ts `knowledgeKey`): how many
   * findings it hid in this file. Absent when none hid anything. */
  silenced?: Record<string, number>;
  /** The routes this file registers and their security controls (the seatbelt table); absent when none. */
  routes?: RouteControls[];
  /** With `AnalysisConfig.summarize`: what this module says to the modules that import it. */
  summary?: import('./project/types').ModuleSummary;
}
