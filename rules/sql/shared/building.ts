// Is this query text built from strings with a part that is not a compile-time constant?
// Follows local variables (initialisers, reassignments and `+=`) and records the way as steps.

import type { TSESTree } from '@typescript-eslint/types';
import { flattenPlus, packageOf, propertyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import { abbreviate } from '../../../server/engine/rule';
import type { FlowStep, TeamKnowledge } from '../../../server/engine/types';
import { calleeSummary } from '../../module-summary';

export interface StringBuild {
  /** The expression where the text is assembled (a template, a `+` chain, a `concat`/`join`/`format` call). */
  node: Node;
  /** The parts that are not constants. */
  dynamic: Node[];
  /** From where the text is built towards the sink. */
  steps: FlowStep[];
}

const MAX_DEPTH = 12;

export function findStringBuild(facts: Facts, expr: Node, depth = 0, seen = new Set<Node>()): StringBuild | undefined {
  if (depth > MAX_DEPTH || seen.has(expr)) return undefined;
  seen.add(expr);
  const n = unwrap(expr);
  if (facts.isConstant(n)) return undefined;
  switch (n.type) {
    case 'TemplateLiteral': {
      const dynamic = n.expressions.filter((e) => !isSafe(facts, e));
      return dynamic.length ? { node: n, dynamic, steps: helperSteps(facts, dynamic) } : undefined;
    }
    case 'BinaryExpression': {
      if (n.operator !== '+') return undefined;
      const operands = flattenPlus(n);
      const hasText = operands.some((o) => isStringy(facts, o));
      if (!hasText) return undefined;
      const dynamic = operands.filter((o) => !isSafe(facts, o));
      return dynamic.length ? { node: n, dynamic, steps: helperSteps(facts, dynamic) } : undefined;
    }
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      const name =
        callee.type === 'MemberExpression'
          ? propertyName(callee)
          : callee.type === 'Identifier'
            ? callee.name
            : undefined;
      if (
        callee.type === 'MemberExpression' &&
        name === 'concat' &&
        (isStringy(facts, callee.object) || n.arguments.some((a) => isStringy(facts, a)))
      ) {
        const dynamic = [callee.object, ...n.arguments].filter((a) => !isSafe(facts, a));
        return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
      }
      if (callee.type === 'MemberExpression' && name === 'join' && unwrap(callee.object).type === 'ArrayExpression') {
        const elements = (unwrap(callee.object) as TSESTree.ArrayExpression).elements.filter(
          (e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement',
        );
        const dynamic = elements.filter((e) => !isSafe(facts, e));
        return dynamic.length && elements.some((e) => isStringy(facts, e))
          ? { node: n, dynamic, steps: [] }
          : undefined;
      }
      if (callee.type === 'MemberExpression' && name === 'join' && unwrap(callee.object).type === 'Identifier') {
        // `const parts = [' ORDER BY ']; parts.push(sort); parts.join('')`: the array's initial elements and what is pushed.
        const elements = arrayParts(facts, unwrap(callee.object));
        const dynamic = elements?.filter((e) => !isSafe(facts, e)) ?? [];
        if (elements && dynamic.length && elements.some((e) => isStringy(facts, e)))
          return { node: n, dynamic, steps: [] };
      }
      if (name === 'format' && isUtilFormat(facts, n) && n.arguments.length > 1 && facts.isConstant(n.arguments[0])) {
        const dynamic = n.arguments.slice(1).filter((a) => !isSafe(facts, a));
        return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
      }
      const pgFormat = pgFormatArguments(facts, n);
      if (pgFormat) {
        // pg-format quotes `%L` literals and `%I` identifiers; only `%s` splices text as written.
        const dynamic = pgFormat.filter((a) => !isSafe(facts, a));
        return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
      }
      return helperBuild(facts, n);
    }
    case 'ConditionalExpression':
      return (
        findStringBuild(facts, n.consequent, depth + 1, seen) ?? findStringBuild(facts, n.alternate, depth + 1, seen)
      );
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) return undefined;
      const dynamic: Node[] = [];
      const steps: FlowStep[] = [];
      let first: Node | undefined;
      for (const write of facts.writesOf(variable)) {
        if (write.node.range[0] > n.range[0] && facts.enclosingFunction(write.node) === facts.enclosingFunction(n))
          continue; // later writes in the same function cannot reach this use
        if (write.operator === 'param') continue;
        if (write.operator === '+=') {
          const inner = findStringBuild(facts, write.value, depth + 1, seen);
          const parts = inner ? inner.dynamic : isSafe(facts, write.value) ? [] : [write.value];
          if (parts.length) {
            dynamic.push(...parts);
            steps.push(...(inner?.steps ?? []), {
              span: facts.span(write.node),
              message: `\`${n.name}\` is extended with \`${abbreviate(facts.source(write.value))}\``,
            });
            first ??= write.node;
          }
          continue;
        }
        const inner = findStringBuild(facts, write.value, depth + 1, seen);
        if (inner) {
          dynamic.push(...inner.dynamic);
          steps.push(...inner.steps, {
            span: facts.span(inner.node),
            message: `query text assembled here with \`${abbreviate(inner.dynamic.map((d) => facts.source(d)).join('`, `'))}\``,
          });
          first ??= inner.node;
        }
      }
      return first ? { node: first, dynamic, steps } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A call of a helper, in this file or another module of the project, that returns text it
 * assembled from its parameters (issue 23: `apptSearchSql(filters)`): the arguments given for those
 * parameters are the dynamic parts here, and the helper's assembly is a step (in its own file).
 */
function helperBuild(facts: Facts, call: TSESTree.CallExpression): StringBuild | undefined {
  const found = calleeSummary(facts, call);
  const returns = found?.summary.returns;
  if (!found || !returns?.built) return undefined;
  const dynamic: Node[] = [];
  for (const i of returns.params) {
    const arg = call.arguments[i];
    if (arg && arg.type !== 'SpreadElement' && !isSafe(facts, arg)) dynamic.push(arg);
  }
  if (returns.outside) dynamic.push(call);
  if (dynamic.length === 0) return undefined;
  const message = `\`${found.name}\` returns text it assembles with \`${returns.how}\``;
  const step: FlowStep = found.module
    ? {
        span: { start: returns.at.start, end: returns.at.end },
        message,
        file: found.module.file,
        range: {
          line: returns.at.line,
          column: returns.at.column,
          endLine: returns.at.endLine,
          endColumn: returns.at.endColumn,
        },
      }
    : { span: { start: returns.at.start, end: returns.at.end }, message };
  return { node: call, dynamic, steps: [step] };
}

/** The steps of the helpers among a text's dynamic parts (`${yearTable(year)}`): where each assembles its text. */
function helperSteps(facts: Facts, dynamic: Node[]): FlowStep[] {
  const steps: FlowStep[] = [];
  for (const d of dynamic) {
    const n = unwrap(d);
    if (n.type === 'CallExpression') steps.push(...(helperBuild(facts, n)?.steps ?? []));
  }
  return steps;
}

/** The elements of a local array: its initialiser's, and those pushed into it (`parts.push(x)`). */
function arrayParts(facts: Facts, id: Node): Node[] | undefined {
  const variable = facts.variableOf(id);
  if (!variable) return undefined;
  const def = variable.defs[0];
  if (
    !def ||
    def.type !== 'Variable' ||
    def.node.init?.type !== 'ArrayExpression' ||
    !facts.isSingleAssignment(variable)
  )
    return undefined;
  const out: Node[] = def.node.init.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement');
  for (const ref of variable.references) {
    const member = facts.parent(ref.identifier as Node);
    if (member?.type !== 'MemberExpression' || member.object !== ref.identifier) continue;
    const name = propertyName(member);
    const call = facts.parent(member);
    if (call?.type === 'CallExpression' && call.callee === member && (name === 'push' || name === 'unshift')) {
      for (const a of call.arguments) if (a.type !== 'SpreadElement') out.push(a);
    }
  }
  return out.length > 64 ? out.slice(0, 64) : out;
}

export function isSafe(facts: Facts, node: Node): boolean {
  return facts.isConstant(node) || safePart(facts, node) !== undefined;
}

const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt']);
const ARRAY_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'some', 'every', 'flatMap', 'find', 'findIndex']);
/** Escaping functions of the SQL drivers, by package: the result is a quoted literal or identifier. */
const ESCAPERS: Record<string, Set<string>> = {
  mysql: new Set(['escape', 'escapeId', 'format']),
  mysql2: new Set(['escape', 'escapeId', 'format']),
  sqlstring: new Set(['escape', 'escapeId', 'format']),
  pg: new Set(['escapeLiteral', 'escapeIdentifier']),
  'pg-format': new Set(['literal', 'ident']),
  sequelize: new Set(['escape']),
  'sequelize-typescript': new Set(['escape']),
  'pg-escape': new Set(['literal', 'ident']),
};

