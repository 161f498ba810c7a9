// Every fix is verified here before any front door offers it (the editor's code actions, the CLI's
// --fix and --fix-dry-run, JSON and SARIF `fixes`). A fix whose edits fail a check is not offered
// as an edit: it becomes `guidance` (the manual road) with the reason, so the person still learns
// what to do and why the tool would not do it for them.
//
// The checks, in order of cost: the edits apply; any module the fix imports is one the project
// depends on (or a Node built-in, or a relative file); no syntax the project's Node.js cannot run
// (for JavaScript; TypeScript is compiled down to its `target`); the fixed text, analysed again by
// every rule, parses, no longer has the finding, and has no finding the original did not have; and,
// where the front door knows the file's TypeScript project, no new type error. Pure: the front door
// supplies the type check (it reads tsconfig.json as data; nothing of the workspace is executed).

import type { TSESTree } from '@typescript-eslint/types';
import { analyze } from '../analyze';
import { applyEdits } from '../edits';
import { Facts, type NodeType } from '../facts';
import { parse, scriptKindOf } from '../parse';
import type { AnalysisConfig, AnalysisResult, Finding, Fix, Rule, SourceDocument, TextEdit } from '../types';

/** What a front door can add to the verification that the pure engine cannot do itself. */
export interface VerifyHooks {
  /**
   * Type errors the file has with `fixedText` in place that it does not have today (messages), or
   * undefined when the file belongs to no TypeScript/JavaScript project the front door can check.
   */
  newTypeErrors?(fixedText: string): string[] | undefined;
  /**
   * The same for several fixed texts of the file at once (one type-check program for all of
   * them, which is what makes verifying a scan's fixes affordable); used instead of
   * `newTypeErrors` by `fixVerdicts` when given. One answer per text, in order.
   */
  newTypeErrorsOfEach?(fixedTexts: string[]): (string[] | undefined)[];
}

/**
 * Bounded work: each verification analyses the file again, so a file with more fixes than this has
 * the rest downgraded (scan again after applying the first ones).
 */
export const MAX_VERIFIED_FIXES_PER_FILE = 60;

/** The fix as it may be offered: itself when every check passes, else a `guidance` fix saying why. */
export type Verdict = { ok: true } | { ok: false; reason: string };

/** The result with every finding's fixes verified (unverifiable ones downgraded to guidance). */
export function verifyFixes(
  document: SourceDocument,
  config: AnalysisConfig,
  result: AnalysisResult,
  rules: readonly Rule[],
  hooks: VerifyHooks = {},
): AnalysisResult {
  return withVerdicts(result, fixVerdicts(document, config, result, rules, hooks));
}

/**
 * One entry per edit fix of `result` (every fix that is not guidance, in finding then fix order):
 * null when it may be offered, else why not. Plain data, so a scan worker that analysed the file
 * can verify its fixes and send the verdicts back beside the (cacheable) unverified result.
 */
export type FixVerdicts = (string | null)[];

export function fixVerdicts(
  document: SourceDocument,
  config: AnalysisConfig,
  result: AnalysisResult,
  rules: readonly Rule[],
  hooks: VerifyHooks = {},
): FixVerdicts {
  let budget = MAX_VERIFIED_FIXES_PER_FILE;
  const verdicts: FixVerdicts = [];
  // The type check comes last and, with `newTypeErrorsOfEach`, once for every fix that passed the rest.
  const typeCheck: { index: number; fixed: string }[] = [];
  const each = hooks.newTypeErrorsOfEach;
  const perFix: VerifyHooks = each ? {} : hooks;
  for (const finding of result.findings) {
    for (const fix of finding.fixes ?? []) {
      if (fix.kind === 'guidance') continue;
      const verdict =
        budget-- > 0
          ? checkFix(document, config, result, finding, fix, perFix, rules)
          : {
              ok: false as const,
              reason: `not verified: the file has more than ${MAX_VERIFIED_FIXES_PER_FILE} fixes; apply the first ones and scan again`,
            };
      if (verdict.ok && each) typeCheck.push({ index: verdicts.length, fixed: verdict.fixed });
      verdicts.push(verdict.ok ? null : verdict.reason);
    }
  }
  if (each && typeCheck.length) {
    const answers = each(typeCheck.map((t) => t.fixed));
    typeCheck.forEach((t, k) => {
      const errors = answers[k];
      if (errors?.length) verdicts[t.index] = `the fixed file has a new type error: ${errors[0]}`;
    });
  }
  return verdicts;
}

