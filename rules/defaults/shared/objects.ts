// Options objects, shared by the defaults family: finding a property, resolving an options
// argument to its object literal, judging a flag's value, and the one edit builder that sets a
// property (replacing a weak value or adding the property in the object's own layout).

import type { TSESTree } from '@typescript-eslint/types';
import type { Variable } from '@typescript-eslint/scope-manager';
import type { Facts, FunctionNode, Node } from '../../../server/engine/facts';
import type { ConstantValue } from '../../../server/engine/facts/constants';
import { memberChain, propertyKeyName, propertyName, unwrap } from '../../../server/engine/facts';
import { returnedExpressions } from '../../module-summary';
import type { TextEdit } from '../../../server/engine/types';

export type ObjectNode = TSESTree.ObjectExpression;

/**
 * How objectOf reached an object literal, so that a key is looked up as at run time: the facts to
 * resolve its spreads, the objects merged before it (`Object.assign({}, base, {…})`), and the
 * variable (with the property path inside it) whose members may be assigned after construction
 * (`opts.secure = false`, `options.cookie.httpOnly = false`). Weak: one entry per literal node.
 */
interface View {
  facts: Facts;
  before: ObjectNode[];
  holder?: { variable: Variable; path: string[] };
}
const views = new WeakMap<ObjectNode, View>();
const MAX_RESOLVE = 6;
/** Spread and merge sources one lookup may open: bounded work on hostile input (spreads of spreads). */
const MAX_SOURCES = 64;
let sources = 0;

function remember(facts: Facts, object: ObjectNode, view?: Partial<View>): ObjectNode {
  // An editor's kept tree shares unchanged nodes with the tree before the edit: a view another
  // analysis (another Facts) left on this literal speaks of that tree's variables, not this one's.
  const stale = views.get(object);
  const known = stale?.facts === facts ? stale : undefined;
  if (!known || (view?.holder && !known.holder) || (view?.before?.length && !known.before.length))
    views.set(object, { facts, before: view?.before ?? known?.before ?? [], holder: view?.holder ?? known?.holder });
  return object;
}

/**
 * The `key: value` property of an options object, as at run time: the last one written wins, and a
 * spread (`{ ...base, x }`) whose source resolves to an object contributes its keys at its place;
 * objects merged before (`Object.assign`) come first, and a member assigned after construction
 * (`opts.rejectUnauthorized = false`) last — returned as a property whose value is the assigned
 * expression, so an edit of `value` edits the line that holds it.
 */
export function property(object: ObjectNode, key: string, depth = 0): TSESTree.Property | undefined {
  if (depth === 0) sources = 0;
  const view = views.get(object);
  if (view?.holder) {
    const assigned = assignedAfter(view.facts, view.holder, object, key);
    if (assigned) return assigned;
  }
  let found: TSESTree.Property | undefined;
  for (const p of object.properties) {
    if (p.type === 'Property' && !p.computed && propertyKeyName(p.key) === key) found = p;
    else if (p.type === 'SpreadElement' && view && depth < MAX_RESOLVE && sources++ < MAX_SOURCES) {
      const source = objectOf(view.facts, p.argument, depth + 1);
      const inner = source && property(source, key, depth + 1);
      if (inner) found = inner;
    }
  }
  if (!found && view && depth < MAX_RESOLVE)
    for (let i = view.before.length - 1; i >= 0 && !found && sources++ < MAX_SOURCES; i--)
      found = property(view.before[i], key, depth + 1);
  return found;
}

/** `holder.path.key = value` written after the object was built, the last such assignment. */
function assignedAfter(
  facts: Facts,
  holder: { variable: Variable; path: string[] },
  object: ObjectNode,
  key: string,
): TSESTree.Property | undefined {
  let last: TSESTree.AssignmentExpression | undefined;
  for (const ref of holder.variable.references) {
    let n: Node = ref.identifier as Node;
    for (const step of [...holder.path, key]) {
      const parent = facts.parent(n);
      if (parent?.type !== 'MemberExpression' || parent.object !== n || propertyName(parent) !== step) {
        n = undefined as unknown as Node;
        break;
      }
      n = parent;
    }
    if (!n) continue;
    const assignment = facts.parent(n);
    if (assignment?.type !== 'AssignmentExpression' || assignment.operator !== '=' || assignment.left !== n) continue;
    // Only a statement of the block that declares the variable: `if (dev) opts.secure = false` is a
    // switch decided at run time, like `secure: isProd`, and leaves the written value standing.
    const statement = facts.parent(assignment);
    if (statement?.type !== 'ExpressionStatement' || facts.parent(statement) !== declaringBlock(facts, holder.variable))
      continue;
    if (assignment.range[0] > object.range[1] && (!last || assignment.range[0] > last.range[0])) last = assignment;
  }
  if (!last) return undefined;
  const member = last.left as TSESTree.MemberExpression;
  return {
    type: 'Property',
    key: member.property,
    value: last.right,
    computed: false,
    method: false,
    shorthand: false,
    kind: 'init',
    optional: false,
    range: last.range,
    loc: last.loc,
    parent: last.parent,
  } as unknown as TSESTree.Property;
}

/** The block whose statements run after a variable is declared: its declaration's block, or its function's body for a parameter. */
function declaringBlock(facts: Facts, variable: Variable): Node | undefined {
  const def = variable.defs[0];
  if (def?.type === 'Variable') return facts.parent(def.parent as Node);
  if (def?.type === 'Parameter') return (def.node as FunctionNode).body as Node;
  return undefined;
}

