// Secrets followed across files (issue 23): a key defined in a config module and used at a secret
// sink in another module is judged by that use, not by its name alone. Both halves live here:
//   - the using module's summary lists the values of other modules it passes to a secret sink
//     (`createHmac('sha256', config.receipts.linkKey)` → `../config` `receipts.linkKey`, "the HMAC
//     key"): a module reference and a place, never a value, so no secret enters a summary or a cache;
//   - the defining module, told by the front door how its exports are used (`Facts.secretUses`),
//     finds the value behind each used export path and judges that literal as one reaching the sink,
//     with a data-flow step in each using file.
// Calls are transparent on both sides (`configuration().jwt.secret` reads the `jwt.secret` of what
// the default export returns), as `Facts.moduleOf` treats them.

import type { TSESTree } from '@typescript-eslint/types';
import {
  FUNCTION_TYPES,
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import type { ModuleRef } from '../../../server/engine/project/types';
import { returnedExpressions } from '../../module-summary';
import { SECRET_SINKS, sinkMatches, type SecretSink } from './sinks';

const MAX_USES = 50;
const MAX_DEPTH = 6;
const MAX_OPTION_DEPTH = 4;

/** Where a value reaches a secret sink: a call's argument or option, or an assignment (`app.keys = …`). */
export type SinkNode = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.AssignmentExpression;

/** What a sink call's callee is: the call's own callee, or the plugin of `app.register(plugin, options)`. */
export function sinkCallOrigin(
  facts: Facts,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  optionsArg?: Node,
): { module: string; path: string[] } | undefined {
  const callee = unwrap(call.callee);
  // Fastify (and Hapi) plugins take their options beside them: `app.register(secureSession, { key })`.
  if (
    optionsArg !== undefined &&
    callee.type === 'MemberExpression' &&
    propertyName(callee) === 'register' &&
    call.arguments.length >= 2 &&
    call.arguments[1] === optionsArg &&
    call.arguments[0].type !== 'SpreadElement'
  ) {
    const plugin = facts.moduleOf(call.arguments[0] as Node);
    if (plugin) return plugin.path.length === 0 ? { module: plugin.module, path: ['default'] } : plugin;
  }
  return facts.moduleOf(call.callee);
}

/** The value of another module a sink argument stands for (through `Buffer.from`, fallbacks, constants, `this.x` fields). */
export function refOf(facts: Facts, node: Node, depth = 0): ModuleRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const n = unwrap(node);
  if (n.type === 'CallExpression' && memberChain(n.callee).join('.') === 'Buffer.from' && n.arguments[0])
    return refOf(facts, n.arguments[0] as Node, depth + 1);
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??'))
    return refOf(facts, n.left, depth + 1) ?? refOf(facts, n.right, depth + 1);
  if (n.type === 'MemberExpression' && n.object.type === 'ThisExpression') {
    const field = classField(facts, n);
    return field ? refOf(facts, field, depth + 1) : undefined;
  }
  if (n.type !== 'Identifier' && n.type !== 'MemberExpression' && n.type !== 'CallExpression') return undefined;
  const origin = facts.moduleOf(n);
  if (origin && origin.path.length > 0 && origin.module.length <= 300)
    return { module: origin.module, path: origin.path.slice(0, 8) };
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (variable && def?.type === 'Variable' && def.node.init && facts.isSingleAssignment(variable))
      return refOf(facts, def.node.init, depth + 1);
  }
  return undefined;
}

/** The initial value of the class field `this.x` reads (`private readonly key = Buffer.from(…)`). */
function classField(facts: Facts, member: TSESTree.MemberExpression): Node | undefined {
  const name = propertyName(member);
  if (name === undefined) return undefined;
  let p = facts.parent(member);
  while (p && p.type !== 'ClassBody') p = facts.parent(p);
  if (!p) return undefined;
  for (const e of p.body)
    if (e.type === 'PropertyDefinition' && !e.static && e.value && propertyKeyName(e.key) === name) return e.value;
  return undefined;
}

/** The object literal an options argument is (written in place, or a constant assigned once). */
function objectOf(facts: Facts, node: Node): TSESTree.ObjectExpression | undefined {
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n;
  if (n.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || !def.node.init || !facts.isSingleAssignment(variable)) return undefined;
  const init = unwrap(def.node.init);
  return init.type === 'ObjectExpression' ? init : undefined;
}

/**
 * Every value this module passes to a secret sink: positional key arguments, and option values
 * (at any depth of an options object, each element of a list) of the calls whose options the sink reads.
 */
export function sinkValues(
  facts: Facts,
  visit: (value: Node, sink: SecretSink, call: SinkNode) => boolean | void,
): void {
  // Properties assigned the credential: `app.keys = config.cookieKeys` (each element of a list written there).
  for (const assignment of facts.nodesOfType('AssignmentExpression')) {
    const left = unwrap(assignment.left);
    if (assignment.operator !== '=' || left.type !== 'MemberExpression') continue;
    const name = propertyName(left);
    const origin = name !== undefined ? facts.moduleOf(left.object) : undefined;
    const sink = origin && SECRET_SINKS.find((s) => s.property === name && sinkMatches(s, origin.module, origin.path));
    if (!sink) continue;
    const value = unwrap(assignment.right);
    const values = value.type === 'ArrayExpression' ? value.elements : [value];
    for (const v of values.slice(0, 8))
      if (v && v.type !== 'SpreadElement' && visit(v as Node, sink, assignment) === false) return;
  }
  const calls = [...facts.nodesOfType('CallExpression'), ...facts.nodesOfType('NewExpression')];
  for (const call of calls) {
    if (call.arguments.length === 0) continue;
    const origin = facts.moduleOf(call.callee);
    if (origin)
      for (const sink of SECRET_SINKS)
        if (sink.arg !== undefined && call.arguments.length > sink.arg && sinkMatches(sink, origin.module, origin.path))
          if (visit(call.arguments[sink.arg] as Node, sink, call) === false) return;
    for (const arg of call.arguments) {
      const object = objectOf(facts, arg as Node);
      if (!object) continue;
      const from = sinkCallOrigin(facts, call, arg as Node);
      if (!from) continue;
      const sinks = SECRET_SINKS.filter((s) => s.options && sinkMatches(s, from.module, from.path));
      if (sinks.length)
        optionValues(object, 0, (key, value) => {
          const sink = sinks.find((s) => s.options!.includes(key));
          if (sink) visit(value, sink, call);
        });
    }
  }
}

