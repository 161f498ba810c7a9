// The one fix builder for "bind the values instead of splicing them into SQL text".
//
// The rewrite must keep the query's meaning: quotes around an interpolated value go (the driver
// quotes), `LIKE '%${x}%'` moves the wildcards into the bound value, existing `$n` placeholders
// keep their numbers and new ones continue after them, `?` values are inserted at their position
// among existing ones, named placeholders (`:name`, `@name`) get names that do not collide, and
// `+=` chains built across statements are rewritten piece by piece. Each library gets its own
// dialect (see sinks.ts). Where the meaning cannot be kept — a list, a SQL fragment, a backslash
// escape — no fix is offered and `blocker` says why. Identifiers (table, column, ORDER BY) are
// left in place: sql/dynamic-identifier reports them with its own road.
//
// `scan` is also the classifier both SQL rules share: it says, for every dynamic part of the text,
// whether it stands where a value, an identifier, a list or a SQL fragment goes.

import type { TSESTree } from '@typescript-eslint/types';
import { flattenPlus, memberChain, propertyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import type { Fix, TextEdit } from '../../../server/engine/types';
import { safePart } from './building';
import type { SqlLibrary, SqlSink } from './sinks';

type Item =
  | { kind: 'char'; c: string; seg: number }
  | { kind: 'expr'; node: Node; constant: boolean; placeholder: boolean; seg: number };
type Out =
  | { kind: 'text'; text: string; seg: number }
  | { kind: 'interp'; node: Node; seg: number }
  | { kind: 'bound'; value: BoundValue; seg: number };

export type Blocker =
  | 'identifier'
  | 'list'
  | 'fragment'
  | 'backslash'
  | 'unbalanced'
  | 'shape'
  | 'generated-placeholders'
  | 'driver'
  | 'wrapper'
  | 'typeorm-query'
  | 'literal'
  | 'tedious'
  | 'exec'
  | 'existing-values';

/** `direction` is an `ASC`/`DESC` after an ORDER BY column: a name-like part with a fix of its own. */
export type PartKind = 'value' | 'identifier' | 'direction' | 'list' | 'fragment';
export const isNamePart = (k: PartKind | undefined): boolean => k === 'identifier' || k === 'direction';

export interface ParameterizeResult {
  fix?: Fix;
  blocker?: Blocker;
}

interface BoundValue {
  /** Source text of the bound value. */
  source: string;
  /** The placeholder name for named dialects. */
  name?: string;
}

/** One piece of the query text as written: the whole expression, or the initialiser and each `+=`. */
interface Segment {
  /** The expression whose text is replaced by the rewrite. */
  node: Node;
  items: Item[];
}

/** Characters and interpolations of a template, `+` chain, `concat`, `[…].join(sep)` or `util.format`, or undefined for other shapes. */
function itemsOf(facts: Facts, node: Node, seg: number): Item[] | undefined {
  const n = unwrap(node);
  const items: Item[] = [];
  const pushText = (s: string): void => {
    for (const c of s) items.push({ kind: 'char', c, seg });
  };
  const pushExpr = (u: Node): void => {
    const safe = safePart(facts, u);
    items.push({
      kind: 'expr',
      node: u,
      constant: facts.isConstant(u) || safe !== undefined,
      placeholder: safe === 'placeholder',
      seg,
    });
  };
  const pushNode = (e: Node): boolean => {
    const u = unwrap(e);
    if (u.type === 'Literal' && typeof u.value === 'string') {
      pushText(u.value);
      return true;
    }
    if (u.type === 'TemplateLiteral') {
      for (let i = 0; i < u.quasis.length; i++) {
        const cooked = u.quasis[i].value.cooked;
        if (cooked === null || cooked === undefined) return false;
        pushText(cooked);
        if (i < u.expressions.length) pushExpr(u.expressions[i]);
      }
      return true;
    }
    pushExpr(u);
    return true;
  };
  if (n.type === 'TemplateLiteral' || (n.type === 'Literal' && typeof n.value === 'string'))
    return pushNode(n) ? items : undefined;
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    for (const operand of flattenPlus(n)) if (!pushNode(operand)) return undefined;
    return items;
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const name =
      callee.type === 'MemberExpression'
        ? propertyName(callee)
        : callee.type === 'Identifier'
          ? callee.name
          : undefined;
    const args = n.arguments;
    if (args.some((a) => a.type === 'SpreadElement')) return undefined;
    if (callee.type === 'MemberExpression' && name === 'concat') {
      for (const part of [callee.object, ...args]) if (!pushNode(part)) return undefined;
      return items;
    }
    if (callee.type === 'MemberExpression' && name === 'join' && unwrap(callee.object).type === 'ArrayExpression') {
      const sep = args.length === 0 ? ',' : facts.constantOf(args[0])?.value;
      if (typeof sep !== 'string') return undefined;
      const elements = (unwrap(callee.object) as TSESTree.ArrayExpression).elements;
      for (let i = 0; i < elements.length; i++) {
        const e = elements[i];
        if (!e || e.type === 'SpreadElement') return undefined;
        if (i > 0) pushText(sep);
        if (!pushNode(e)) return undefined;
      }
      return items;
    }
    if (name === 'format' && args.length > 1) {
      const fmt = facts.constantOf(args[0])?.value;
      if (typeof fmt !== 'string' || /%[^s%]/.test(fmt)) return undefined;
      let next = 1;
      const pieces = fmt.split(/(%%|%s)/);
      for (const p of pieces) {
        if (p === '%%') pushText('%');
        else if (p === '%s') {
          if (next >= args.length) return undefined;
          pushNode(args[next++]);
        } else pushText(p);
      }
      return next === args.length ? items : undefined;
    }
  }
  return undefined;
}