/** `result` with `verdicts` (from fixVerdicts over the same result) applied: refused fixes become guidance. */
export function withVerdicts(result: AnalysisResult, verdicts: FixVerdicts): AnalysisResult {
  let k = 0;
  const findings = result.findings.map((finding) => {
    if (!finding.fixes?.some((f) => f.kind !== 'guidance')) return finding;
    const fixes = finding.fixes.map((fix): Fix => {
      if (fix.kind === 'guidance') return fix;
      // A verdict missing (fewer than fixes) is a refusal: never offer what was not verified.
      const verdict = k < verdicts.length ? verdicts[k] : 'not verified';
      k++;
      return verdict === null ? fix : asGuidance(fix, verdict);
    });
    return { ...finding, fixes };
  });
  return { ...result, findings };
}

export function asGuidance(fix: Fix, reason: string): Fix {
  return { title: fix.title, kind: 'guidance', reason, edits: [] };
}

/** Whether one fix of one finding may be offered as an edit. `before` is the analysis of `document`. */
export function verifyFix(
  document: SourceDocument,
  config: AnalysisConfig,
  before: AnalysisResult,
  finding: Finding,
  fix: Fix,
  rules: readonly Rule[],
  hooks: VerifyHooks = {},
): Verdict {
  const verdict = checkFix(document, config, before, finding, fix, hooks, rules);
  return verdict.ok ? { ok: true } : verdict;
}

/** verifyFix, with the fixed text when it passes. */
function checkFix(
  document: SourceDocument,
  config: AnalysisConfig,
  before: AnalysisResult,
  finding: Finding,
  fix: Fix,
  hooks: VerifyHooks,
  rules: readonly Rule[],
): { ok: true; fixed: string } | { ok: false; reason: string } {
  const own = fix.edits.filter((e) => e.file === undefined);
  let fixed: string;
  try {
    fixed = applyEdits(document.text, own);
  } catch {
    return { ok: false, reason: 'its edits overlap' };
  }
  const kind = scriptKindOf(document.file, document.languageId);
  if (kind && own.some((e) => SYNTAX_HINT.test(e.newText))) {
    const problem = insertedCodeProblem(fixed, kind, insertedRanges(own), config);
    if (problem) return { ok: false, reason: problem };
  }
  const after = analyze({ ...document, text: fixed }, config, rules);
  const count = (r: AnalysisResult, kind: string): number => r.notes.filter((n) => n.kind === kind).length;
  if (count(after, 'parse-error') > count(before, 'parse-error'))
    return { ok: false, reason: 'the fixed text does not parse' };
  if (count(after, 'rule-error') > count(before, 'rule-error') || count(after, 'skipped') > count(before, 'skipped'))
    return { ok: false, reason: 'a rule could not analyse the fixed text' };
  const perRule = (r: AnalysisResult): Map<string, number> => {
    const m = new Map<string, number>();
    for (const f of r.findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
    return m;
  };
  const was = perRule(before);
  const now = perRule(after);
  const at = mapOffset(own, finding.span.start);
  const stillThere = after.findings.some(
    (f) => f.ruleId === finding.ruleId && f.span.start === at && f.message === finding.message,
  );
  if (stillThere || (now.get(finding.ruleId) ?? 0) >= (was.get(finding.ruleId) ?? 0))
    return { ok: false, reason: 'the finding is still there after the fix' };
  for (const [ruleId, n] of now) {
    if (n > (was.get(ruleId) ?? 0) - (ruleId === finding.ruleId ? 1 : 0))
      return { ok: false, reason: `the fixed text has a new ${ruleId} finding` };
  }
  const typeErrors = hooks.newTypeErrors?.(fixed);
  if (typeErrors?.length) return { ok: false, reason: `the fixed file has a new type error: ${typeErrors[0]}` };
  return { ok: true, fixed };
}

/** Where an offset of the original text is in the fixed text (an offset inside a replaced span goes to the replacement's start). */
function mapOffset(edits: readonly TextEdit[], offset: number): number {
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    if (e.span.end <= offset && !(e.span.start === e.span.end && e.span.start === offset))
      shift += e.newText.length - (e.span.end - e.span.start);
    else if (e.span.start <= offset && offset < e.span.end) return e.span.start + shift;
  }
  return offset + shift;
}