/** Tagged templates that bind their interpolations: a fragment they build carries no spliced text. */
const SAFE_TAG_PACKAGES = new Set([
  'postgres',
  'slonik',
  'sql-template-strings',
  'sql-template-tag',
  '@prisma/client',
  'mssql',
  'drizzle-orm',
  '@vercel/postgres',
  '@neondatabase/serverless',
]);

function isBindingTag(
  facts: Facts,
  node: import('@typescript-eslint/types').TSESTree.TaggedTemplateExpression,
): boolean {
  if ((facts.knowledge.sqlTaggedTemplates ?? []).some((ref) => facts.calleeMatches(node, ref))) return true;
  const origin = facts.moduleOf(node.tag);
  return !!origin && SAFE_TAG_PACKAGES.has(packageOf(origin.module));
}

/**
 * A part of the query text that is not a constant but cannot carry SQL either: a number
 * (`ids.length`, `Number(x)`, a loop counter), the output of a driver's escaping function, or a
 * placeholder built from a counter (`'$' + (i + 1)`, `ids.map(() => '?').join(',')`).
 * Returns 'placeholder' when the part can produce placeholders (the fix builder cannot number around it).
 */
export function safePart(facts: Facts, node: Node): 'value' | 'placeholder' | undefined {
  const kind = safeKind(facts, node, 0, new Set());
  return kind === 'constant' ? 'value' : kind;
}

