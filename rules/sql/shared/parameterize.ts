// The one fix builder for "bind the values instead of splicing them into SQL text".
//
// The rewrite must keep the query's meaning: quotes around an interpolated value go (the driver
// quotes), `LIKE '%${x}%'` moves the wildcards into the bound value, existing `$n` placeholders
// keep their numbers and new ones continue after them, and `?` values are inserted at their
// position among existing ones. Where the meaning cannot be kept — an identifier, a list, a SQL
// fragment, a backslash escape — no fix is offered and `blocker` says why.

import type { TSESTree } from '@typescript-eslint/types';
import { unwrap, type Facts, type Node } from '../../../server/engine/facts';
import type { Fix, TextEdit } from '../../../server/engine/types';
import { flattenPlus } from './building';
import type { SqlSink } from './sinks';

type Item = { kind: 'char'; c: string } | { kind: 'expr'; node: Node; constant: boolean };
type Out = { kind: 'text'; text: string } | { kind: 'interp'; node: Node };

export type Blocker = 'identifier' | 'list' | 'fragment' | 'backslash' | 'unbalanced' | 'shape';

export interface ParameterizeResult {
  fix?: Fix;
  blocker?: Blocker;
}

/** Characters and interpolations of a template or `+` chain, or undefined for other shapes. */
function itemsOf(facts: Facts, node: Node): Item[] | undefined {
  const n = unwrap(node);
  const items: Item[] = [];
  const pushText = (s: string): void => { for (const c of s) items.push({ kind: 'char', c }); };
  const pushNode = (e: Node): boolean => {
    const u = unwrap(e);
    if (u.type === 'Literal' && typeof u.value === 'string') { pushText(u.value); return true; }
    if (u.type === 'TemplateLiteral') {
      for (let i = 0; i < u.quasis.length; i++) {
        const cooked = u.quasis[i].value.cooked;
        if (cooked === null || cooked === undefined) return false;
        pushText(cooked);
        if (i < u.expressions.length) items.push({ kind: 'expr', node: u.expressions[i], constant: facts.isConstant(u.expressions[i]) });
      }
      return true;
    }
    items.push({ kind: 'expr', node: u, constant: facts.isConstant(u) });
    return true;
  };
  if (n.type === 'TemplateLiteral') return pushNode(n) ? items : undefined;
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    for (const operand of flattenPlus(n)) if (!pushNode(operand)) return undefined;
    return items;
  }
  return undefined;
}

