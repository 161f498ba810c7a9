// Re-parse only what an edit touched. An editor analysis thread keeps the last AST of each document
// it analysed (bounded, see ParseReuse); on the next version it parses again only the top-level
// statements the edit changed, splices them into the kept tree and shifts the offsets after them.
// On a 20,000-line file that skips the native parse, its JSON decoding and normalise: most of the
// cost of the parse (docs/performance.md). Scope analysis, Facts and the rules still run on the whole
// tree, so what they conclude cannot depend on where the tree came from.
//
// Why a piece parsed alone gives the nodes the whole text would give. The parser is deterministic
// and reads left to right. At the start of a top-level statement whose predecessor has definitely
// ended (below) its state is the same whatever came before: "a statement starts here", in a module,
// at the top level. From there both parses read the same characters. They can part only where the
// slice ends: a statement that ended only because the slice did (automatic semicolon insertion at
// the end of input, an `if` not followed by `else`) could go on in the whole text. So the last
// statement of the slice must end definitely too, exactly where the unchanged text after it begins;
// and from there on both parses read the unchanged rest from the same state as last time. Anything
// else declines (undefined), and the caller parses the whole text:
// test/unit/reparse.test.ts compares the spliced tree with a whole parse after thousands of edits.

import type { TSESTree } from '@typescript-eslint/types';
import { parseNative } from './native-parse';
import { parse, withScopes, type Parsed, type ScriptKind } from './parse';

type Statement = TSESTree.ProgramStatement;
type Positioned = { type: string; start: number; end: number; range: [number, number] };

/** Declarations that end with their block's `}`: nothing after them can continue them. */
const BLOCK_ENDED = new Set([
  'FunctionDeclaration',
  'ClassDeclaration',
  'TSInterfaceDeclaration',
  'TSEnumDeclaration',
  'TSModuleDeclaration',
  'BlockStatement',
]);
/** Statements that end at their `;` when they have one (an `if` without `else`, a `try` without `finally` do not: a following `else`/`finally` would continue them). */
const SEMICOLON_ENDED = new Set([
  'ExpressionStatement',
  'VariableDeclaration',
  'ImportDeclaration',
  'ExportAllDeclaration',
  'TSTypeAliasDeclaration',
  'TSImportEqualsDeclaration',
  'TSExportAssignment',
  'TSNamespaceExportDeclaration',
  'ReturnStatement',
  'ThrowStatement',
  'BreakStatement',
  'ContinueStatement',
  'DebuggerStatement',
  'EmptyStatement',
  'TSDeclareFunction',
]);

/** Whether nothing written after `statement` could make it longer. */
export function endsDefinitely(statement: Statement, text: string): boolean {
  const last = text.charCodeAt(statement.range[1] - 1);
  let type: string = statement.type;
  if (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') {
    const declaration = statement.declaration as { type: string } | null | undefined;
    if (declaration && BLOCK_ENDED.has(declaration.type)) type = declaration.type;
    else return last === 0x3b; // `export { a };`, `export default x;`, `export const a = 1;`
  }
  if (BLOCK_ENDED.has(type)) return last === 0x7d; // `}`
  return SEMICOLON_ENDED.has(type) && last === 0x3b; // `;`
}

/** A string-literal expression statement: in a prologue it is a directive, elsewhere it is not. */
function mayBeDirective(statement: Statement): boolean {
  return (
    statement.type === 'ExpressionStatement' &&
    statement.expression.type === 'Literal' &&
    typeof statement.expression.value === 'string'
  );
}

/**
 * The tree of `text`, made from `previous` (the tree of `previousText`, whose statements this
 * shifts in place: `previous` must not be used again) by re-parsing only the statements the edit
 * touched; undefined when that cannot be done exactly (then `previous` is unchanged).
 */