type SafeKind = 'constant' | 'value' | 'placeholder';

function combine(kinds: (SafeKind | undefined)[], texts: string[]): 'value' | 'placeholder' | undefined {
  if (kinds.some((k) => k === undefined)) return undefined;
  if (kinds.includes('placeholder') || (kinds.includes('value') && texts.some((t) => /[$?@:]/.test(t))))
    return 'placeholder';
  return 'value';
}

function safeKind(facts: Facts, node: Node, depth: number, seen: Set<Node>): SafeKind | undefined {
  const n = unwrap(node);
  if (facts.isConstant(n)) return 'constant';
  if (depth > 12) return undefined;
  if (seen.has(n)) return 'value'; // a cycle adds nothing new: the other writes decide
  seen.add(n);
  const sub = (x: Node): SafeKind | undefined => safeKind(facts, x, depth + 1, seen);
  if ((n.type === 'Identifier' || n.type === 'MemberExpression') && guardedBefore(facts, n)) return 'value';
  const toSafe = (k: 'value' | 'placeholder' | undefined): SafeKind | undefined => k;
  switch (n.type) {
    case 'UpdateExpression':
      return 'value';
    case 'TaggedTemplateExpression':
      return isBindingTag(facts, n) ? 'value' : undefined;
    case 'UnaryExpression':
      return n.operator === '-' || n.operator === '+' || n.operator === '~' || n.operator === '!' ? 'value' : undefined;
    case 'MemberExpression':
      if (!n.computed && helperPropertyIsClean(facts, n)) return 'value';
      if (!n.computed) return propertyName(n) === 'length' || propertyName(n) === 'size' ? 'value' : undefined;
      // `SORTABLE[req.query.sort]`: a lookup in a constant table yields one of its constants (or undefined).
      return facts.constantTable(n.object) !== undefined ? 'value' : undefined;
    case 'LogicalExpression': {
      const a = sub(n.left),
        b = sub(n.right);
      return a && b ? (a === 'placeholder' || b === 'placeholder' ? 'placeholder' : 'value') : undefined;
    }
    case 'BinaryExpression': {
      if (n.operator !== '+')
        return ['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>'].includes(n.operator) ? 'value' : undefined;
      const operands = flattenPlus(n);
      const texts = operands.map((o) => facts.constantOf(o)?.value).filter((v): v is string => typeof v === 'string');
      return toSafe(combine(operands.map(sub), texts));
    }
    case 'TemplateLiteral':
      return toSafe(
        combine(
          n.expressions.map(sub),
          n.quasis.map((q) => q.value.cooked ?? ''),
        ),
      );
    case 'ConditionalExpression': {
      // `ALLOWED.includes(x) ? x : 'id'`: the allow-list decides.
      const guarded = allowListGuard(facts, n.test);
      const a = guarded && sameExpression(facts, guarded, n.consequent) ? 'value' : sub(n.consequent);
      const b = sub(n.alternate);
      return a && b ? (a === 'placeholder' || b === 'placeholder' ? 'placeholder' : 'value') : undefined;
    }
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      const name =
        callee.type === 'MemberExpression'
          ? propertyName(callee)
          : callee.type === 'Identifier'
            ? callee.name
            : undefined;
      if (callee.type === 'Identifier' && name && NUMBER_FUNCTIONS.has(name) && !facts.variableOf(callee)?.defs.length)
        return 'value'; // the global, not a local of that name
      if (
        callee.type === 'MemberExpression' &&
        unwrap(callee.object).type === 'Identifier' &&
        (unwrap(callee.object) as { name: string }).name === 'Math'
      )
        return 'value';
      if (name === 'toFixed' || name === 'indexOf' || name === 'findIndex' || name === 'now' || name === 'getTime')
        return 'value';
      if (isSqlEscaperCall(facts, n)) return 'value';
      if (name === 'join' && callee.type === 'MemberExpression') {
        const sep = n.arguments[0] ? facts.constantOf(n.arguments[0])?.value : ',';
        if (typeof sep !== 'string') return undefined;
        const elements = arrayKind(facts, callee.object, depth + 1, seen);
        return elements && (combine([elements], [sep]) as SafeKind | undefined);
      }
      // A helper of this file or another module whose every return value is safe as SQL text (its summary says so).
      return calleeSummary(facts, n)?.summary.sqlSafe;
    }
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) return undefined;
      const writes = facts.writesOf(variable);
      if (writes.length === 0) return undefined;
      let kind: SafeKind = 'constant';
      for (const w of writes) {
        let k: SafeKind | undefined;
        if (w.operator === 'param') k = isIndexParameter(facts, w.node) ? 'value' : undefined;
        else if (w.value === w.node && w.node.type !== 'UpdateExpression')
          k = undefined; // for-of targets, destructuring: unknown
        else k = sub(w.value);
        if (!k) return undefined;
        if (k === 'placeholder' || (k === 'value' && kind === 'constant')) kind = k;
      }
      return kind;
    }
    default:
      return undefined;
  }
}