/** Whether the object has a spread (`...base`) whose source is unknown: its absent keys may come from there. */
export function hasSpread(object: ObjectNode, depth = 0): boolean {
  if (depth === 0) sources = 0;
  const view = views.get(object);
  return object.properties.some((p) => {
    if (p.type !== 'SpreadElement') return false;
    const source =
      view && depth < MAX_RESOLVE && sources++ < MAX_SOURCES ? objectOf(view.facts, p.argument, depth + 1) : undefined;
    return !source || hasSpread(source, depth + 1);
  });
}

/**
 * The object literal an expression stands for (an options argument), followed the ways code builds
 * options: the literal itself; a variable assigned once in this file (`const opts = {…}; verify(t,
 * k, opts)`), with its members assigned after construction; a parameter's default (`function
 * connect(opts = {…})`); what a function of this file returns (`agent: makeAgent()`);
 * `Object.assign({}, base, {…})` and `Object.freeze({…})`; a property of a resolved object
 * (`config.cookie`). Not a destructured name (`const { a } = {…}`: `a` is not the object). Bounded;
 * undefined when unknown. A key of the result is looked up with `property`, which sees the spreads.
 */
export function objectOf(
  facts: Facts,
  node: Node | undefined,
  depth = 0,
  holder?: { variable: Variable; path: string[] },
): ObjectNode | undefined {
  if (!node || depth > MAX_RESOLVE) return undefined;
  const n = unwrap(node);
  if (n.type === 'ObjectExpression') return remember(facts, n, holder ? { holder } : undefined);
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (!variable || !facts.isSingleAssignment(variable)) return undefined;
    if (def?.type === 'Variable') {
      if (!def.node.init || def.node.id.type !== 'Identifier') return undefined;
      return objectOf(facts, def.node.init, depth + 1, { variable, path: [] });
    }
    if (def?.type === 'Parameter') {
      // `function connect(opts = { rejectUnauthorized: false })`: the object used when no caller passes one.
      const pattern = facts.parent(def.name as Node);
      if (pattern?.type === 'AssignmentPattern' && pattern.left === def.name)
        return objectOf(facts, pattern.right, depth + 1, { variable, path: [] });
    }
    return undefined;
  }
  if (n.type === 'MemberExpression' && !n.computed) {
    // `config.cookie`, where `config` resolves to an object of this file.
    const key = propertyName(n);
    const parent = key === undefined ? undefined : objectOf(facts, n.object, depth + 1);
    const p = parent && property(parent, key!, depth + 1);
    const parentHolder = parent && views.get(parent)?.holder;
    return p
      ? objectOf(facts, p.value, depth + 1, parentHolder && { ...parentHolder, path: [...parentHolder.path, key!] })
      : undefined;
  }
  if (n.type === 'CallExpression') {
    const callee = memberChain(n.callee).join('.');
    if (callee === 'Object.freeze' && n.arguments[0]) return objectOf(facts, n.arguments[0] as Node, depth + 1, holder);
    if (callee === 'Object.assign' && n.arguments.length >= 2) {
      // Later sources win: the last source is the object, the others are merged before it.
      const sources = n.arguments.map((a) =>
        a.type === 'SpreadElement' ? undefined : objectOf(facts, a as Node, depth + 1),
      );
      if (sources.some((s) => !s)) return undefined;
      const last = sources[sources.length - 1]!;
      return remember(facts, last, { before: sources.slice(0, -1) as ObjectNode[] });
    }
    const fn = functionOf(facts, n.callee as Node);
    if (!fn) return undefined;
    // `function tlsOptions() { return {…} }`: one object returned (every return the same literal).
    const returned = returnedExpressions(facts, fn).map((r) => objectOf(facts, r, depth + 1));
    return returned.length === 1 ? returned[0] : undefined;
  }
  return undefined;
}

/** The function of this file a callee names (a declaration, or a const arrow/function expression). */
function functionOf(facts: Facts, callee: Node): FunctionNode | undefined {
  const n = unwrap(callee);
  if (n.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || !facts.isSingleAssignment(variable)) return undefined;
  if (def?.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
  if (def?.type === 'Variable' && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return init;
  }
  return undefined;
}

/**
 * The value an option takes when the setting it reads is unset: `cfg.verify ?? false`,
 * `process.env.SECURE || false`, `verify !== undefined ? verify : false` — the constant fallback of
 * a value that is otherwise not constant. Undefined when there is no such fallback.
 */
export function fallbackOf(facts: Facts, value: Node, depth = 0): ConstantValue | undefined {
  const n = unwrap(value);
  if (n.type === 'LogicalExpression' && (n.operator === '??' || n.operator === '||') && !facts.constantOf(n.left))
    return facts.constantOf(n.right);
  if (n.type === 'Identifier' && depth < 3) {
    // `const verify = cfg.tls?.verify ?? false; … rejectUnauthorized: verify`
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (variable && facts.isSingleAssignment(variable) && def?.type === 'Variable' && def.node.init)
      return fallbackOf(facts, def.node.init, depth + 1);
  }
  return undefined;
}

export type FlagValue = 'on' | 'off' | 'absent' | 'unknown';

/** How a boolean-ish flag is set: a constant truthy or falsy value, absent, or decided at run time (an environment check). */
export function flagOf(facts: Facts, object: ObjectNode | undefined, key: string): FlagValue {
  if (!object) return 'absent';
  const p = property(object, key);
  if (!p) return hasSpread(object) ? 'unknown' : 'absent';
  const c = facts.constantOf(p.value) ?? fallbackOf(facts, p.value as Node);
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