/**
 * The pieces of the query text as written: the expression at the sink, a `const` used only there,
 * or a `let` with `+=` statements in the same block before the sink (a straight-line chain).
 * `forFix` false relaxes the conditions (every `+=`, wherever it is) for classification only.
 */
function segmentsOf(facts: Facts, sink: SqlSink, forFix: boolean): Segment[] | undefined {
  const text = unwrap(sink.text);
  if (text.type !== 'Identifier') {
    const items = itemsOf(facts, text, 0);
    return items && [{ node: text, items }];
  }
  const variable = facts.variableOf(text);
  const def = variable?.defs[0];
  if (
    !variable ||
    variable.defs.length !== 1 ||
    def?.type !== 'Variable' ||
    def.node.id.type !== 'Identifier' ||
    !def.node.init
  )
    return undefined;
  const writes = facts.writesOf(variable);
  const reads = variable.references.filter((r) => r.isRead() && !r.isWrite());
  if (forFix && reads.length !== 1) return undefined;
  const declaration = facts.parent(def.node);
  const block = declaration && facts.parent(declaration);
  const pieces: Node[] = [];
  for (const w of writes) {
    if (w.operator === 'init') {
      pieces.push(w.value);
      continue;
    }
    if (w.operator !== '+=') return undefined;
    if (forFix) {
      const statement = facts.parent(w.node);
      if (
        statement?.type !== 'ExpressionStatement' ||
        facts.parent(statement) !== block ||
        w.node.range[1] > sink.call.range[0]
      )
        return undefined;
    }
    pieces.push(w.value);
  }
  const segments: Segment[] = [];
  for (const piece of pieces) {
    const items = itemsOf(facts, piece, segments.length);
    if (!items) return undefined;
    segments.push({ node: unwrap(piece), items });
  }
  return segments;
}