/**
 * `filter.text` where `const filter = buildCustomerFilter(…)` returns `{ text, values }` and its
 * `text` carries no parameter and no outside data (the helper's summary says so): a safe part.
 */
function helperPropertyIsClean(facts: Facts, member: TSESTree.MemberExpression): boolean {
  const object = unwrap(member.object);
  const name = propertyName(member);
  if (object.type !== 'Identifier' || name === undefined) return false;
  const variable = facts.variableOf(object);
  const def = variable?.defs[0];
  if (
    !variable ||
    def?.type !== 'Variable' ||
    !def.node.init ||
    def.node.id !== def.name ||
    !facts.isSingleAssignment(variable)
  )
    return false;
  let init = unwrap(def.node.init);
  if (init.type === 'AwaitExpression') init = unwrap(init.argument);
  if (init.type !== 'CallExpression') return false;
  const props = calleeSummary(facts, init)?.summary.props;
  return !!props && Object.hasOwn(props, name) && props[name] === null;
}

/** `ALLOWED.includes(x)`, `ALLOWED.has(x)`, `x in ALLOWED`: the expression checked against a constant allow-list. */
function allowListGuard(facts: Facts, test: Node): Node | undefined {
  const t = unwrap(test);
  if (t.type === 'BinaryExpression' && t.operator === 'in' && facts.constantTable(t.right) !== undefined) return t.left;
  if (t.type !== 'CallExpression' || t.arguments.length !== 1) return undefined;
  const callee = unwrap(t.callee);
  if (callee.type !== 'MemberExpression' || !['includes', 'has', 'hasOwnProperty'].includes(propertyName(callee) ?? ''))
    return undefined;
  return facts.constantTable(callee.object) !== undefined ? (t.arguments[0] as Node) : undefined;
}

