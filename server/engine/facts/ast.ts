// The AST vocabulary every part of Facts and every rule shares: node types, TypeScript wrappers,
// member chains and property names. Pure functions of the tree; no state.

import type { TSESTree } from '@typescript-eslint/types';

export type Node = TSESTree.Node;
/** The node interface for a type name: NodeOfType<'CallExpression'> is TSESTree.CallExpression. */
export type NodeOfType<T extends string> = Node extends infer N
  ? N extends { type: infer K }
    ? `${K & string}` extends T
      ? N
      : never
    : never
  : never;
export type NodeType = `${Node['type']}`;

/** The three function node types (declarations, expressions, arrows). */
export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const TS_WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ChainExpression',
  'TSInstantiationExpression',
]);

/** Strip TypeScript-only wrappers (`x as T`, `x!`, `x satisfies T`) and optional chains. */
export function unwrap(node: Node): Node {
  let n = node;
  while (TS_WRAPPERS.has(n.type)) n = (n as { expression: Node }).expression;
  return n;
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string')
    return member.property.value;
  return undefined;
}

/** The name a value is given to: an identifier's, or a member's property (`config.password` → `password`). */
export function assignedName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return propertyName(n);
  return undefined;
}

export function propertyKeyName(key: Node): string | undefined {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
    return String(key.value);
  return undefined;
}

export function memberRoot(node: Node): Node {
  let n = unwrap(node);
  for (;;) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression' && unwrap(n.callee).type === 'MemberExpression') n = unwrap(n.callee);
    else return n;
  }
}

/** `req.query.id` → ['req', 'query', 'id']; computed or call parts end the chain as '*'. */
export function memberChain(node: Node): string[] {
  // Collected innermost-last, then reversed once (an unshift per part made long chains quadratic).
  const parts: string[] = [];
  let n = unwrap(node);
  while (n.type === 'MemberExpression' || n.type === 'CallExpression') {
    if (n.type === 'CallExpression') {
      n = unwrap(n.callee);
      continue;
    }
    parts.push(propertyName(n) ?? '*');
    n = unwrap(n.object);
  }
  if (n.type === 'Identifier') parts.push(n.name);
  else if (n.type === 'ThisExpression') parts.push('this');
  return parts.reverse();
}

export function isRequireCall(node: Node): boolean {
  return (
    node.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments.length === 1 &&
    node.arguments[0].type === 'Literal' &&
    typeof node.arguments[0].value === 'string'
  );
}

/** For `const { a: { b } } = x`, the property path to the identifier `target`. */
export function destructuringPath(pattern: Node, target: Node): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === 'ObjectPattern') {
    for (const p of pattern.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKeyName(p.key);
      const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
      const sub = destructuringPath(value, target);
      if (sub && key !== undefined) return [key, ...sub];
    }
  }
  if (pattern.type === 'ArrayPattern') {
    for (const e of pattern.elements) {
      const sub = e && destructuringPath(e, target);
      if (sub) return sub;
    }
  }
  return undefined;
}

/** `a + b + c` → [a, b, c] (left-associative `+` chains only). */
export function flattenPlus(node: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length) {
    const n = unwrap(stack.pop()!);
    if (n.type === 'BinaryExpression' && n.operator === '+') {
      stack.push(n.right, n.left);
    } else {
      out.push(n);
    }
  }
  return out;
}
