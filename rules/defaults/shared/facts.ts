// What the defaults family asks of a call or an option, once for every rule of the family: which
// library function a call is (through the engine's one import resolver, so `crypto.createHash`,
// `import { createHash } from 'node:crypto'`, `require('crypto').createHash` and a destructured
// `const { createHash } = require('crypto')` are one function), the value an option has, and which
// edits remove or replace an option.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  packageOf,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import type { Span } from '../../../server/engine/types';
import { wordsOf } from './names';

/** `{ module: 'crypto', name: 'createHash' }` for a call of that function, however it was imported. */
export interface Callee {
  module: string;
  name: string;
  path: string[];
}

/** The module function a call (or `new`) calls, or undefined when it comes from no module. */
export function calleeOf(facts: Facts, call: TSESTree.CallExpression | TSESTree.NewExpression): Callee | undefined {
  const origin = facts.moduleOf(unwrap(call.callee));
  if (!origin) return undefined;
  return { module: packageOf(origin.module), name: origin.path[origin.path.length - 1] ?? '', path: origin.path };
}

/** Calls of Node's `crypto` module function `name` (e.g. `createHash`), in source order. */
export function cryptoCalls(
  facts: Facts,
  names: ReadonlySet<string>,
): { call: TSESTree.CallExpression; name: string }[] {
  const out: { call: TSESTree.CallExpression; name: string }[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const name = facts.calleeName(call);
    if (!name || !names.has(name)) continue; // the cheap test first: only calls with a wanted name are resolved
    const callee = calleeOf(facts, call);
    if (callee?.module === 'crypto' && callee.name === name) out.push({ call, name });
  }
  return out;
}

/** The constant value of a node, or undefined (the engine's one constant evaluator). */
export function constant(facts: Facts, node: Node | undefined): unknown {
  if (!node) return undefined;
  return facts.constantOf(node)?.value;
}

/**
 * The span that removes a property from its object literal, with the comma that separates it and,
 * when it sits on lines of its own, its whole line: `{ a: 1, b: 2 }` → `{ a: 1 }`.
 */
export function removalSpan(
  text: string,
  object: TSESTree.ObjectExpression | TSESTree.ArrayExpression,
  element: Node,
): Span {
  const items = (object.type === 'ObjectExpression' ? object.properties : object.elements).filter(
    (e): e is NonNullable<typeof e> => e !== null,
  );
  const i = items.indexOf(element as never);
  let start = element.range[0];
  let end = element.range[1];
  if (i < items.length - 1) end = items[i + 1].range[0];
  else if (i > 0) start = items[i - 1].range[1];
  else {
    // The only item: remove up to a trailing comma, keep the braces.
    const comma = /^\s*,/.exec(text.slice(end));
    if (comma) end += comma[0].length;
  }
  // Whole lines: `\n  rejectUnauthorized: false,\n` goes with its indentation.
  const lineStart = text.lastIndexOf('\n', element.range[0] - 1) + 1;
  if (i < items.length - 1 && /^\s*$/.test(text.slice(lineStart, element.range[0]))) {
    const nextLineStart = text.lastIndexOf('\n', items[i + 1].range[0] - 1) + 1;
    if (nextLineStart > element.range[1] && /^\s*$/.test(text.slice(nextLineStart, items[i + 1].range[0])))
      return { start: lineStart, end: nextLineStart };
  }
  if (i === items.length - 1 && i > 0) {
    // Last item on a line of its own: drop the line, keep the previous item's trailing comma if any.
    const after = /^\s*,?[ \t]*/.exec(text.slice(element.range[1]))![0];
    if (/^\s*$/.test(text.slice(lineStart, element.range[0])) && text[element.range[1] + after.length] === '\n') {
      return { start: lineStart, end: element.range[1] + after.length + 1 };
    }
  }
  // What is left of the line is only indentation: take the whole line.
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  if (lineEnd >= 0 && /^[ \t]*$/.test(text.slice(from, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd)))
    return { start: from, end: lineEnd + 1 };
  return { start, end };
}