/** `if (!ALLOWED.includes(x)) return …;` (or `throw`) earlier in the same function: every later `x` is allowed. */
function guardedBefore(facts: Facts, n: Node): boolean {
  const fn = facts.enclosingFunction(n);
  for (const statement of fn ? facts.nodesOfTypeWithin('IfStatement', fn) : facts.nodesOfType('IfStatement')) {
    if (statement.range[1] > n.range[0] || facts.enclosingFunction(statement) !== fn) continue;
    const test = unwrap(statement.test);
    if (test.type !== 'UnaryExpression' || test.operator !== '!') continue;
    const guarded = allowListGuard(facts, test.argument);
    if (!guarded || !sameExpression(facts, guarded, n)) continue;
    const body =
      statement.consequent.type === 'BlockStatement'
        ? statement.consequent.body[statement.consequent.body.length - 1]
        : statement.consequent;
    if (body && (body.type === 'ReturnStatement' || body.type === 'ThrowStatement')) return true;
  }
  return false;
}

function sameExpression(facts: Facts, a: Node, b: Node): boolean {
  return facts.source(unwrap(a)).replace(/\s+/g, '') === facts.source(unwrap(b)).replace(/\s+/g, '');
}

/** An array whose elements are all safe strings: `ids.map(() => '?')`, `Array(n).fill('?')`, `Array.from(xs, (_, i) => '$' + (i + 1))`. */
function arrayKind(facts: Facts, node: Node, depth: number, seen: Set<Node>): SafeKind | undefined {
  const n = unwrap(node);
  if (depth > 12) return undefined;
  if (n.type === 'ArrayExpression') {
    const kinds = n.elements.map((e) =>
      e && e.type !== 'SpreadElement' ? safeKind(facts, e, depth + 1, seen) : undefined,
    );
    return kinds.includes(undefined) ? undefined : kinds.includes('placeholder') ? 'placeholder' : 'value';
  }
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    if (!variable || !facts.isSingleAssignment(variable)) return undefined;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || !def.node.init) return undefined;
    // What is pushed into the array counts as much as its initial elements (`parts.push(x)`).
    const parts = unwrap(def.node.init).type === 'ArrayExpression' ? arrayParts(facts, n) : undefined;
    if (parts) {
      const kinds = parts.map((e) => safeKind(facts, e, depth + 1, seen));
      return kinds.includes(undefined) ? undefined : kinds.includes('placeholder') ? 'placeholder' : 'value';
    }
    return arrayKind(facts, def.node.init, depth + 1, seen);
  }
  if (n.type !== 'CallExpression') return undefined;
  const callee = unwrap(n.callee);
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  const callback = (fn: Node | undefined): SafeKind | undefined => {
    if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) return undefined;
    const body =
      fn.body.type === 'BlockStatement'
        ? fn.body.body.length === 1 && fn.body.body[0].type === 'ReturnStatement'
          ? fn.body.body[0].argument
          : undefined
        : fn.body;
    const k = body ? safeKind(facts, body, depth + 1, seen) : undefined;
    return k === 'constant' ? 'placeholder' : k; // `() => '?'` makes placeholders
  };
  if (name === 'map' || name === 'flatMap') return callback(n.arguments[0] as Node | undefined);
  if (name === 'fill') {
    const c = n.arguments[0] && facts.constantOf(n.arguments[0]);
    return c ? 'placeholder' : undefined;
  }
  if (
    name === 'from' &&
    callee.type === 'MemberExpression' &&
    unwrap(callee.object).type === 'Identifier' &&
    (unwrap(callee.object) as { name: string }).name === 'Array'
  ) {
    return callback(n.arguments[1] as Node | undefined);
  }
  return undefined;
}

