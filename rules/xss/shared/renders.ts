// The views a module renders and what it passes them (issue 23: XSS through views rendered by
// another module). `res.render('account/login', { title: 'Login', options: JSON.stringify(o) })`
// tells the template `account/login.*` that `title` and `options` carry no markup from anyone but
// the application: its raw `<%- options %>` / `!{ options }` is judged by that. Only names are
// kept (a summary is cached and shared), never values.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  memberRoot,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import type { ViewRender } from '../../../server/engine/project/types';
import type { TeamKnowledge } from '../../../server/engine/types';
import { htmlValue } from './html';

const MAX_RENDERS = 50;
const MAX_LOCALS = 40;
/** A view name as `res.render` takes it: a path of plain segments, never a template's text. */
const VIEW_NAME = /^[\w@][\w./@-]{0,199}$/;
/** Calls whose result is stored data (rows, documents): JSON of it may carry what a user once wrote. */
const STORED_DATA =
  /^(?:find|findOne|findById|findAll|findMany|findUnique|findFirst|query|select|aggregate|get\w*By[A-Z]\w*|load|fetch\w*(?:From)?(?:Db|Database|Store))$/;

/** Every `res.render(view, { … })` of the file with a constant view name: the locals it passes safe as markup. */
export function viewRenders(facts: Facts, knowledge: Readonly<TeamKnowledge>): ViewRender[] {
  const out: ViewRender[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    if (out.length >= MAX_RENDERS) break;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'render' || !call.arguments[0]) continue;
    const root = memberRoot(callee.object);
    if (root.type !== 'Identifier' || !/^(?:res|response|resp|reply|ctx)$/.test(root.name)) continue;
    const view = facts.constantOf(call.arguments[0] as Node)?.value;
    if (typeof view !== 'string' || !VIEW_NAME.test(view)) continue;
    const safe: string[] = [];
    const locals = call.arguments[1] && localsObject(facts, call.arguments[1] as Node);
    for (const p of locals?.properties ?? []) {
      if (safe.length >= MAX_LOCALS) break;
      if (p.type !== 'Property' || p.computed) continue;
      const key = propertyKeyName(p.key);
      if (key !== undefined && /^[A-Za-z_$][\w$]{0,80}$/.test(key) && safeValue(facts, p.value as Node, knowledge, 0))
        safe.push(key);
    }
    out.push({ view, safe, line: lineOf(facts, call) });
  }
  return out;
}

function lineOf(facts: Facts, node: Node): number {
  return facts.text.slice(0, node.range[0]).split('\n').length - 1;
}

/** The locals object: a literal, or a variable assigned one literal once. */
function localsObject(facts: Facts, node: Node): TSESTree.ObjectExpression | undefined {
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n;
  if (n.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(n);
  if (!variable || !facts.isSingleAssignment(variable)) return undefined;
  const value = facts.writesOf(variable)[0]?.value;
  const v = value && unwrap(value);
  return v?.type === 'ObjectExpression' ? v : undefined;
}

/**
 * No markup but the application's own reaches the value: constants, escaped and numeric values
 * (nothing `htmlValue` leaves dynamic), or `JSON.stringify` of data no request carries and no
 * store returns (server-generated options, a third-party feed's numbers); through the writes of a
 * local variable (`dates = JSON.stringify(dates)`).
 */
function safeValue(facts: Facts, node: Node, knowledge: Readonly<TeamKnowledge>, depth: number): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  if (!htmlValue(facts, n, knowledge)) return true;
  if (n.type === 'CallExpression' && memberChain(n.callee).join('.') === 'JSON.stringify' && n.arguments[0])
    return serverData(facts, n.arguments[0] as Node, 0);
  if (n.type !== 'Identifier') return false;
  const variable = facts.variableOf(n);
  const writes = variable ? facts.writesOf(variable) : [];
  return (
    writes.length > 0 &&
    writes.every(
      (w) =>
        w.operator !== 'param' &&
        w.value !== w.node &&
        (w.operator === '=' || w.operator === 'init') &&
        safeValue(facts, w.value, knowledge, depth + 1),
    )
  );
}

/**
 * Data neither outside (a request, a message) nor read from a store: what it is built from, through
 * calls' arguments and receivers, object and array parts, destructuring and the writes of locals
 * (and what is pushed into them). Anything else is not known to be the server's own.
 */
function serverData(facts: Facts, node: Node, depth: number, seen = new Set<unknown>()): boolean {
  if (depth > 32) return false;
  const source = facts.outsideSource(node);
  if (source && source.kind !== 'parameter') return false; // a parameter is judged by its writes below
  const n = unwrap(node);
  const sub = (x: Node): boolean => serverData(facts, x, depth + 1, seen);
  switch (n.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return n.expressions.every(sub);
    case 'AwaitExpression':
      return sub(n.argument);
    case 'ConditionalExpression':
      return sub(n.consequent) && sub(n.alternate);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return sub(n.left as Node) && sub(n.right);
    case 'ObjectExpression':
      return n.properties.every((p) => (p.type === 'Property' ? sub(p.value as Node) : sub(p.argument)));
    case 'ArrayExpression':
      return n.elements.every((e) => !e || sub(e.type === 'SpreadElement' ? e.argument : e));
    case 'MemberExpression':
      return sub(n.object);
    case 'NewExpression':
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      const name = memberChain(callee).pop();
      if (name !== undefined && STORED_DATA.test(name)) return false;
      if (callee.type === 'MemberExpression' && !sub(callee.object)) return false;
      return n.arguments.every((a) => a.type !== 'SpreadElement' && sub(a as Node));
    }
    case 'Identifier':
      break;
    default:
      return false;
  }
  const variable = facts.variableOf(n);
  if (!variable) return true; // a global of the runtime (`process`, `Date`)
  if (seen.has(variable)) return true;
  seen.add(variable);
  for (const d of variable.defs)
    if (d.type === 'Variable' && d.node.id !== d.name && d.node.init && !sub(d.node.init)) return false; // `const { user } = req`
  for (const w of facts.writesOf(variable)) {
    if (w.operator === 'param') return false;
    if (w.value !== w.node && !sub(w.value)) return false;
  }
  // What is pushed into it (`dates.push(keys[i])`).
  for (const ref of variable.references) {
    const member = facts.parent(ref.identifier as Node);
    const call = member && facts.parent(member);
    if (
      member?.type === 'MemberExpression' &&
      member.object === ref.identifier &&
      call?.type === 'CallExpression' &&
      call.callee === member &&
      /^(?:push|unshift|splice|concat)$/.test(propertyName(member) ?? '') &&
      call.arguments.some((a) => a.type === 'SpreadElement' || !sub(a as Node))
    )
      return false;
  }
  return true;
}