/** The name a function is known by: its own, the variable or property it is assigned to. */
export function functionName(facts: Facts, fn: Node): string | undefined {
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = facts.parent(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (
    (parent?.type === 'Property' || parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') &&
    !parent.computed &&
    parent.key.type === 'Identifier'
  )
    return parent.key.name;
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression')
    return propertyName(parent.left);
  return undefined;
}

/** `Buffer.from('…')` of a constant: the same bytes every time. */
export function constantBytes(facts: Facts, node: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (
      !variable ||
      !facts.isSingleAssignment(variable) ||
      def?.type !== 'Variable' ||
      !def.node.init ||
      def.node.id.type !== 'Identifier'
    )
      return false;
    return typeof constant(facts, def.node.init) === 'string' || constantBytes(facts, def.node.init, depth + 1);
  }
  if (n.type !== 'CallExpression' && n.type !== 'NewExpression') return false;
  const callee = unwrap(n.callee);
  // `Buffer.alloc(16).fill(0)`, `new Buffer(16).fill(0)`
  if (n.type === 'CallExpression' && callee.type === 'MemberExpression' && propertyName(callee) === 'fill')
    return constantBytes(facts, callee.object, depth + 1) || isZeroBuffer(facts, callee.object);
  const chain = memberChain(n.callee);
  if (chain[0] === 'Buffer' && (chain[1] === 'from' || chain[1] === 'alloc')) {
    const first = n.arguments[0] as Node | undefined;
    if (!first) return false;
    if (chain[1] === 'alloc')
      return (
        typeof constant(facts, first) === 'number' &&
        (n.arguments.length < 2 || constant(facts, n.arguments[1] as Node) !== undefined)
      );
    const u = unwrap(first);
    return (
      typeof constant(facts, first) === 'string' ||
      repeatedConstant(facts, u) ||
      (u.type === 'ArrayExpression' &&
        u.elements.every((e) => e !== null && e.type !== 'SpreadElement' && typeof constant(facts, e) === 'number'))
    );
  }
  if (
    n.type === 'NewExpression' &&
    n.callee.type === 'Identifier' &&
    n.callee.name === 'Uint8Array' &&
    n.arguments.length === 1
  )
    return typeof constant(facts, n.arguments[0] as Node) === 'number';
  return false;
}

/** The words of the name an expression is known by (`publicKeys.current` → public, keys, current). */
export function wordsOfName(node: Node): string[] {
  return memberChain(node).flatMap((part) => wordsOf(part));
}

/** `'0'.repeat(32)`: a constant string built at run time. */
function repeatedConstant(facts: Facts, node: Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = unwrap(node.callee);
  return (
    callee.type === 'MemberExpression' &&
    propertyName(callee) === 'repeat' &&
    typeof constant(facts, callee.object) === 'string' &&
    typeof constant(facts, node.arguments[0] as Node) === 'number'
  );
}

/** `new Buffer(16)` (zero-filled in Node ≥ 8) and `Buffer.allocUnsafe(16)` before a fill. */
function isZeroBuffer(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'NewExpression' && n.type !== 'CallExpression') return false;
  const chain = memberChain(n.callee);
  return (
    chain[0] === 'Buffer' &&
    (chain.length === 1 || chain[1] === 'allocUnsafe' || chain[1] === 'alloc') &&
    typeof constant(facts, n.arguments[0] as Node) === 'number'
  );
}

/** `config.get('X')`, `this.configService.get<string>('X')`: a setting read with no default, so unset is undefined. */
export function isConfigRead(node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'CallExpression' || n.arguments.length !== 1) return false;
  const callee = unwrap(n.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'get') return false;
  const receiver = memberChain(callee.object).pop() ?? '';
  const key = unwrap(n.arguments[0] as Node);
  return /config|env|settings/i.test(receiver) && key.type === 'Literal' && typeof key.value === 'string';
}

/** The root names of a deployment's settings object: `config.security.salt`, `settings.auth.pepper`. */
const SETTINGS_ROOT = /^(app_?|server_?)?(config|conf|cfg|settings|env)$/i;

/**
 * A value that is one per deployment, the same for every user: `process.env.X`, `config.get('x')`
 * (with or without a default), `config.security.salt` (a member of an object named for the
 * settings), through variables assigned once and `Buffer.from(…)` of one.
 */
export function isSettingRead(facts: Facts, node: Node, depth = 0): boolean {
  if (depth > 3) return false;
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    const init = facts.singleInit(n);
    return init !== undefined && isSettingRead(facts, init, depth + 1);
  }
  if (n.type === 'LogicalExpression' && (n.operator === '??' || n.operator === '||'))
    return isSettingRead(facts, n.left, depth + 1) && constant(facts, n.right) !== undefined;
  if (n.type === 'CallExpression') {
    const chain = memberChain(n.callee);
    if (chain[0] === 'Buffer' && chain[1] === 'from' && n.arguments[0])
      return isSettingRead(facts, n.arguments[0] as Node, depth + 1);
    if (isConfigRead(n)) return true;
    // `config.get('legacy.salt', 'x')`: with a default, still one value.
    const callee = unwrap(n.callee);
    return (
      callee.type === 'MemberExpression' &&
      propertyName(callee) === 'get' &&
      n.arguments.length === 2 &&
      /config|env|settings/i.test(memberChain(callee.object).pop() ?? '') &&
      typeof constant(facts, n.arguments[0] as Node) === 'string'
    );
  }
  if (n.type !== 'MemberExpression') return false;
  const chain = memberChain(n);
  if (chain.length < 2 || chain.includes('*')) return false;
  if (chain[0] === 'process' && chain[1] === 'env') return chain.length === 3;
  const root = chain[0] === 'this' ? chain[1] : chain[0];
  return SETTINGS_ROOT.test(root ?? '') && chain.length >= (chain[0] === 'this' ? 3 : 2);
}