const VALUE_CONTEXT = /(?:=|<>|!=|<=|>=|<|>|\bLIKE|\bILIKE|\bLIMIT|\bOFFSET|\bBETWEEN|\bTHEN|\bELSE|\bWHEN)\s*$/i;
/** A name compared with something: `WHERE ${column} = ?`. */
const COMPARED_NEXT = /^\s*(?:=|<>|!=|<=|>=|<|>|\bLIKE\b|\bILIKE\b|\bIS\b|\bIN\b|\bBETWEEN\b)/i;
const LIST_CONTEXT = /\bIN\s*\(\s*$/i;
const IDENTIFIER_CONTEXT =
  /(?:\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE|\bBY|\.|\bSELECT|\bDISTINCT|\bEXISTS|\bASC|\bDESC)\s*$/i;

function inValuesGroup(before: string): boolean {
  const m = /\bVALUES\s*\(([^)]*)$/i.exec(before);
  return !!m && /(?:^|,)\s*$/.test(m[1]);
}

/** `, ${x}` in a SELECT list or an ORDER/GROUP BY list is a name; elsewhere (function arguments, SET lists) look further. */
function inNameList(before: string): boolean {
  if (!/,\s*$/.test(before)) return false;
  const keywords = [...before.matchAll(/\b(SELECT|FROM|WHERE|BY|SET|VALUES|HAVING|LIMIT|ON|AND|OR)\b/gi)];
  const last = keywords[keywords.length - 1]?.[1].toUpperCase();
  return (last === 'SELECT' || last === 'BY') && !/\([^)]*$/.test(before.slice(keywords[keywords.length - 1].index));
}

interface Scan {
  out: Out[];
  values: BoundValue[];
  /** Every `?` of the new text in order: the new value it binds, or null for one that was there before. */
  questionSlots: (BoundValue | null)[];
  maxDollar: number;
  /** Named placeholders already in the text (`:id`, `@id`). */
  existingNames: Set<string>;
  /** What each dynamic part of the text stands for. */
  kinds: Map<Node, PartKind>;
  problem?: Blocker;
}

/** The SQL a query-builder method's text continues: `orderByRaw(x)` is `ORDER BY x`. */
const METHOD_CONTEXT: Record<string, string> = {
  whereRaw: 'WHERE ',
  orWhereRaw: 'WHERE ',
  andWhereRaw: 'WHERE ',
  whereNotRaw: 'WHERE ',
  orWhereNotRaw: 'WHERE ',
  havingRaw: 'HAVING ',
  orHavingRaw: 'HAVING ',
  orderByRaw: 'ORDER BY ',
  groupByRaw: 'GROUP BY ',
  selectRaw: 'SELECT ',
  fromRaw: 'FROM ',
  where: 'WHERE ',
  andWhere: 'WHERE ',
  orWhere: 'WHERE ',
  having: 'HAVING ',
  andHaving: 'HAVING ',
  orHaving: 'HAVING ',
  orderBy: 'ORDER BY ',
  addOrderBy: 'ORDER BY ',
  literal: 'SELECT ',
};

const CONTEXT_WINDOW = 2000;

function scanPlaceholders(facts: Facts, items: Item[], library: SqlLibrary, method = ''): Scan {
  const prefix = Object.hasOwn(METHOD_CONTEXT, method) ? METHOD_CONTEXT[method] : '';
  const placeholder = library.placeholder;
  const out: Out[] = [];
  const values: BoundValue[] = [];
  const questionSlots: (BoundValue | null)[] = [];
  const kinds = new Map<Node, PartKind>();
  let problem: Blocker | undefined;
  const fail = (b: Blocker): void => {
    problem ??= b;
  };
  let maxDollar = 0;
  const existingText = items.map((i) => (i.kind === 'char' ? i.c : ' ')).join('');
  for (const m of existingText.matchAll(/\$(\d+)/g)) maxDollar = Math.max(maxDollar, Number(m[1]));
  const existingNames = new Set<string>();
  const namedRe = placeholder === 'at' ? /@(\w+)/g : /(?<![:\w]):([A-Za-z_]\w*)/g;
  for (const m of existingText.matchAll(namedRe)) existingNames.add(m[1]);
  if (items.some((i) => i.kind === 'expr' && i.placeholder)) fail('generated-placeholders');
  const usedNames = new Set(existingNames);
  let nextDollar = maxDollar;
  // The SQL written so far, extended as `out` grows (it only grows) rather than rebuilt for every
  // part: rebuilding made a 2,000-part concatenation take 45 s. The context tests look at its end,
  // so each is given the last CONTEXT_WINDOW characters (a clause keyword further back than that
  // is not what the next value belongs to).
  let built = prefix;
  let builtParts = 0;
  const textSoFar = (): string => {
    for (; builtParts < out.length; builtParts++) {
      const o = out[builtParts];
      built += o.kind === 'text' ? o.text : ' 0 ';
    }
    if (built.length > 2 * CONTEXT_WINDOW) built = built.slice(-CONTEXT_WINDOW);
    return built.length > CONTEXT_WINDOW ? built.slice(-CONTEXT_WINDOW) : built;
  };
  const bind = (source: string, node: Node | undefined, seg: number): void => {
    const value: BoundValue = { source };
    if (placeholder === 'named' || placeholder === 'at') {
      value.name = freshName(nameFor(node), usedNames, library);
      usedNames.add(value.name);
    }
    values.push(value);
    if (placeholder === 'question' || placeholder === 'unknown') questionSlots.push(value);
    const marker =
      placeholder === 'dollar'
        ? `$${++nextDollar}`
        : placeholder === 'named'
          ? `:${value.name}`
          : placeholder === 'at'
            ? `@${value.name}`
            : '?';
    out.push(placeholder === 'tagged' ? { kind: 'bound', value, seg } : { kind: 'text', text: marker, seg });
  };
  const textAfter = (at: number): string => {
    let t = '';
    for (let k = at + 1; k < items.length && t.length < 40; k++) {
      const it = items[k];
      if (it.kind !== 'char') break;
      t += it.c;
    }
    return t;
  };
  const lastIdentifierInterp = (): boolean => {
    for (let k = out.length - 1; k >= 0; k--) {
      const o = out[k];
      if (o.kind === 'text' && /^\s*$/.test(o.text)) continue;
      return o.kind === 'interp' && isNamePart(kinds.get(o.node));
    }
    return false;
  };

  let i = 0;
  while (i < items.length) {
    const item = items[i];
    if (item.kind === 'char') {
      if ((item.c === '"' || item.c === '`' || item.c === '[') && !library.stringQuotes.includes(item.c)) {
        // A quoted identifier: copy it; an interpolation inside it is a name.
        const closeChar = item.c === '[' ? ']' : item.c;
        const close = items.findIndex((it, k) => k > i && it.kind === 'char' && it.c === closeChar);
        if (close < 0) {
          if (item.c === '[') {
            out.push({ kind: 'text', text: item.c, seg: item.seg });
            i++;
            continue;
          }
          fail('unbalanced');
          break;
        }
        for (let k = i; k <= close; k++) {
          const it = items[k];
          if (it.kind === 'expr') {
            if (!it.constant) kinds.set(it.node, 'identifier');
            out.push({ kind: 'interp', node: it.node, seg: it.seg });
          } else out.push({ kind: 'text', text: it.c, seg: it.seg });
        }
        i = close + 1;
        continue;
      }
      if (library.stringQuotes.includes(item.c)) {
        // A string literal: find its end (a doubled quote is an escaped quote inside it).
        const quote = item.c;
        const region: Item[] = [];
        let k = i + 1;
        for (; k < items.length; k++) {
          const it = items[k];
          if (it.kind === 'char' && it.c === quote) {
            const next = items[k + 1];
            if (next?.kind === 'char' && next.c === quote) {
              region.push(it);
              k++;
              continue;
            }
            break;
          }
          region.push(it);
        }
        if (k >= items.length) {
          fail('unbalanced');
          break;
        }
        if (region.every((r) => r.kind === 'char' || r.constant)) {
          // Constant literal: copy as written.
          for (let j = i; j <= k; j++) {
            const it = items[j];
            out.push(
              it.kind === 'char'
                ? { kind: 'text', text: it.c, seg: it.seg }
                : { kind: 'interp', node: it.node, seg: it.seg },
            );
          }
        } else {
          for (const r of region) if (r.kind === 'expr' && !r.constant) kinds.set(r.node, 'value');
          if (region.some((r) => r.kind === 'char' && r.c === '\\')) fail('backslash');
          if (items[i].seg !== items[k].seg) fail('shape'); // a literal opened in one statement and closed in another
          const exprs = region.filter((r) => r.kind === 'expr');
          // A prefixed literal: `N'…'` (national characters) binds the same; `E'…'`, `X'…'`, `B'…'` change what the text means.
          const last = out[out.length - 1];
          if (last?.kind === 'text' && /[A-Za-z]$/.test(last.text) && !/\w[A-Za-z]$/.test(textSoFar())) {
            if (/[Nn]$/.test(last.text)) last.text = last.text.slice(0, -1);
            else fail('backslash');
          }
          bind(
            boundValue(facts, region),
            exprs.length === 1 ? (exprs[0] as { node: Node }).node : undefined,
            items[k].seg,
          );
        }
        i = k + 1;
        continue;
      }
      if (item.c === '?') {
        // `??` (mysql, knex) is one identifier placeholder.
        const next = items[i + 1];
        if (next?.kind === 'char' && next.c === '?') {
          questionSlots.push(null);
          out.push({ kind: 'text', text: '??', seg: item.seg });
          i += 2;
          continue;
        }
        questionSlots.push(null);
      }
      out.push({ kind: 'text', text: item.c, seg: item.seg });
      i++;
      continue;
    }
    if (item.constant) {
      out.push({ kind: 'interp', node: item.node, seg: item.seg });
      i++;
      continue;
    }
    const before = textSoFar();
    const after = items[i + 1];
    let kind: PartKind;
    if (LIST_CONTEXT.test(before)) kind = 'list';
    else if (
      (/\bBY\s+(?:[\w."`]+\s*,\s*)*[\w."`]+\s+$/i.test(before) || lastIdentifierInterp()) &&
      (!after || after.kind !== 'char' || /[\s,)]/.test(after.c))
    )
      kind = 'direction';
    else if (
      IDENTIFIER_CONTEXT.test(before) ||
      inNameList(before) ||
      (lastIdentifierInterp() && (!after || after.kind !== 'char' || /[\s,)]/.test(after.c)))
    )
      kind = 'identifier';
    else if (/(?:\bWHERE|\bAND|\bOR|\bON|\bSET|,|\()\s*$/i.test(before) && COMPARED_NEXT.test(textAfter(i)))
      kind = 'identifier';
    else if (VALUE_CONTEXT.test(before) || inValuesGroup(before))
      kind = after?.kind === 'char' && /[\w.]/.test(after.c) ? 'fragment' : 'value';
    else kind = 'fragment';
    kinds.set(item.node, kind);
    if (kind === 'value') bind(facts.source(item.node), item.node, item.seg);
    else {
      if (!isNamePart(kind)) fail(kind as Blocker);
      out.push({ kind: 'interp', node: item.node, seg: item.seg });
    }
    i++;
  }
  return { out, values, questionSlots, maxDollar, existingNames, kinds, problem };
}

const RESERVED_NAMES = new Set([
  'user',
  'date',
  'level',
  'uid',
  'size',
  'mode',
  'number',
  'comment',
  'file',
  'group',
  'order',
  'table',
  'select',
  'from',
  'where',
  'rowid',
  'rownum',
  'session',
  'access',
  'sysdate',
  'type',
  'limit',
  'offset',
  'key',
  'value',
  'values',
  'index',
]);

/** A readable placeholder name from the bound expression: `req.query.email` → `email`. */
function nameFor(node: Node | undefined): string {
  if (!node) return 'value';
  const n = unwrap(node);
  const chain =
    n.type === 'TemplateLiteral' && n.expressions.length === 1 ? memberChain(n.expressions[0]) : memberChain(n);
  const last = [...chain]
    .reverse()
    .find((p) => /^[A-Za-z_]\w*$/.test(p) && !/^(trim|toString|toLowerCase|toUpperCase|String|this)$/.test(p));
  return last ?? 'value';
}

function freshName(base: string, used: Set<string>, library: SqlLibrary): string {
  let name = base;
  if (library.name === 'oracledb' && RESERVED_NAMES.has(name.toLowerCase())) name = `${name}Value`;
  if (!used.has(name)) return name;
  for (let k = 2; ; k++) if (!used.has(`${name}${k}`)) return `${name}${k}`;
}

/** The value bound in place of a quoted region: the expression itself, or a template of the region. */
function boundValue(facts: Facts, region: Item[]): string {
  if (region.length === 1 && region[0].kind === 'expr') return facts.source(region[0].node);
  let s = '`';
  for (const r of region) s += r.kind === 'char' ? escapeTemplate(r.c) : '${' + facts.source(r.node) + '}';
  return s + '`';
}

function escapeTemplate(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function renderQuery(facts: Facts, out: Out[], preferTemplate: boolean): string {
  const merged: Out[] = [];
  for (const o of out) {
    const last = merged[merged.length - 1];
    if (o.kind === 'text' && last?.kind === 'text') last.text += o.text;
    else merged.push(o.kind === 'text' ? { ...o } : o);
  }
  const hasInterp = merged.some((o) => o.kind !== 'text');
  const text = merged.map((o) => (o.kind === 'text' ? o.text : '')).join('');
  if (hasInterp || preferTemplate || text.includes('\n') || (text.includes("'") && text.includes('"'))) {
    return (
      '`' +
      merged
        .map((o) =>
          o.kind === 'text'
            ? escapeTemplate(o.text)
            : o.kind === 'interp'
              ? '${' + facts.source(o.node) + '}'
              : '${' + o.value.source + '}',
        )
        .join('') +
      '`'
    );
  }
  const quote = text.includes("'") ? '"' : "'";
  return (
    quote +
    text
      .replace(/\\/g, '\\\\')
      .replace(/\r/g, '\\r')
      .replace(new RegExp(quote, 'g'), '\\' + quote) +
    quote
  );
}

/** What each dynamic part of the sink's text stands for (value, identifier, list, fragment), when the text's shape is readable. */
export function classifyParts(facts: Facts, sink: SqlSink): Map<Node, PartKind> | undefined {
  const segments = segmentsOf(facts, sink, false);
  if (!segments) return undefined;
  return scanPlaceholders(
    facts,
    segments.flatMap((s) => s.items),
    sink.library,
    sink.method,
  ).kinds;
}

/**
 * Build the paved-road fix for a sink whose text is assembled at the call, in a `const` used only
 * there, or in a straight-line `+=` chain. Returns the blocker instead when the meaning could not be kept.
 */
export function parameterize(facts: Facts, sink: SqlSink): ParameterizeResult {
  const early = styleBlocker(sink);
  if (early) return { blocker: early };
  const segments = segmentsOf(facts, sink, true);
  if (!segments) return { blocker: 'shape' };
  const result = scanPlaceholders(
    facts,
    segments.flatMap((s) => s.items),
    sink.library,
    sink.method,
  );
  if (result.problem) return { blocker: result.problem };
  if (result.values.length === 0)
    return { blocker: [...result.kinds.values()].some(isNamePart) ? 'identifier' : 'shape' };

  const edits: TextEdit[] = [];
  if (sink.valuesStyle === 'tagged') {
    const tagged = taggedEdit(facts, sink, segments, result);
    if (typeof tagged === 'string') return { blocker: tagged };
    edits.push(tagged);
  } else {
    segments.forEach((segment, index) => {
      const own = result.out.filter((o) => o.seg === index);
      const newText = renderQuery(facts, own, segment.node.type === 'TemplateLiteral');
      if (newText !== facts.source(segment.node)) edits.push({ span: facts.span(segment.node), newText });
    });
    const valuesEdit = valuesEditFor(facts, sink, result);
    if (typeof valuesEdit === 'string') return { blocker: valuesEdit };
    edits.push(...valuesEdit);
  }
  const p = sink.library.placeholder;
  const marker =
    p === 'dollar'
      ? '$1, $2, …'
      : p === 'named'
        ? ':name'
        : p === 'at'
          ? '@name'
          : p === 'tagged'
            ? 'tagged template'
            : '?';
  return {
    fix: {
      title: `Use a parameterized query (${marker}) — the paved road`,
      kind: 'needs-review',
      changes:
        'each value is sent as a bound parameter, not SQL text: input containing quotes or SQL now matches as data, and the driver (not string concatenation) decides its type',
      preferred: true,
      edits: edits.sort((a, b) => a.span.start - b.span.start),
    },
  };
}

function styleBlocker(sink: SqlSink): Blocker | undefined {
  if (sink.text !== unwrap(sink.call.arguments[sink.textIndex])) return 'shape';
  if (sink.valuesStyle !== 'none') return undefined;
  if (sink.via?.length) return 'wrapper';
  if (sink.library.placeholder === 'unknown') return 'driver';
  if (sink.library.name === 'typeorm') return sink.method === 'query' ? 'typeorm-query' : 'identifier';
  if (sink.library.name === 'sequelize') return 'literal';
  if (sink.library.name === 'tedious') return 'tedious';
  if (sink.method === 'exec') return 'exec';
  return 'shape';
}

function valuesEditFor(facts: Facts, sink: SqlSink, r: Scan): TextEdit[] | Blocker {
  switch (sink.valuesStyle) {
    case 'array-after-text':
      return arrayValuesEdit(facts, sink, r) ?? 'existing-values';
    case 'chained-call':
      return chainedValuesEdit(facts, sink, r) ?? 'shape';
    case 'object-after-text':
      return objectValuesEdit(facts, sink, r, false) ?? 'existing-values';
    case 'replacements':
      return objectValuesEdit(facts, sink, r, true) ?? 'existing-values';
    case 'request-input':
      return requestInputEdit(facts, sink, r) ?? (r.existingNames.size ? 'existing-values' : 'shape');
    default:
      return 'shape';
  }
}

const isFunction = (n: Node | undefined): boolean =>
  n?.type === 'ArrowFunctionExpression' || n?.type === 'FunctionExpression';

/** `db.get(sql, cb)`: a callback passed by name (a function declared here, or the usual callback names). */
function isCallbackName(facts: Facts, n: Node): boolean {
  if (n.type !== 'Identifier') return false;
  const def = facts.variableOf(n)?.defs[0];
  if (def?.type === 'FunctionName') return true;
  if (def?.type === 'Variable' && def.node.init && isFunction(unwrap(def.node.init))) return true;
  return /^(cb|callback|done|next|handler|onResult|onDone)$/.test(n.name);
}

/** `query(text)` → `query(text, [v])`; `query(text, [a])` → merged; `query(text, cb)` → `query(text, [v], cb)`. */
function arrayValuesEdit(facts: Facts, sink: SqlSink, r: Scan): TextEdit[] | undefined {
  const args = sink.call.arguments;
  const textArg = args[sink.textIndex];
  const second = args[sink.valuesIndex] ? unwrap(args[sink.valuesIndex]) : undefined;
  const list = r.values.map((v) => v.source);
  const hadPlaceholders = r.questionSlots.includes(null) || r.maxDollar > 0;
  if (!second || isFunction(second) || isCallbackName(facts, second)) {
    if (hadPlaceholders) return undefined; // placeholders without values: not ours to guess
    if (sink.valuesIndex !== sink.textIndex + 1) return undefined;
    return second
      ? [{ span: { start: second.range[0], end: second.range[0] }, newText: `[${list.join(', ')}], ` }]
      : [{ span: { start: textArg.range[1], end: textArg.range[1] }, newText: `, [${list.join(', ')}]` }];
  }
  if (second.type === 'ArrayExpression' && second.elements.every((e) => e && e.type !== 'SpreadElement')) {
    const existing = (second.elements as Node[]).map((e) => facts.source(e));
    let merged: string[];
    if (sink.library.placeholder === 'dollar') {
      if (existing.length !== r.maxDollar) return undefined;
      merged = [...existing, ...list];
    } else {
      // `?` binds by position: the old values keep their order between the new ones.
      if (existing.length !== r.questionSlots.filter((q) => q === null).length) return undefined;
      let next = 0;
      merged = r.questionSlots.map((q) => q?.source ?? existing[next++]);
    }
    return [{ span: facts.span(second), newText: `[${merged.join(', ')}]` }];
  }
  return undefined;
}

function boundProperty(v: BoundValue): string {
  return v.source === v.name ? v.name : `${v.name}: ${v.source}`;
}

/** Named values: `execute(text)` → `execute(text, { id })`; an object literal gets the new properties. With `replacements`, inside `{ replacements: … }`. */
function objectValuesEdit(facts: Facts, sink: SqlSink, r: Scan, replacements: boolean): TextEdit[] | undefined {
  const args = sink.call.arguments;
  const textArg = args[sink.textIndex];
  const second = args[sink.valuesIndex] ? unwrap(args[sink.valuesIndex]) : undefined;
  const props = r.values.map(boundProperty).join(', ');
  const wrap = (inner: string): string => (replacements ? `{ replacements: { ${inner} } }` : `{ ${inner} }`);
  if (!second) {
    if (r.existingNames.size > 0 || sink.valuesIndex !== sink.textIndex + 1) return undefined;
    return [{ span: { start: textArg.range[1], end: textArg.range[1] }, newText: `, ${wrap(props)}` }];
  }
  if (
    second.type === 'ArrayExpression' &&
    second.elements.length === 0 &&
    !replacements &&
    r.existingNames.size === 0
  ) {
    return [{ span: facts.span(second), newText: wrap(props) }];
  }
  if (second.type !== 'ObjectExpression') return undefined;
  const keyOf = (p: TSESTree.ObjectLiteralElement): string | undefined =>
    p.type === 'Property' && !p.computed && p.key.type === 'Identifier' ? p.key.name : undefined;
  let target: TSESTree.ObjectExpression = second;
  if (replacements) {
    if (second.properties.some((p) => keyOf(p) === 'bind' || p.type === 'SpreadElement')) return undefined;
    const existing = second.properties.find((p) => keyOf(p) === 'replacements') as TSESTree.Property | undefined;
    if (!existing) {
      if (r.existingNames.size > 0) return undefined;
      const open = second.range[0] + 1;
      return [
        {
          span: { start: open, end: open },
          newText: second.properties.length ? ` replacements: { ${props} },` : ` replacements: { ${props} } `,
        },
      ];
    }
    if (existing.value.type !== 'ObjectExpression') return undefined;
    target = existing.value;
  }
  if (target.properties.some((p) => p.type === 'SpreadElement' || keyOf(p) === undefined)) return undefined;
  const keys = new Set(target.properties.map(keyOf));
  if (r.values.some((v) => keys.has(v.name))) return undefined;
  if ([...r.existingNames].some((n) => !keys.has(n))) return undefined;
  if (target.properties.length === 0) return [{ span: facts.span(target), newText: `{ ${props} }` }];
  const lastProp = target.properties[target.properties.length - 1];
  return [{ span: { start: lastProp.range[1], end: lastProp.range[1] }, newText: `, ${props}` }];
}

/** mssql: `request.query(text)` → `request.input('id', id).query(text)`; on a pool, through `pool.request()`. */
function requestInputEdit(facts: Facts, sink: SqlSink, r: Scan): TextEdit[] | undefined {
  const callee = unwrap(sink.call.callee);
  if (callee.type !== 'MemberExpression' || sink.call.arguments.length !== 1 || r.existingNames.size > 0)
    return undefined;
  const origin = facts.moduleOf(callee.object);
  if (!origin || origin.path.length === 0) return undefined; // `sql.query(…)` on the global connection: no request to bind on
  const last = origin.path[origin.path.length - 1];
  const inputs = r.values.map((v) => `.input('${v.name}', ${v.source})`).join('');
  const isRequest = last === 'Request' || last === 'request';
  const at = callee.object.range[1];
  return [{ span: { start: at, end: at }, newText: isRequest ? inputs : `.request()${inputs}` }];
}

/** better-sqlite3: `db.prepare(text).get()` → `db.prepare(text).get(v)`. */
function chainedValuesEdit(facts: Facts, sink: SqlSink, r: Scan): TextEdit[] | undefined {
  const member = facts.parent(sink.call);
  const run = member && facts.parent(member);
  if (
    member?.type !== 'MemberExpression' ||
    run?.type !== 'CallExpression' ||
    run.callee !== member ||
    run.arguments.length !== 0
  )
    return undefined;
  const close = run.range[1] - 1; // the `)` of `.get()`
  if (facts.text[close] !== ')') return undefined;
  if (r.questionSlots.includes(null)) return undefined;
  return [{ span: { start: close, end: close }, newText: r.values.map((v) => v.source).join(', ') }];
}

/** Prisma: `prisma.$queryRawUnsafe(text)` → `` prisma.$queryRaw`… ${v} …` `` (the tagged form binds every interpolation). */
function taggedEdit(facts: Facts, sink: SqlSink, segments: Segment[], r: Scan): TextEdit | Blocker {
  const callee = unwrap(sink.call.callee);
  if (segments.length !== 1 || unwrap(sink.call.arguments[0]) !== segments[0].node || sink.call.arguments.length !== 1)
    return 'shape';
  if (callee.type !== 'MemberExpression' || callee.computed) return 'shape';
  if (r.maxDollar > 0 || r.questionSlots.includes(null)) return 'existing-values';
  let body = '';
  for (const o of r.out) {
    if (o.kind === 'text') body += escapeTemplate(o.text);
    else if (o.kind === 'bound') body += '${' + o.value.source + '}';
    else {
      // In a tagged template every interpolation is bound: constant names must be written into the text.
      const c = facts.constantOf(o.node);
      if (!c || (typeof c.value !== 'string' && typeof c.value !== 'number')) return 'identifier';
      body += escapeTemplate(String(c.value));
    }
  }
  const method = sink.method === '$executeRawUnsafe' ? '$executeRaw' : '$queryRaw';
  return { span: { start: callee.property.range[0], end: sink.call.range[1] }, newText: `${method}\`${body}\`` };
}

export function describeBlocker(blocker: Blocker, library?: SqlLibrary): string {
  switch (blocker) {
    case 'identifier':
      return 'a table or column name cannot be bound: check it against an allow-list of known names';
    case 'list':
      return 'bind the list as one array value (pg: `= ANY($1)`, mysql: `IN (?)` with an array)';
    case 'fragment':
      return 'a SQL fragment cannot be bound: build it from constant pieces chosen by code, and bind only the values';
    case 'backslash':
      return 'the literal uses backslash escapes; bind the value by hand';
    case 'unbalanced':
      return 'the quotes in the query text do not balance; rewrite it by hand with placeholders';
    case 'generated-placeholders':
      return 'the text already holds generated placeholders; add the new value to the same values array by hand';
    case 'driver':
      return 'the driver behind this call is not visible here: use its placeholders and pass the values separately';
    case 'wrapper':
      return 'the text passes through a helper that takes no values: give the helper a values parameter, pass it on to the driver, and bind the values there';
    case 'typeorm-query':
      return "`query(sql, parameters)` takes the driver's placeholders (`$1` for postgres, `?` for mysql): put the values in the parameters array, or use the query builder with `:name` parameters";
    case 'literal':
      return "a Sequelize literal cannot bind values: move the value into the enclosing query's `replacements` (`:name`)";
    case 'tedious':
      return "write `@name` in the text and add `request.addParameter('name', TYPES.NVarChar, value)`";
    case 'exec':
      return '`exec` cannot bind values: run one statement with `prepare(sql)` / `run(sql, values)` and bound values';
    case 'existing-values':
      return `merge the value into the call's existing bound values by hand (${library?.pavedRoad ?? "the driver's placeholders"})`;
    case 'shape':
      return `move the values into the driver's bound parameters (${library?.pavedRoad ?? 'placeholders'})`;
  }
}

export type { TSESTree };
