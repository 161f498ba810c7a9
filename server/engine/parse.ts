// Parse once: typescript-estree (or, in analysis worker threads, oxc's native parser, which gives the
// same AST: native-parse.ts) gives the ESTree AST, scope-manager the bindings.
//
// Parsing never fails. typescript-estree refuses a file with syntax errors, so a broken file is
// recovered by blanking (with spaces, keeping every offset and line) the smallest statement around
// each syntax error that TypeScript's own error-tolerant parser reports, then parsing again. The
// rest of the file is analysed; the blanked parts become parse-error notes.

import { timed } from './timing';
import type * as Estree from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/types';
import type * as Scopes from '@typescript-eslint/scope-manager';
import type { ScopeManager } from '@typescript-eslint/scope-manager';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type * as TS from 'typescript';
import { parseNative } from './native-parse';
import type { Note } from './types';

// The parsers are loaded on first use, each on its own, not at import: a CLI scan's main thread
// that only hands files to worker threads never initialises TypeScript (about 50 MB of its peak
// memory), and a worker whose files all go to the native parser never does either.
/* eslint-disable @typescript-eslint/no-require-imports */
let estree: typeof Estree | undefined;
let scopes: typeof Scopes | undefined;
let typescript: typeof TS | undefined;
const load = {
  get estree(): typeof Estree {
    return (estree ??= require('@typescript-eslint/typescript-estree') as typeof Estree);
  },
  get scopes(): typeof Scopes {
    return (scopes ??= require('@typescript-eslint/scope-manager') as typeof Scopes);
  },
  get ts(): typeof TS {
    return (typescript ??= require('typescript') as typeof TS);
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Parsed {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  visitorKeys: Record<string, readonly string[] | undefined>;
  notes: Note[];
  /** Parsed by the native parser (native-parse.ts) rather than typescript-estree. */
  native?: true;
}

export type ScriptKind = 'ts' | 'tsx' | 'js' | 'jsx';

const MAX_RECOVERY_ROUNDS = 25;

export function scriptKindOf(file: string, languageId?: string): ScriptKind | undefined {
  switch (languageId) {
    case 'typescript':
      return 'ts';
    case 'typescriptreact':
      return 'tsx';
    case 'javascript':
      return 'js';
    case 'javascriptreact':
      return 'jsx';
  }
  const ext = /\.([cm]?[jt]sx?)$/i.exec(file)?.[1].toLowerCase();
  switch (ext) {
    case 'ts':
    case 'mts':
    case 'cts':
      return 'ts';
    case 'tsx':
      return 'tsx';
    case 'js':
    case 'mjs':
    case 'cjs':
      return 'js';
    case 'jsx':
      return 'jsx';
  }
  return undefined;
}

function parseStrict(text: string, kind: ScriptKind): Omit<Parsed, 'notes'> {
  // `.js` files may hold JSX (React projects often do); the TS parser accepts JSX in a JS file
  // when asked, and plain JS parses the same either way except for `<T>x` casts, which JS lacks.
  const jsx = kind !== 'ts';
  // typescript-estree + scope-manager directly, not `parseForESLint`: that one forces `loc`,
  // `tokens` and the ESTree↔TS node maps on (ESLint needs them, no rule here does), which made the
  // parse about 1.6× slower.
  // The native parser where this thread allows it (native-parse.ts), else typescript-estree.
  const native = parseNative(text, kind);
  const ast =
    native ??
    (load.estree.parse(text, {
      range: true,
      loc: false,
      comment: false, // no rule reads `ast.comments` (suppressions are parsed from the text)
      tokens: false,
      jsx,
      // A virtual file name selects the TypeScript script kind (and so which syntax is legal).
      filePath: `file.${kind}`,
      errorOnTypeScriptSyntacticAndSemanticIssues: false,
    }) as unknown as TSESTree.Program);
  (ast as { sourceType: string }).sourceType = 'module';
  return { ...withScopes(ast), ...(native ? { native: true } : {}) };
}

/** Scope analysis of a tree (parse, and reparse.ts for a tree it spliced). */
export function withScopes(ast: TSESTree.Program): Omit<Parsed, 'notes'> {
  // `lib: []`: no implicit variables for the ES library's globals (Math, JSON, Promise, …). The
  // default creates thousands per file, a third of the scope analysis; no rule asks about them
  // (a global stays a global: `variableOf` is undefined for it, as for `document` or `require`).
  const scopeManager = timed('scope', () => load.scopes.analyze(ast, { sourceType: 'module', lib: [] }));
  return { ast, scopeManager, visitorKeys: visitorKeys as Record<string, readonly string[] | undefined> };
}

/** The spans TypeScript's tolerant parser finds broken, widened to the smallest enclosing statement. */
function brokenStatements(text: string, kind: ScriptKind): { span: [number, number]; message: string }[] {
  const ts = load.ts;
  const scriptKind = { ts: ts.ScriptKind.TS, tsx: ts.ScriptKind.TSX, js: ts.ScriptKind.JS, jsx: ts.ScriptKind.JSX }[
    kind
  ];
  const sf = ts.createSourceFile(`file.${kind}`, text, ts.ScriptTarget.Latest, true, scriptKind);
  const diagnostics = (sf as unknown as { parseDiagnostics: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const out: { span: [number, number]; message: string }[] = [];
  for (const d of diagnostics) {
    let best: TS.Node | undefined;
    const visit = (node: TS.Node): void => {
      if (d.start < node.getFullStart() || d.start > node.end) return;
      if (isStatementLike(node) && node.getStart(sf) <= d.start) best = node;
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
    // An incomplete statement often ends just before the token TypeScript trips over (`f(` then
    // `}`); blanking that statement keeps the enclosing function, which is usually well formed.
    let previous: TS.Node | undefined;
    const visitPrevious = (node: TS.Node): void => {
      if (node.getStart(sf) >= d.start) return;
      if (isStatementLike(node) && node.end <= d.start && /^\s*$/.test(text.slice(node.end, d.start))) previous = node;
      ts.forEachChild(node, visitPrevious);
    };
    ts.forEachChild(best ?? sf, visitPrevious);
    if (previous && previous !== best) best = previous;
    const start = best ? best.getStart(sf) : d.start;
    const end =
      best === previous && best
        ? best.end
        : best
          ? Math.max(best.end, d.start + (d.length || 1))
          : Math.min(text.length, d.start + Math.max(1, d.length));
    // A diagnostic at the end of the file (`Unexpected end of input`) may reach one past it; clamp.
    out.push({
      span: [Math.min(start, text.length), Math.min(end, text.length)],
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    });
  }
  return out;
}

function isStatementLike(node: TS.Node): boolean {
  const ts = load.ts;
  return ts.isStatement(node) || ts.isClassElement(node) || ts.isTypeElement(node) || ts.isEnumMember(node);
}

function blank(text: string, start: number, end: number): string {
  const middle = text.slice(start, end).replace(/[^\r\n]/g, ' ');
  return text.slice(0, start) + middle + text.slice(end);
}

function errorPosition(error: unknown, text: string): number | undefined {
  const e = error as { index?: number; lineNumber?: number; column?: number };
  if (typeof e.index === 'number') return Math.min(e.index, text.length);
  return undefined;
}

export function parse(text: string, kind: ScriptKind): Parsed {
  const notes: Note[] = [];
  let current = text;
  for (let round = 0; round < MAX_RECOVERY_ROUNDS; round++) {
    try {
      return { ...parseStrict(current, kind), notes };
    } catch (error) {
      if (error instanceof RangeError) {
        // Recursive-descent parsers overflow on absurdly deep nesting; such a file is not analysable.
        notes.push({ kind: 'skipped', message: 'nesting too deep to parse; file not analysed' });
        return { ...parseStrict('', kind), notes };
      }
      const broken = brokenStatements(current, kind);
      const position = errorPosition(error, current);
      const targets =
        broken.length > 0
          ? broken
          : position !== undefined
            ? [{ span: lineAround(current, position), message: String((error as Error).message) }]
            : [];
      if (targets.length === 0) {
        notes.push({ kind: 'parse-error', message: String((error as Error).message) });
        break;
      }
      const before = current;
      for (const t of targets) {
        notes.push({
          kind: 'parse-error',
          message: `syntax error, not analysed: ${t.message}`,
          span: { start: t.span[0], end: t.span[1] },
        });
        current = blank(current, t.span[0], t.span[1]);
      }
      if (current === before && position !== undefined) {
        const [s, e] = lineAround(current, position);
        current = blank(current, s, e);
      }
      if (current === before) break;
    }
  }
  // Give up on the text but never fail: an empty program keeps every front door working.
  notes.push({ kind: 'parse-error', message: 'could not recover from syntax errors; file not analysed' });
  return { ...parseStrict('', kind), notes };
}

function lineAround(text: string, position: number): [number, number] {
  const start = text.lastIndexOf('\n', Math.max(0, position - 1)) + 1;
  let end = text.indexOf('\n', position);
  if (end < 0) end = text.length;
  return [start, Math.max(end, start + 1)];
}