export function reparse(
  previous: TSESTree.Program,
  previousText: string,
  text: string,
  kind: ScriptKind,
): TSESTree.Program | undefined {
  if (text === previousText) return fresh(previous, previous.body, 0);
  const body = previous.body;
  if (body.length === 0) return undefined;
  // The edit: [from, oldTo) of the old text became [from, oldTo + delta) of the new one.
  const shorter = Math.min(text.length, previousText.length);
  let from = 0;
  while (from < shorter && text.charCodeAt(from) === previousText.charCodeAt(from)) from++;
  let same = 0;
  while (
    same < shorter - from &&
    text.charCodeAt(text.length - 1 - same) === previousText.charCodeAt(previousText.length - 1 - same)
  )
    same++;
  const oldTo = previousText.length - same;
  const delta = text.length - previousText.length;

  // The first statement the edit reaches (it may start in the gap before it) and the last one,
  // which must keep its last character: the slice ends where the unchanged text resumes.
  let first = 0;
  while (first < body.length && body[first].range[1] <= from) first++;
  if (first === body.length) return undefined; // typing after the last statement: a whole parse
  let last = first;
  while (last < body.length && body[last].range[1] <= oldTo) last++;
  const toEnd = last === body.length;
  if (toEnd) last = body.length - 1;
  // The slice starts where the statement before it ended (or at the start of the text).
  const sliceStart = first === 0 ? 0 : body[first - 1].range[1];
  if (first > 0 && !endsDefinitely(body[first - 1], previousText)) return undefined;
  const sliceEnd = toEnd ? text.length : body[last].range[1] + delta;
  const slice = text.slice(sliceStart, sliceEnd);
  // A hashbang is only one at the very start of the text.
  if (sliceStart > 0 && slice.trimStart().startsWith('#!')) return undefined;

  const parsed = parseNative(slice, kind);
  if (!parsed) return undefined;
  const pieces = parsed.body;
  if (!toEnd) {
    const end = pieces.length > 0 ? pieces[pieces.length - 1] : undefined;
    if (!end || end.range[1] !== slice.length || !endsDefinitely(end, slice)) return undefined;
  }
  // Parsed alone, a leading string statement would be a directive; in the middle of a file it is not.
  if (sliceStart > 0 && pieces.some(mayBeDirective)) return undefined;

  // Parsed alone, a piece cannot see a name it shares with the rest of the module: a redeclared
  // binding or a duplicate export is an error of the whole text (oxc refuses it; the whole parse
  // then takes typescript-estree), never of the slice. Declining costs a whole parse, nothing more.
  if (sharesTopLevelName(pieces, [...body.slice(0, first), ...body.slice(last + 1)])) return undefined;

  if (sliceStart !== 0) for (const statement of pieces) shift(statement, sliceStart);
  if (delta !== 0) for (let k = last + 1; k < body.length; k++) shift(body[k], delta);
  return fresh(previous, [...body.slice(0, first), ...pieces, ...body.slice(last + 1)], delta);
}

/** Whether a piece declares or exports a top-level name that a statement of `rest` also does. */
function sharesTopLevelName(pieces: readonly Statement[], rest: readonly Statement[]): boolean {
  const mine = new Set<string>();
  for (const statement of pieces) for (const name of topLevelNames(statement)) mine.add(name);
  if (mine.size === 0) return false;
  return rest.some((statement) => topLevelNames(statement).some((name) => mine.has(name)));
}

/** The names a top-level statement binds (`b:` prefix) or exports (`e:`); a pattern's names in full. */
function topLevelNames(statement: Statement): string[] {
  const out: string[] = [];
  const bind = (node: TSESTree.Node | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Identifier':
        out.push(`b:${node.name}`);
        break;
      case 'ObjectPattern':
        for (const p of node.properties) bind(p.type === 'RestElement' ? p.argument : p.value);
        break;
      case 'ArrayPattern':
        for (const e of node.elements) bind(e);
        break;
      case 'RestElement':
        bind(node.argument);
        break;
      case 'AssignmentPattern':
        bind(node.left);
        break;
      default:
        break;
    }
  };
  const declare = (node: TSESTree.Node | null | undefined): void => {
    if (!node) return;
    if (node.type === 'VariableDeclaration') for (const d of node.declarations) bind(d.id);
    else if (
      (node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration' || node.type === 'TSEnumDeclaration') &&
      node.id
    )
      bind(node.id);
  };
  const exportedName = (node: TSESTree.Node): string =>
    node.type === 'Identifier' ? node.name : String((node as TSESTree.Literal).value);
  switch (statement.type) {
    case 'ImportDeclaration':
      for (const s of statement.specifiers) bind(s.local);
      break;
    case 'TSImportEqualsDeclaration':
      bind(statement.id);
      break;
    case 'ExportNamedDeclaration':
      declare(statement.declaration);
      for (const name of out.slice()) out.push(`e:${name.slice(2)}`);
      for (const s of statement.specifiers) out.push(`e:${exportedName(s.exported)}`);
      break;
    case 'ExportDefaultDeclaration':
      out.push('e:default');
      declare(statement.declaration);
      break;
    case 'ExportAllDeclaration':
      if (statement.exported) out.push(`e:${exportedName(statement.exported)}`);
      break;
    default:
      declare(statement);
      break;
  }
  return out;
}

