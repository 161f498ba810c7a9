// Options objects, shared by the defaults family: finding a property, resolving an options
// argument to its object literal, judging a flag's value, and the one edit builder that sets a
// property (replacing a weak value or adding the property in the object's own layout).

import type { TSESTree } from '@typescript-eslint/types';
import type { Facts, Node } from '../../../server/engine/facts';
import { propertyKeyName, unwrap } from '../../../server/engine/facts';
import type { TextEdit } from '../../../server/engine/types';

export type ObjectNode = TSESTree.ObjectExpression;

/** The `key: value` property of an object literal (the last one written wins, as at run time). */
export function property(object: ObjectNode, key: string): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const p of object.properties) {
    if (p.type === 'Property' && !p.computed && propertyKeyName(p.key) === key) found = p;
  }
  return found;
}

/** Whether the object has a spread (`...base`): its absent keys may come from there. */
export function hasSpread(object: ObjectNode): boolean {
  return object.properties.some((p) => p.type === 'SpreadElement');
}

/**
 * The object literal an expression stands for (an options argument): the literal itself, the
 * initialiser of a variable assigned once in this file (`const opts = {…}; verify(t, k, opts)`),
 * or what a helper function of this file returns when it returns one object literal and nothing
 * else (`const limited = (n) => ({ … }); … plugins: limited(5)`), followed through up to 3 such
 * steps. Not a destructured name (`const { a } = {…}`: `a` is not the object). Undefined when unknown.
 */
export function objectOf(facts: Facts, node: Node | undefined, depth = 0): ObjectNode | undefined {
  if (!node || depth > 3) return undefined;
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return n;
  if (n.type === 'CallExpression' && unwrap(n.callee).type === 'Identifier') {
    const fn = localFunction(facts, unwrap(n.callee) as TSESTree.Identifier);
    return fn ? objectOf(facts, onlyReturned(facts, fn), depth + 1) : undefined;
  }
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (
      !variable ||
      def?.type !== 'Variable' ||
      !def.node.init ||
      def.node.id.type !== 'Identifier' ||
      !facts.isSingleAssignment(variable)
    )
      return undefined;
    return objectOf(facts, def.node.init, depth + 1);
  }
  return undefined;
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** The function a name is bound to in this file (`function f(){}`, `const f = () => …`, assigned once). */
function localFunction(facts: Facts, id: TSESTree.Identifier): FunctionNode | undefined {
  const variable = facts.variableOf(id);
  const def = variable?.defs[0];
  if (!variable || !facts.isSingleAssignment(variable)) return undefined;
  if (def?.type === 'FunctionName') return def.node as FunctionNode;
  if (def?.type !== 'Variable' || !def.node.init) return undefined;
  const init = unwrap(def.node.init);
  return init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression' ? init : undefined;
}

/** The one value a function returns: its expression body, or the argument of its only `return`. */
function onlyReturned(facts: Facts, fn: FunctionNode): Node | undefined {
  if (fn.body.type !== 'BlockStatement') return fn.body;
  const returns = facts.nodesOfTypeWithin('ReturnStatement', fn.body).filter((r) => facts.enclosingFunction(r) === fn);
  return returns.length === 1 ? (returns[0].argument ?? undefined) : undefined;
}

export type FlagValue = 'on' | 'off' | 'absent' | 'unknown';

/** How a boolean-ish flag is set: a constant truthy or falsy value, absent, or decided at run time (an environment check). */
export function flagOf(facts: Facts, object: ObjectNode | undefined, key: string): FlagValue {
  if (!object) return 'absent';
  const p = property(object, key);
  if (!p) return hasSpread(object) ? 'unknown' : 'absent';
  const c = facts.constantOf(p.value);
  if (!c) return 'unknown';
  return c.value === false || c.value === 0 || c.value === null || c.value === '' || c.value === 'false' ? 'off' : 'on';
}

/** The string constant of a property, when it is one. */
export function stringOf(facts: Facts, object: ObjectNode | undefined, key: string): string | undefined {
  const p = object && property(object, key);
  const c = p && facts.constantOf(p.value);
  return typeof c?.value === 'string' ? c.value : undefined;
}

/** The indentation of the line an offset is on. */
function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/**
 * Edits that give `object` each property of `values` (source text): a present property gets the new
 * value, an absent one is added after the last property — on its own line when the object is
 * written one property per line, else inline.
 */
export function setProperties(facts: Facts, object: ObjectNode, values: [string, string][]): TextEdit[] {
  const edits: TextEdit[] = [];
  const added: string[] = [];
  for (const [key, value] of values) {
    const p = property(object, key);
    if (p && !p.shorthand) edits.push({ span: facts.span(p.value), newText: value });
    else if (p) edits.push({ span: facts.span(p), newText: `${key}: ${value}` });
    else added.push(`${key}: ${value}`);
  }
  if (!added.length) return edits;
  const text = facts.text;
  const last = object.properties[object.properties.length - 1];
  if (!last) {
    edits.push({ span: { start: object.range[0], end: object.range[1] }, newText: `{ ${added.join(', ')} }` });
    return edits;
  }
  const multiline = text.slice(object.range[0], last.range[0]).includes('\n');
  // After the last property, and after its trailing comma when it has one.
  let at = last.range[1];
  const trailingComma = /^\s*,/.exec(text.slice(at, object.range[1]));
  if (multiline) {
    const indent = indentAt(text, last.range[0]);
    if (trailingComma) {
      at += trailingComma[0].length;
      edits.push({ span: { start: at, end: at }, newText: added.map((a) => `\n${indent}${a},`).join('') });
    } else {
      edits.push({ span: { start: at, end: at }, newText: added.map((a) => `,\n${indent}${a}`).join('') });
    }
  } else {
    edits.push({ span: { start: at, end: at }, newText: added.map((a) => `, ${a}`).join('') });
  }
  return edits;
}

/** An edit adding an argument (source text) at the end of a call's argument list. */
export function appendArgument(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  text: string,
): TextEdit | undefined {
  const last = call.arguments[call.arguments.length - 1];
  if (!last) return undefined;
  return { span: { start: last.range[1], end: last.range[1] }, newText: `, ${text}` };
}