/** The index parameter of an array callback: `(_, i) => …` in `xs.map`, `xs.forEach`, …; or the counter of `reduce`. */
function isIndexParameter(facts: Facts, param: Node): boolean {
  const fn = facts.parent(param);
  if (!fn || (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression')) return false;
  const index = fn.params.indexOf(param as never);
  const call = facts.parent(fn);
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return false;
  const callee = unwrap(call.callee);
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  if (name === 'from') return index === 1;
  return (name !== undefined && ARRAY_CALLBACK_METHODS.has(name) && index === 1) || (name === 'reduce' && index === 2);
}

/** `mysql.escape(x)`, `connection.escape(x)`, `client.escapeLiteral(x)`, pg-format with only `%L`/`%I`, a team sanitizer for SQL. */
function isSqlEscaperCall(facts: Facts, call: import('@typescript-eslint/types').TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if ((facts.knowledge.sanitizers ?? []).some((s) => s.for.includes('sql') && facts.calleeMatches(call, s)))
    return true;
  const name = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  const origin = callee.type === 'MemberExpression' ? facts.moduleOf(callee.object) : facts.moduleOf(callee);
  if (!origin) return false;
  const pkg = packageOf(origin.module);
  if (pkg === 'pg-format') {
    const args = pgFormatArguments(facts, call);
    if (args) return args.every((a) => isSafe(facts, a));
    return (
      name === 'literal' ||
      name === 'ident' ||
      (callee.type === 'Identifier' && origin.path.some((p) => p === 'literal' || p === 'ident'))
    );
  }
  const escapers = ESCAPERS[pkg];
  if (!escapers) return false;
  if (callee.type === 'MemberExpression') return name !== undefined && escapers.has(name);
  const last = origin.path[origin.path.length - 1];
  return last !== undefined && escapers.has(last);
}

/** For a pg-format call `format(fmt, …args)`, the arguments that `%s` splices unquoted; undefined when this is not such a call. */
export function pgFormatArguments(
  facts: Facts,
  call: import('@typescript-eslint/types').TSESTree.CallExpression,
): Node[] | undefined {
  const callee = unwrap(call.callee);
  const origin = facts.moduleOf(callee);
  if (!origin || packageOf(origin.module) !== 'pg-format') return undefined;
  const last = origin.path[origin.path.length - 1];
  if (last !== undefined && last !== 'default' && last !== 'format' && last !== 'withArray') return undefined;
  const fmt = call.arguments[0] && facts.constantOf(call.arguments[0])?.value;
  if (typeof fmt !== 'string') return call.arguments.slice(1) as Node[];
  const args = call.arguments.slice(1) as Node[];
  if (last === 'withArray') {
    const arr = args[0] && unwrap(args[0]);
    if (!arr || arr.type !== 'ArrayExpression') return /%s/.test(fmt) ? args : [];
    args.splice(0, 1, ...(arr.elements.filter((e) => e && e.type !== 'SpreadElement') as Node[]));
  }
  const spliced: Node[] = [];
  let next = 0;
  for (const m of fmt.matchAll(/%(?:(\d+)\$)?([sILQ%])/g)) {
    if (m[2] === '%') continue;
    const index = m[1] ? Number(m[1]) - 1 : next++;
    if (m[2] === 's' && args[index]) spliced.push(args[index]);
  }
  return spliced;
}

function isStringy(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral') return true;
  const c = facts.constantOf(n);
  return typeof c?.value === 'string';
}

function isUtilFormat(facts: Facts, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const origin = callee.type === 'MemberExpression' ? facts.moduleOf(callee.object) : facts.moduleOf(callee);
  return origin?.module === 'util';
}