/**
 * A new root for the spliced statements, never the old one: the previous version's tree is still
 * whatever its last analysis saw, and nothing may mistake the new version for it. (What rules
 * derive is cached per analysis on Facts — `Facts.derive` — so no cache is keyed by the tree any
 * more; test/unit/reparse.test.ts caught root-keyed caches serving findings at the previous offsets.)
 */
function fresh(previous: TSESTree.Program, body: TSESTree.ProgramStatement[], delta: number): TSESTree.Program {
  const old = previous as unknown as Positioned;
  const root = { ...previous, body } as unknown as Positioned;
  root.end = old.end + delta;
  root.range = [old.start, root.end];
  return root as unknown as TSESTree.Program;
}

/**
 * The last tree of each document an editor analysis thread parsed, so that the next version of the
 * document is re-parsed only where it changed. Bounded: at most `maxEntries` documents and
 * `maxChars` characters of text in all. A tree takes about 54 bytes per character (measured on the
 * 20,000-line bench file: 45 MB), so the default, 1.2 M characters, keeps at most ~65–85 MB (a
 * 20,000-line file and a few small ones) in an editor thread that may use 384 MB. The least
 * recently analysed document goes first. The CLI never keeps trees: its memory must not grow with
 * the number of files.
 */
export class ParseReuse {
  private readonly entries = new Map<string, { text: string; kind: ScriptKind; ast: TSESTree.Program }>();
  /** Parses that reused a kept tree, and whole parses: for the tests and the bench. */
  readonly counts = { reused: 0, whole: 0 };

  constructor(
    private readonly maxChars = 1_200_000,
    private readonly maxEntries = 8,
  ) {}

  /**
   * The same result `parse(text, kind)` gives; `key` names the document (a wrong key only costs a
   * whole parse). A version with a syntax error (typing is mostly that) is parsed whole and the last
   * clean tree is kept: the version that mends the error is then re-parsed from it.
   */
  parse(key: string, text: string, kind: ScriptKind): Parsed {
    const entry = this.entries.get(key);
    if (entry && entry.kind === kind) {
      const ast = reparse(entry.ast, entry.text, text, kind);
      if (ast) {
        this.counts.reused++;
        this.keep(key, text, kind, ast);
        return { ...withScopes(ast), notes: [], native: true };
      }
    }
    this.counts.whole++;
    const parsed = parse(text, kind);
    // Only a clean native parse: a recovered one has blanked text the next version may not have.
    if (parsed.native && parsed.notes.length === 0) this.keep(key, text, kind, parsed.ast);
    return parsed;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private keep(key: string, text: string, kind: ScriptKind, ast: TSESTree.Program): void {
    this.entries.delete(key); // re-inserted last: the most recently analysed
    if (text.length > this.maxChars) return;
    this.entries.set(key, { text, kind, ast });
    let chars = 0;
    for (const e of this.entries.values()) chars += e.text.length;
    for (const [k, e] of this.entries) {
      if (chars <= this.maxChars && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
      chars -= e.text.length;
    }
  }
}

/** Move every node under `root` (itself included) by `by` characters. */
function shift(root: Statement, by: number): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.type === 'string') {
      const positioned = node as unknown as Positioned;
      positioned.start += by;
      positioned.end += by;
      positioned.range[0] = positioned.start;
      positioned.range[1] = positioned.end;
    }
    for (const key in node) {
      const child = node[key];
      if (
        child !== null &&
        typeof child === 'object' &&
        key !== 'range' &&
        key !== 'regex' &&
        !(child instanceof RegExp)
      )
        stack.push(child);
    }
  }
}