/** The spans of the fixed text that the edits inserted. */
function insertedRanges(edits: readonly TextEdit[]): [number, number][] {
  const out: [number, number][] = [];
  let shift = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    const start = e.span.start + shift;
    if (e.newText) out.push([start, start + e.newText.length]);
    shift += e.newText.length - (e.span.end - e.span.start);
  }
  return out;
}

/** Inserted text that may import a module or use syntax an old runtime lacks (a cheap pre-filter for the parse below). */
const SYNTAX_HINT = /\b(?:import|require|async|await|class|catch)\b|\?\.|\?\?|\|\|=|&&=|\.\.\.|#[A-Za-z_$]|\d_\d|\dn\b/;

/**
 * Syntax and the lowest Node.js major that runs it. Only what fixes could plausibly insert; a
 * conservative major where support arrived in a minor release.
 */
type Test = (n: TSESTree.Node, facts: Facts) => boolean;
const NODE_SYNTAX: [string, NodeType[], Test, number][] = [
  ['optional chaining (?.)', ['ChainExpression'], () => true, 14],
  ['nullish coalescing (??)', ['LogicalExpression'], (n) => n.type === 'LogicalExpression' && n.operator === '??', 14],
  [
    'logical assignment',
    ['AssignmentExpression'],
    (n) => n.type === 'AssignmentExpression' && ['??=', '||=', '&&='].includes(n.operator),
    15,
  ],
  ['private class members', ['PrivateIdentifier'], () => true, 15],
  ['class fields', ['PropertyDefinition'], () => true, 12],
  ['optional catch binding', ['CatchClause'], (n) => n.type === 'CatchClause' && !n.param, 10],
  ['BigInt literals', ['Literal'], (n) => n.type === 'Literal' && 'bigint' in n && n.bigint !== undefined, 11],
  ['object spread', ['SpreadElement'], (n, f) => f.parent(n)?.type === 'ObjectExpression', 9],
  ['object rest', ['RestElement'], (n, f) => f.parent(n)?.type === 'ObjectPattern', 9],
  [
    'async functions',
    ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'],
    (n) => 'async' in n && n.async === true,
    8,
  ],
  ['for await', ['ForOfStatement'], (n) => n.type === 'ForOfStatement' && n.await, 10],
  ['dynamic import()', ['ImportExpression'], () => true, 13],
];

/** Node.js built-in modules (a subpath such as `fs/promises` is judged by its first segment). */
const BUILTINS = new Set([
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'constants',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'domain',
  'events',
  'fs',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'punycode',
  'querystring',
  'readline',
  'repl',
  'stream',
  'string_decoder',
  'sys',
  'timers',
  'tls',
  'trace_events',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'wasi',
  'worker_threads',
  'zlib',
]);

function insertedCodeProblem(
  fixed: string,
  kind: ReturnType<typeof scriptKindOf> & string,
  inserted: [number, number][],
  config: AnalysisConfig,
): string | undefined {
  const parsed = parse(fixed, kind);
  const facts = new Facts(fixed, parsed);
  const within = (n: TSESTree.Node): boolean => inserted.some(([s, e]) => n.range[0] >= s && n.range[1] <= e);
  const node = config.project?.node;
  if (node && (kind === 'js' || kind === 'jsx')) {
    for (const [what, types, test, major] of NODE_SYNTAX) {
      if (major <= node.major) continue;
      const hit = types.some((t) => facts.nodesOfType(t).some((n) => within(n) && test(n, facts)));
      if (hit)
        return `it uses ${what}, which needs Node.js ${major} and the project runs on Node.js ${node.major} (${node.source})`;
    }
  }
  const deps = config.project?.dependencies;
  if (deps) {
    const specifiers: string[] = [];
    for (const d of facts.nodesOfType('ImportDeclaration'))
      if (within(d) && typeof d.source.value === 'string') specifiers.push(d.source.value);
    for (const c of facts.nodesOfType('CallExpression')) {
      const [arg] = c.arguments;
      if (
        within(c) &&
        c.callee.type === 'Identifier' &&
        c.callee.name === 'require' &&
        arg?.type === 'Literal' &&
        typeof arg.value === 'string'
      )
        specifiers.push(arg.value);
    }
    for (const s of specifiers) {
      if (s.startsWith('.') || s.startsWith('/') || s.startsWith('node:') || BUILTINS.has(s.split('/')[0])) continue;
      const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0];
      if (!deps.includes(name))
        return `it imports '${name}', which ${config.project?.manifest ?? 'the project (no package.json)'} does not list as a dependency`;
    }
  }
  return undefined;
}