/** The values of other modules this module passes to a secret sink (the summary's `secretUses`, before placing). */
export function secretUsesOf(facts: Facts): { ref: ModuleRef; sink: string; node: Node }[] {
  const out: { ref: ModuleRef; sink: string; node: Node }[] = [];
  const seen = new Set<string>();
  sinkValues(facts, (value, sink, call) => {
    const ref = refOf(facts, value);
    if (!ref) return;
    const key = `${ref.module}\0${ref.path.join('.')}\0${sink.what}\0${call.range[0]}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ ref, sink: sink.what, node: call });
    return out.length < MAX_USES;
  });
  return out;
}

function optionValues(
  object: TSESTree.ObjectExpression,
  depth: number,
  visit: (key: string, value: Node) => void,
): void {
  for (const p of object.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = propertyKeyName(p.key);
    const value = unwrap(p.value as Node);
    if (value.type === 'ObjectExpression') {
      if (depth < MAX_OPTION_DEPTH) optionValues(value, depth + 1, visit);
    } else if (key !== undefined && value.type === 'ArrayExpression') {
      // `keys: [config.sessionKey]` (cookie-session, Koa): each key of the list.
      for (const e of value.elements) if (e && e.type !== 'SpreadElement') visit(key, e as Node);
    } else if (key !== undefined) visit(key, value);
  }
}

/** The sink a summary names by its description. */
export function sinkNamed(what: string): SecretSink | undefined {
  return SECRET_SINKS.find((s) => s.what === what);
}

/**
 * The expression this module exports at `name` (an export path; calls are transparent): ESM and
 * CommonJS exports, `export =`, through constants, object literals and what functions return.
 */
export function exportedValue(facts: Facts, name: readonly string[]): Node | undefined {
  const named = new Map<string, Node>();
  const defaults: Node[] = [];
  for (const d of facts.nodesOfType('ExportNamedDeclaration')) {
    if (d.source) continue;
    const decl = d.declaration;
    if (decl?.type === 'VariableDeclaration') {
      for (const v of decl.declarations) if (v.id.type === 'Identifier' && v.init) named.set(v.id.name, v.init);
    } else if (decl?.type === 'FunctionDeclaration' && decl.id) named.set(decl.id.name, decl);
    for (const s of d.specifiers)
      if (s.type === 'ExportSpecifier') {
        const as = propertyKeyName(s.exported);
        if (as !== undefined) named.set(as, s.local as Node);
      }
  }
  for (const d of facts.nodesOfType('ExportDefaultDeclaration')) defaults.push(d.declaration as Node);
  for (const d of facts.nodesOfType('TSExportAssignment')) defaults.push(d.expression);
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    if (a.operator !== '=') continue;
    const chain = memberChain(a.left);
    if (chain.length === 2 && chain[0] === 'module' && chain[1] === 'exports') defaults.push(a.right);
    else if (chain.length === 3 && chain[0] === 'module' && chain[1] === 'exports') named.set(chain[2], a.right);
    else if (chain.length === 2 && chain[0] === 'exports') named.set(chain[1], a.right);
  }
  const [first, ...rest] = name;
  if (first === undefined) return defaults.length ? valueAt(facts, defaults[0], [], 0) : undefined;
  if (named.has(first)) return valueAt(facts, named.get(first)!, rest, 0);
  for (const d of defaults) {
    const found = valueAt(facts, d, first === 'default' ? rest : name, 0);
    if (found) return found;
  }
  return undefined;
}

function valueAt(facts: Facts, node: Node, path: readonly string[], depth: number): Node | undefined {
  if (depth > MAX_DEPTH * 2) return undefined;
  const n = unwrap(node);
  if (path.length === 0) return n;
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (!variable || !def) return undefined;
    if (def.type === 'FunctionName') return valueAt(facts, def.node as Node, path, depth + 1);
    if (def.type === 'Variable' && def.node.init && facts.isSingleAssignment(variable))
      return valueAt(facts, def.node.init, path, depth + 1);
    return undefined;
  }
  if (n.type === 'ObjectExpression') {
    for (const p of n.properties)
      if (p.type === 'Property' && !p.computed && propertyKeyName(p.key) === path[0])
        return valueAt(facts, p.value as Node, path.slice(1), depth + 1);
    return undefined;
  }
  if (FUNCTION_TYPES.has(n.type)) {
    for (const r of returnedExpressions(facts, n as Parameters<typeof returnedExpressions>[1])) {
      const found = valueAt(facts, r, path, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  // `registerAs('jwt', () => ({ secret: … }))`: a factory's function argument.
  if (n.type === 'CallExpression') {
    for (const a of n.arguments)
      if (FUNCTION_TYPES.has(a.type)) {
        const found = valueAt(facts, a as Node, path, depth + 1);
        if (found) return found;
      }
  }
  return undefined;
}