const VALUE_CONTEXT = /(?:=|<>|!=|<=|>=|<|>|\bLIKE|\bILIKE|\bLIMIT|\bOFFSET|\bBETWEEN|\bTHEN|\bELSE|\bWHEN)\s*$/i;
const LIST_CONTEXT = /\bIN\s*\(\s*$/i;

function inValuesGroup(before: string): boolean {
  const m = /\bVALUES\s*\(([^)]*)$/i.exec(before);
  return !!m && /(?:^|,)\s*$/.test(m[1]);
}

interface Rewrite {
  out: Out[];
  /** New bound values, in text order. */
  values: string[];
  /** Every `?` of the new text in order: the new value it binds, or null for one that was there before. */
  questionSlots: (string | null)[];
  maxDollar: number;
}

function rewrite(facts: Facts, items: Item[], placeholder: 'dollar' | 'question', stringQuotes: string): Rewrite | Blocker {
  const out: Out[] = [];
  const values: string[] = [];
  const questionSlots: (string | null)[] = [];
  let maxDollar = 0;
  const existingText = items.map((i) => (i.kind === 'char' ? i.c : ' ')).join('');
  for (const m of existingText.matchAll(/\$(\d+)/g)) maxDollar = Math.max(maxDollar, Number(m[1]));
  let nextDollar = maxDollar;
  const textSoFar = (): string => out.map((o) => (o.kind === 'text' ? o.text : ' 0 ')).join('');
  const bind = (source: string): void => {
    values.push(source);
    if (placeholder === 'question') questionSlots.push(source);
    out.push({ kind: 'text', text: placeholder === 'dollar' ? `$${++nextDollar}` : '?' });
  };

  let i = 0;
  while (i < items.length) {
    const item = items[i];
    if (item.kind === 'char') {
      if ((item.c === '"' || item.c === '`') && !stringQuotes.includes(item.c)) {
        // A quoted identifier: copy it, but an interpolation inside it cannot be bound.
        const close = items.findIndex((it, k) => k > i && it.kind === 'char' && it.c === item.c);
        if (close < 0) return 'unbalanced';
        for (let k = i; k <= close; k++) {
          const it = items[k];
          if (it.kind === 'expr') { if (!it.constant) return 'identifier'; out.push({ kind: 'interp', node: it.node }); }
          else out.push({ kind: 'text', text: it.c });
        }
        i = close + 1;
        continue;
      }
      if (stringQuotes.includes(item.c)) {
        // A string literal: find its end (a doubled quote is an escaped quote inside it).
        const quote = item.c;
        const region: Item[] = [];
        let k = i + 1;
        for (; k < items.length; k++) {
          const it = items[k];
          if (it.kind === 'char' && it.c === quote) {
            const next = items[k + 1];
            if (next?.kind === 'char' && next.c === quote) { region.push(it); k++; continue; }
            break;
          }
          region.push(it);
        }
        if (k >= items.length) return 'unbalanced';
        if (region.every((r) => r.kind === 'char' || r.constant)) {
          // Constant literal: copy as written.
          for (let j = i; j <= k; j++) {
            const it = items[j];
            out.push(it.kind === 'char' ? { kind: 'text', text: it.c } : { kind: 'interp', node: it.node });
          }
        } else {
          if (region.some((r) => r.kind === 'char' && r.c === '\\')) return 'backslash';
          bind(boundValue(facts, region));
        }
        i = k + 1;
        continue;
      }
      if (item.c === '?') questionSlots.push(null);
      out.push({ kind: 'text', text: item.c });
      i++;
      continue;
    }
    if (item.constant) { out.push({ kind: 'interp', node: item.node }); i++; continue; }
    const before = textSoFar();
    if (LIST_CONTEXT.test(before)) return 'list';
    if (!VALUE_CONTEXT.test(before) && !inValuesGroup(before)) {
      return /(?:\bFROM|\bJOIN|\bINTO|\bUPDATE|\bTABLE|\bBY|\.|\bSELECT|\bASC|\bDESC)\s*$/i.test(before) ? 'identifier' : 'fragment';
    }
    const after = items[i + 1];
    if (after?.kind === 'char' && /[\w.]/.test(after.c)) return 'fragment';
    bind(facts.source(item.node));
    i++;
  }
  return { out, values, questionSlots, maxDollar };
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
  const hasInterp = merged.some((o) => o.kind === 'interp');
  const text = merged.map((o) => (o.kind === 'text' ? o.text : '')).join('');
  if (hasInterp || preferTemplate || text.includes('\n') || (text.includes("'") && text.includes('"'))) {
    return '`' + merged.map((o) => (o.kind === 'text' ? escapeTemplate(o.text) : '${' + facts.source(o.node) + '}')).join('') + '`';
  }
  const quote = text.includes("'") ? '"' : "'";
  return quote + text.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(new RegExp(quote, 'g'), '\\' + quote) + quote;
}

/**
 * Build the paved-road fix for a sink whose text is assembled right at the call, or in a
 * `const` used only there. Returns the blocker instead when the meaning could not be kept.
 */
export function parameterize(facts: Facts, sink: SqlSink): ParameterizeResult {
  if (sink.valuesStyle === 'none' || sink.text !== unwrap(sink.call.arguments[0])) return { blocker: 'shape' };
  const edits: TextEdit[] = [];
  let building: Node = sink.text;
  const textNode = unwrap(sink.text);
  if (textNode.type === 'Identifier') {
    const variable = facts.variableOf(textNode);
    const def = variable?.defs[0];
    if (!variable || !facts.isSingleAssignment(variable) || variable.references.filter((r) => !r.init).length !== 1
      || def?.type !== 'Variable' || def.node.id.type !== 'Identifier' || !def.node.init) return { blocker: 'shape' };
    building = def.node.init;
  }
  const items = itemsOf(facts, building);
  if (!items) return { blocker: 'shape' };
  const result = rewrite(facts, items, sink.library.placeholder, sink.library.stringQuotes);
  if (typeof result === 'string') return { blocker: result };
  if (result.values.length === 0) return { blocker: 'shape' };
  const preferTemplate = unwrap(building).type === 'TemplateLiteral';
  edits.push({ span: facts.span(building), newText: renderQuery(facts, result.out, preferTemplate) });

  const valuesEdit = sink.valuesStyle === 'chained-call'
    ? chainedValuesEdit(facts, sink, result)
    : arrayValuesEdit(facts, sink, result);
  if (!valuesEdit) return { blocker: 'shape' };
  edits.push(valuesEdit);
  const marker = sink.library.placeholder === 'dollar' ? '$1, $2, …' : '?';
  return {
    fix: {
      title: `Use a parameterized query (${marker}) — the paved road`,
      safety: 'unsafe',
      preferred: true,
      edits: edits.sort((a, b) => a.span.start - b.span.start),
    },
  };
}

/** `query(text)` → `query(text, [v])`; `query(text, [a])` → merged; `query(text, cb)` → `query(text, [v], cb)`. */
function arrayValuesEdit(facts: Facts, sink: SqlSink, r: Rewrite): TextEdit | undefined {
  const args = sink.call.arguments;
  const textArg = args[0];
  const second = args[1] ? unwrap(args[1]) : undefined;
  if (!second) {
    if (r.questionSlots.includes(null) || r.maxDollar > 0) return undefined; // placeholders without values: not ours to guess
    return { span: { start: textArg.range[1], end: textArg.range[1] }, newText: `, [${r.values.join(', ')}]` };
  }
  if (second.type === 'ArrowFunctionExpression' || second.type === 'FunctionExpression') {
    if (r.questionSlots.includes(null) || r.maxDollar > 0) return undefined;
    return { span: { start: second.range[0], end: second.range[0] }, newText: `[${r.values.join(', ')}], ` };
  }
  if (second.type === 'ArrayExpression' && second.elements.every((e) => e && e.type !== 'SpreadElement')) {
    const existing = (second.elements as Node[]).map((e) => facts.source(e));
    let merged: string[];
    if (sink.library.placeholder === 'dollar') {
      if (existing.length !== r.maxDollar) return undefined;
      merged = [...existing, ...r.values];
    } else {
      // `?` binds by position: the old values keep their order between the new ones.
      if (existing.length !== r.questionSlots.filter((q) => q === null).length) return undefined;
      let next = 0;
      merged = r.questionSlots.map((q) => q ?? existing[next++]);
    }
    return { span: facts.span(second), newText: `[${merged.join(', ')}]` };
  }
  return undefined;
}

/** better-sqlite3: `db.prepare(text).get()` → `db.prepare(text).get(v)`. */
function chainedValuesEdit(facts: Facts, sink: SqlSink, r: Rewrite): TextEdit | undefined {
  const member = facts.parent(sink.call);
  const run = member && facts.parent(member);
  if (member?.type !== 'MemberExpression' || run?.type !== 'CallExpression' || run.callee !== member || run.arguments.length !== 0) return undefined;
  const close = run.range[1] - 1; // the `)` of `.get()`
  if (facts.text[close] !== ')') return undefined;
  if (r.questionSlots.includes(null)) return undefined;
  return { span: { start: close, end: close }, newText: r.values.join(', ') };
}

export function describeBlocker(blocker: Blocker): string {
  switch (blocker) {
    case 'identifier': return 'a table or column name cannot be bound: check it against an allow-list of known names';
    case 'list': return 'bind the list as one array value (pg: `= ANY($1)`, mysql: `IN (?)` with an array)';
    case 'fragment': return 'a SQL fragment cannot be bound: build it from constant pieces chosen by code, and bind only the values';
    case 'backslash': return 'the literal uses backslash escapes; bind the value by hand';
    case 'unbalanced': return 'the quotes in the query text do not balance; rewrite it by hand with placeholders';
    case 'shape': return 'move the values into the driver\'s bound parameters';
  }
}

export type { TSESTree };
