// A module's summary (types.ts), computed from its own analysis alone: what each exported function
// does with its parameters (returns them inside assembled text, passes them to an SQL sink), whether
// it writes an audit event, and which exported values come from a package (a pool, a client). Also
// the same per-function facts for functions of the file itself, so a helper in the same file that
// returns SQL text is followed like an imported one. Bounded: depth, exports, members and sinks
// are capped (SUMMARY_LIMITS); every walk is iterative or depth-limited.

import type { TSESTree } from '@typescript-eslint/types';
import {
  FUNCTION_TYPES,
  isRequireCall,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../server/engine/facts';
import { functionOf, propertyValue } from '../server/engine/facts/handlers';
import type { TeamKnowledge } from '../server/engine/types';
import {
  exportAt,
  SUMMARY_LIMITS,
  type RouteSummary,
  type ExportSummary,
  type FunctionSummary,
  type ImportedModule,
  type ModuleSummary,
  type Place,
  type ReturnFlow,
} from '../server/engine/project/types';
import { isSafe, safePart } from './sql/shared/building';
import { sqlSinkOf } from './sql/shared/sinks';
import { isAuditCall } from './audit/shared/audit-calls';
import { checkedAccountDeletions, credentialChecks, passwordWrites, verifyExits } from './audit/shared/signals';
import { returnsNothing } from './audit/shared/paths';
import { globalGuardsOf, mountSummaries, nextMiddlewareOf } from './defaults/shared/controls';
import { lineStarts, positionIn } from '../server/engine/text';
import { secretUsesOf } from './cred/shared/cross-file';
import { optionUsesOf } from './defaults/shared/cross-file';
import { htmlReturnOf } from './xss/shared/html';
import { viewRenders } from './xss/shared/renders';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
/** String methods whose result carries the text of their receiver and arguments. */
const CARRYING = new Set([
  'concat',
  'join',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'toString',
  'normalize',
  'repeat',
  'map',
  'filter',
  'flat',
]);
const BUILDING = new Set(['concat', 'join']);
const MUTATORS = new Set(['push', 'unshift', 'splice']);
const MAX_DEPTH = 12;

export function place(facts: Facts, node: Node): Place {
  const [start, end] = node.range;
  // One table of line starts per analysis: a summary places every sink and function, and slicing
  // the text before each one made a file's summary quadratic in its length.
  const starts = facts.derive('summary/line-starts', () => lineStarts(facts.text));
  const lc = (offset: number): [number, number] => positionIn(starts, offset);
  const [line, column] = lc(start);
  const [endLine, endColumn] = lc(end);
  return { start, end, line, column, endLine, endColumn };
}

interface Flow {
  params: Set<number>;
  outside?: string;
  built: boolean;
  at?: Node;
}

/** The summary of a function of this file (computed once per document). */
export function summarizeFunction(
  facts: Facts,
  fn: FunctionNode,
  knowledge: Readonly<TeamKnowledge> = {},
): FunctionSummary {
  const map = facts.derive('project/function-summaries', () => new Map<Node, FunctionSummary | null>());
  const known = map.get(fn);
  if (known) return known;
  if (known === null) return {}; // recursion: nothing more is known yet
  map.set(fn, null);
  const summary = computeFunction(facts, fn, knowledge);
  map.set(fn, summary);
  return summary;
}

function computeFunction(facts: Facts, fn: FunctionNode, knowledge: Readonly<TeamKnowledge>): FunctionSummary {
  const out: FunctionSummary = {};
  const returned = returnedExpressions(facts, fn);
  const flows: Flow[] = [];
  for (const r of returned) {
    const e = unwrap(r);
    if (e.type === 'ObjectExpression') {
      const props: Record<string, ReturnFlow | null> = {};
      for (const p of e.properties) {
        if (p.type !== 'Property') continue;
        const key = propertyKeyName(p.key);
        if (key === undefined || Object.keys(props).length >= SUMMARY_LIMITS.members) continue;
        const f = flowOf(facts, fn, p.value as Node, 0, new Set());
        props[key] = carries(f) ? toReturn(facts, f, p.value as Node) : null;
      }
      out.props = { ...(out.props ?? {}), ...props };
      continue;
    }
    const f = flowOf(facts, fn, e, 0, new Set());
    if (carries(f)) flows.push({ ...f, at: f.at ?? e });
  }
  if (flows.length) {
    const merged: Flow = {
      params: new Set(flows.flatMap((f) => [...f.params])),
      built: flows.some((f) => f.built),
      outside: flows.find((f) => f.outside)?.outside,
      at: (flows.find((f) => f.built) ?? flows[0]).at,
    };
    out.returns = toReturn(facts, merged, merged.at!);
  }
  // Safe as SQL text whatever it is given (an allow-list lookup, a placeholder list).
  const sqlSafe = returned.length > 0 ? returned.map((r) => safePart(facts, r)) : [];
  if (sqlSafe.length > 0 && sqlSafe.every((k) => k !== undefined))
    out.sqlSafe = sqlSafe.includes('placeholder') ? 'placeholder' : 'value';
  // Parameters passed as they are to an SQL sink inside (a query wrapper: `query(text, values)`).
  const sinks: NonNullable<FunctionSummary['sinks']> = [];
  for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
    if (sinks.length >= SUMMARY_LIMITS.sinksPerFunction) break;
    if (facts.enclosingFunction(call) !== fn) continue;
    const sink = sqlSinkOf(facts, call, knowledge);
    if (!sink) continue;
    const index = parameterPosition(facts, fn, sink.text);
    if (index !== undefined) sinks.push({ param: index, kind: 'sql', method: sink.method, at: place(facts, call) });
  }
  if (sinks.length) out.sinks = sinks;
  // Audit events written in the function, or in the function it returns (middleware factories).
  const events: string[] = [];
  let auditAt: Node | undefined;
  let inner = false;
  for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
    if (!isAuditCall(facts, call, knowledge) && !importedAudit(facts, call)) continue;
    const owner = facts.enclosingFunction(call);
    if (owner !== fn) {
      const returnedFns = returned.map((r) => functionOf(facts, r)).filter((f): f is FunctionNode => !!f);
      if (
        owner &&
        returnedFns.some((r) => r === owner || (owner.range[0] >= r.range[0] && owner.range[1] <= r.range[1]))
      )
        inner = true;
      else if (!owner || !isCallbackOf(facts, owner, fn)) continue;
    }
    auditAt ??= call;
    const first = call.arguments[0];
    const name = first ? facts.constantOf(first as Node)?.value : undefined;
    if (events.length < 8) events.push(typeof name === 'string' ? name.slice(0, 80) : '');
  }
  if (auditAt) {
    if (inner) out.returnsAuditing = true;
    else out.audit = { events, at: place(facts, auditAt) };
  }
  // A new password, second factor or e-mail stored here: a route handing the change to this
  // function is reported here, where the value is stored (one event, one finding).
  const writes = facts.derive('audit/password-writes', () => passwordWrites(facts));
  if (writes.some((w) => w.call.range[0] >= fn.range[0] && w.call.range[1] <= fn.range[1])) out.stores = true;
  // An account it deletes after checking the credential itself: the deletion is decided (and reported) here.
  const deletions = facts.derive('audit/account-deletions', () => checkedAccountDeletions(facts));
  if (deletions.some((d) => facts.enclosingFunction(d.call) === fn)) out.stores = true;
  // The markup it returns, or that it escapes (XSS through helpers).
  const html = htmlReturnOf(facts, fn, knowledge);
  if (html === 'escapes') out.sanitizes = ['xss'];
  else if (html) {
    const how = facts.source(html.at).replace(/\s+/g, ' ');
    out.htmlReturn = {
      params: html.params,
      ...(html.opaque ? { opaque: true as const } : {}),
      at: place(facts, html.at),
      how: how.length > 60 ? `${how.slice(0, 59)}…` : how,
    };
  }
  const checks = facts.derive('audit/credential-checks', () => credentialChecks(facts));
  if (
    checks.some(
      (c) =>
        (c.failure || c.success) &&
        facts.enclosingFunction(c.call) === fn &&
        !(c.failure && c.failure.kind === 'node' && returnsNothing(facts, c.failure.node)),
    )
  )
    out.decides = true;
  return out;
}

/** `fn` is inside `owner`'s callbacks (`.then(() => audit(…))`, `new Promise(…)`), not a returned function. */
function isCallbackOf(facts: Facts, inner: Node, outer: Node): boolean {
  for (let f: Node | undefined = inner; f; f = facts.enclosingFunction(f)) {
    if (f === outer) return true;
    const parent = facts.parent(f);
    if (parent?.type !== 'CallExpression' && parent?.type !== 'NewExpression') return false;
  }
  return false;
}

function importedAudit(facts: Facts, call: TSESTree.CallExpression): boolean {
  const fn = importedFunction(facts, call.callee);
  return !!fn?.summary.audit;
}

function carries(f: Flow): boolean {
  return f.params.size > 0 || f.outside !== undefined;
}

function toReturn(facts: Facts, f: Flow, at: Node): ReturnFlow {
  const node = f.at ?? at;
  const src = facts.source(node).replace(/\s+/g, ' ');
  return {
    params: [...f.params].sort((a, b) => a - b),
    built: f.built,
    ...(f.outside ? { outside: f.outside } : {}),
    at: place(facts, node),
    how: src.length > 60 ? `${src.slice(0, 59)}…` : src,
  };
}

/** The expressions a function returns (its own `return`s, or an arrow's expression body). */
export function returnedExpressions(facts: Facts, fn: FunctionNode): Node[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  return facts
    .nodesOfTypeWithin('ReturnStatement', fn)
    .filter((r) => r.argument && facts.enclosingFunction(r) === fn)
    .map((r) => r.argument as Node);
}

/** The position of the parameter of `fn` that `node` (an identifier, or a member of one) stands for, when unchanged. */
function parameterPosition(facts: Facts, fn: FunctionNode, node: Node): number | undefined {
  let n = unwrap(node);
  while (n.type === 'MemberExpression') n = unwrap(n.object);
  if (n.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Parameter' || def.node !== fn) return undefined;
  if (facts.writesOf(variable).some((w) => w.operator !== 'param')) return undefined;
  const index = fn.params.findIndex((p) => def.name.range[0] >= p.range[0] && def.name.range[1] <= p.range[1]);
  return index < 0 ? undefined : index;
}

/**
 * What a value inside `fn` carries: the parameters it comes from, outside data read in the function,
 * and whether text is assembled on the way. Constants and safe parts (numbers, escaped values,
 * allow-listed names: the SQL family's `isSafe`) carry nothing.
 */
function flowOf(facts: Facts, fn: FunctionNode, expr: Node, depth: number, seen: Set<Node>): Flow {
  const none: Flow = { params: new Set(), built: false };
  const n = unwrap(expr);
  if (depth > MAX_DEPTH || seen.has(n)) return none;
  seen.add(n);
  if (isSafe(facts, n)) return none;
  const sub = (x: Node): Flow => flowOf(facts, fn, x, depth + 1, seen);
  const union = (parts: Flow[], built: boolean, at?: Node): Flow => {
    const params = new Set<number>();
    let outside: string | undefined;
    let anyBuilt = false;
    let innerAt: Node | undefined;
    for (const p of parts) {
      for (const x of p.params) params.add(x);
      outside ??= p.outside;
      if (p.built) {
        anyBuilt = true;
        innerAt ??= p.at;
      }
    }
    const carriesAny = params.size > 0 || outside !== undefined;
    return { params, outside, built: anyBuilt || (built && carriesAny), at: built && carriesAny ? at : innerAt };
  };
  switch (n.type) {
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) return none;
      const def = variable.defs[0];
      if (def?.type === 'Parameter') {
        if (def.node !== fn) return none;
        const index = fn.params.findIndex((p) => def.name.range[0] >= p.range[0] && def.name.range[1] <= p.range[1]);
        return index < 0 ? none : { params: new Set([index]), built: false };
      }
      // A local of the function: its writes, and what is pushed into it (`parts.push(x)`).
      const parts: Flow[] = [];
      for (const w of facts.writesOf(variable)) {
        if (w.operator === 'param' || w.value === w.node) continue;
        const f = sub(w.value);
        parts.push(w.operator === '+=' ? { ...f, built: f.built || carries(f), at: f.at ?? w.node } : f);
      }
      for (const ref of variable.references) {
        const member = facts.parent(ref.identifier as Node);
        if (member?.type !== 'MemberExpression' || member.object !== ref.identifier) continue;
        const call = facts.parent(member);
        const name = propertyName(member);
        if (call?.type === 'CallExpression' && call.callee === member && name && MUTATORS.has(name)) {
          for (const a of call.arguments) parts.push(sub(a as Node));
        }
      }
      for (const d of variable.defs) {
        if (d.type === 'Variable' && d.node.init && d.node.id.type !== 'Identifier') parts.push(sub(d.node.init));
      }
      return union(parts, false);
    }
    case 'MemberExpression': {
      const source = facts.outsideSource(n);
      if (source && !source.description.startsWith('parameter'))
        return { params: new Set(), outside: source.description, built: false };
      return sub(n.object);
    }
    case 'TemplateLiteral':
      return union(
        n.expressions.map((e) => sub(e)),
        true,
        n,
      );
    case 'BinaryExpression':
      return n.operator === '+' ? union([sub(n.left), sub(n.right)], true, n) : none;
    case 'LogicalExpression':
      return union([sub(n.left), sub(n.right)], false);
    case 'ConditionalExpression':
      return union([sub(n.consequent), sub(n.alternate)], false);
    case 'AwaitExpression':
      return sub(n.argument);
    case 'ArrayExpression':
      return union(
        n.elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement').map((e) => sub(e)),
        false,
      );
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      if (callee.type === 'MemberExpression') {
        const name = propertyName(callee);
        if (name && CARRYING.has(name))
          return union(
            [
              sub(callee.object),
              ...(name === 'join' || name === 'map' || name === 'filter' ? [] : n.arguments.map((a) => sub(a as Node))),
            ],
            name !== undefined && BUILDING.has(name),
            n,
          );
      }
      if (callee.type === 'Identifier' && callee.name === 'String' && !facts.variableOf(callee))
        return union(
          n.arguments.map((a) => sub(a as Node)),
          false,
        );
      // A function of this file: what it returns, mapped onto the arguments given here.
      const local = functionOf(facts, callee);
      if (local && local !== fn) {
        const s = summarizeFunction(facts, local);
        if (!s.returns) return none;
        return union(
          s.returns.params.map((i) => (n.arguments[i] ? sub(n.arguments[i] as Node) : none)),
          s.returns.built,
          n,
        );
      }
      return none;
    }
    default:
      return none;
  }
}

// ---------------------------------------------------------------- imported functions

/** The function summary an imported callee has (`helper(x)`, `svc.search(x)`, `this.repo.find(x)`), with its module. */
export function importedFunction(
  facts: Facts,
  callee: Node,
): { module: ImportedModule; summary: FunctionSummary; name: string } | undefined {
  if (!facts.imports) return undefined;
  const origin = facts.moduleOf(callee);
  if (!origin) return undefined;
  const module = Object.hasOwn(facts.imports, origin.module) ? facts.imports[origin.module] : undefined;
  if (!module) return undefined;
  const found = exportAt(module.summary, origin.path);
  return found?.fn
    ? { module, summary: found.fn, name: origin.path.filter((p) => p !== 'default').join('.') || 'default' }
    : undefined;
}

/** The summary of the function a call runs: one of this file's, or an imported one. */
export function calleeSummary(
  facts: Facts,
  call: TSESTree.CallExpression,
  knowledge: Readonly<TeamKnowledge> = {},
): { summary: FunctionSummary; module?: ImportedModule; name: string; fn?: FunctionNode } | undefined {
  const callee = unwrap(call.callee);
  const local = callee.type === 'Identifier' ? functionOf(facts, callee) : undefined;
  if (local)
    return {
      summary: summarizeFunction(facts, local, knowledge),
      name: (callee as TSESTree.Identifier).name,
      fn: local,
    };
  const imported = importedFunction(facts, callee);
  return imported ? { summary: imported.summary, module: imported.module, name: imported.name } : undefined;
}

// ---------------------------------------------------------------- the module's summary

export function summarizeModule(facts: Facts, knowledge: Readonly<TeamKnowledge> = {}): ModuleSummary {
  const imports = new Set<string>();
  const exports: Record<string, ExportSummary> = {};
  const reexports: NonNullable<ModuleSummary['reexports']> = [];
  let truncated = false;
  const put = (name: string, value: ExportSummary | undefined): void => {
    if (!value || Object.keys(value).length === 0) return;
    if (!Object.hasOwn(exports, name) && Object.keys(exports).length >= SUMMARY_LIMITS.exports) {
      truncated = true;
      return;
    }
    exports[name] = Object.hasOwn(exports, name)
      ? { ...exports[name], ...value, members: { ...exports[name].members, ...value.members } }
      : value;
  };
  for (const d of facts.nodesOfType('ImportDeclaration')) imports.add(String(d.source.value));
  for (const d of facts.nodesOfType('TSImportEqualsDeclaration')) {
    if (d.moduleReference.type === 'TSExternalModuleReference' && d.moduleReference.expression.type === 'Literal')
      imports.add(String(d.moduleReference.expression.value));
  }
  for (const c of facts.nodesOfType('CallExpression'))
    if (isRequireCall(c)) imports.add(String((c.arguments[0] as TSESTree.StringLiteral).value));
  for (const c of facts.nodesOfType('ImportExpression'))
    if (c.source.type === 'Literal' && typeof c.source.value === 'string') imports.add(c.source.value);
  for (const d of facts.nodesOfType('ExportAllDeclaration')) {
    imports.add(String(d.source.value));
    reexports.push({ from: String(d.source.value), ...(d.exported ? { as: propertyKeyName(d.exported) } : {}) });
  }
  const value = (node: Node | null | undefined): ExportSummary | undefined =>
    node ? valueSummary(facts, node, knowledge, 0) : undefined;
  for (const d of facts.nodesOfType('ExportNamedDeclaration')) {
    if (d.source) {
      imports.add(String(d.source.value));
      for (const s of d.specifiers)
        if (s.type === 'ExportSpecifier')
          reexports.push({
            from: String(d.source.value),
            name: propertyKeyName(s.local),
            as: propertyKeyName(s.exported),
          });
      continue;
    }
    const decl = d.declaration;
    if (decl?.type === 'FunctionDeclaration' && decl.id) put(decl.id.name, value(decl));
    else if (decl?.type === 'ClassDeclaration' && decl.id) put(decl.id.name, value(decl));
    else if (decl?.type === 'VariableDeclaration') {
      for (const v of decl.declarations) if (v.id.type === 'Identifier') put(v.id.name, value(v.init));
    }
    for (const s of d.specifiers)
      if (s.type === 'ExportSpecifier') {
        const as = propertyKeyName(s.exported);
        if (as) put(as, value(s.local));
      }
  }
  for (const d of facts.nodesOfType('ExportDefaultDeclaration')) put('default', value(d.declaration as Node));
  for (const d of facts.nodesOfType('TSExportAssignment')) mergeDefault(put, value(d.expression));
  // CommonJS: `module.exports = X`, `module.exports.a = X`, `exports.a = X`.
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    if (a.operator !== '=') continue;
    const left = unwrap(a.left);
    if (left.type !== 'MemberExpression') continue;
    const chain = memberNames(left);
    if (!chain) continue;
    // CommonJS re-exports: `exports.authService = require('./auth.service')`, `exports.a = require('./x').a`,
    // `module.exports = { ...require('./x'), b: require('./b') }`: resolved by the front door like `export … from`.
    const named =
      chain.length === 3 && chain[0] === 'module' && chain[1] === 'exports'
        ? chain[2]
        : chain.length === 2 && chain[0] === 'exports'
          ? chain[1]
          : undefined;
    const re = requiredMember(a.right);
    if (named !== undefined && re) {
      reexports.push(
        re.name !== undefined ? { from: re.from, name: re.name, as: named } : { from: re.from, as: named },
      );
      continue;
    }
    if (chain.length === 2 && chain[0] === 'module' && chain[1] === 'exports') {
      const right = unwrap(a.right);
      if (re && re.name === undefined) reexports.push({ from: re.from });
      else if (right.type === 'ObjectExpression')
        for (const p of right.properties) {
          const inner = requiredMember(p.type === 'SpreadElement' ? p.argument : p.value);
          const key = p.type === 'Property' ? propertyKeyName(p.key) : undefined;
          if (inner && p.type === 'SpreadElement' && inner.name === undefined) reexports.push({ from: inner.from });
          else if (inner && key !== undefined)
            reexports.push(
              inner.name !== undefined
                ? { from: inner.from, name: inner.name, as: key }
                : { from: inner.from, as: key },
            );
        }
    }
    if (chain.length === 2 && chain[0] === 'module' && chain[1] === 'exports') mergeDefault(put, value(a.right));
    else if (chain.length === 3 && chain[0] === 'module' && chain[1] === 'exports') put(chain[2], value(a.right));
    else if (chain.length === 2 && chain[0] === 'exports' && !facts.variableOf(memberRootId(left)!))
      put(chain[1], value(a.right));
  }
  const routes = routeSummaries(facts, knowledge);
  const mounts = mountSummaries(facts, knowledge);
  const globalGuards = globalGuardsOf(facts, knowledge);
  const nextMiddleware = nextMiddlewareOf(facts);
  const calls = callSummaries(facts);
  const passportStrategies = strategiesOf(facts);
  // Defaults options held by another module ride the same list (sink `defaults:…`, rules/defaults/shared/cross-file.ts).
  const secretUses = [...secretUsesOf(facts), ...optionUsesOf(facts)].map((u) => ({
    ref: u.ref,
    sink: u.sink,
    at: place(facts, u.node),
  }));
  const renders = viewRenders(facts, knowledge);
  return {
    v: 1,
    imports: [...imports].slice(0, 500),
    exports,
    ...(routes.length ? { routes } : {}),
    ...(mounts.length ? { mounts } : {}),
    ...(globalGuards.length ? { globalGuards } : {}),
    ...(nextMiddleware ? { nextMiddleware } : {}),
    ...(reexports.length ? { reexports: reexports.slice(0, 100) } : {}),
    ...(truncated ? { truncated: true as const } : {}),
    ...(calls.length ? { calls } : {}),
    ...(passportStrategies.length ? { passportStrategies } : {}),
    ...(secretUses.length ? { secretUses } : {}),
    ...(renders.length ? { renders } : {}),
  };
}

/** `require('./x')` (a module of the project) or `require('./x').a`: what a CommonJS re-export names. */
function requiredMember(node: Node): { from: string; name?: string } | undefined {
  const n = unwrap(node);
  const call = n.type === 'MemberExpression' ? unwrap(n.object) : n;
  if (call.type !== 'CallExpression' || !isRequireCall(call)) return undefined;
  const from = String((call.arguments[0] as TSESTree.StringLiteral).value);
  if (!/^[./]/.test(from)) return undefined;
  if (n.type !== 'MemberExpression') return { from };
  const name = propertyName(n);
  return name !== undefined ? { from, name } : undefined;
}

/** `module.exports = { a, b }` exports `a` and `b` by name as well as the object as `default`. */
function mergeDefault(
  put: (name: string, value: ExportSummary | undefined) => void,
  value: ExportSummary | undefined,
): void {
  put('default', value);
  for (const [name, member] of Object.entries(value?.members ?? {})) put(name, member);
}

function memberNames(node: Node): string[] | undefined {
  const parts: string[] = [];
  let n = unwrap(node);
  while (n.type === 'MemberExpression') {
    const name = propertyName(n);
    if (name === undefined) return undefined;
    parts.unshift(name);
    n = unwrap(n.object);
  }
  if (n.type !== 'Identifier') return undefined;
  parts.unshift(n.name);
  return parts;
}

function memberRootId(node: Node): Node | undefined {
  let n = unwrap(node);
  while (n.type === 'MemberExpression') n = unwrap(n.object);
  return n.type === 'Identifier' ? n : undefined;
}

function valueSummary(
  facts: Facts,
  node: Node,
  knowledge: Readonly<TeamKnowledge>,
  depth: number,
): ExportSummary | undefined {
  if (depth > SUMMARY_LIMITS.depth) return undefined;
  const n = unwrap(node);
  if (FUNCTION_TYPES.has(n.type)) {
    const fn = summarizeFunction(facts, n as FunctionNode, knowledge);
    return Object.keys(fn).length ? { fn } : undefined;
  }
  if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') {
    const members: Record<string, ExportSummary> = {};
    for (const e of n.body.body) {
      if (Object.keys(members).length >= SUMMARY_LIMITS.members) break;
      if ((e.type === 'MethodDefinition' || e.type === 'PropertyDefinition') && e.value) {
        const key = propertyKeyName(e.key);
        const v = key !== undefined ? valueSummary(facts, e.value as Node, knowledge, depth + 1) : undefined;
        if (v && key !== undefined) members[key] = v;
      }
    }
    return Object.keys(members).length ? { members } : undefined;
  }
  if (n.type === 'ObjectExpression') {
    const members: Record<string, ExportSummary> = {};
    for (const p of n.properties) {
      if (Object.keys(members).length >= SUMMARY_LIMITS.members) break;
      if (p.type !== 'Property') continue;
      const key = propertyKeyName(p.key);
      const v = key !== undefined ? valueSummary(facts, p.value as Node, knowledge, depth + 1) : undefined;
      if (v && key !== undefined) members[key] = v;
    }
    return Object.keys(members).length ? { members } : undefined;
  }
  // Numbers and booleans only: a string constant may be a secret, and a summary is cached on disk
  // and handed to other analyses (no secret is echoed in any channel).
  const c = facts.constantOf(n);
  if (c && (typeof c.value === 'number' || typeof c.value === 'boolean')) return { constant: c.value };
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (def?.type === 'FunctionName' || def?.type === 'ClassName')
      return valueSummary(facts, def.node as Node, knowledge, depth + 1);
    if (
      def?.type === 'Variable' &&
      def.node.init &&
      def.node.id === def.name &&
      variable &&
      facts.isSingleAssignment(variable)
    ) {
      const inner = valueSummary(facts, def.node.init, knowledge, depth + 1);
      if (inner) return inner;
    }
  }
  if (n.type === 'NewExpression') {
    const cls = unwrap(n.callee);
    if (cls.type === 'Identifier') {
      const def = facts.variableOf(cls)?.defs[0];
      if (def?.type === 'ClassName') return valueSummary(facts, def.node as Node, knowledge, depth + 1);
    }
  }
  // A value made by a package (`new Pool()`, `knex(…)`, `mysql.createPool(…)`, `require('pg')`): its origin.
  const origin = facts.moduleOf(n);
  if (
    origin &&
    !/^[./]/.test(origin.module) &&
    (n.type === 'NewExpression' ||
      n.type === 'CallExpression' ||
      n.type === 'Identifier' ||
      n.type === 'MemberExpression' ||
      n.type === 'AwaitExpression')
  ) {
    return { origin: { module: origin.module, path: origin.path.slice(0, 8) } };
  }
  return undefined;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all']);
const MAX_ROUTES = 200;

/** `app.post('/x', mw, other.handler)` (Express, Router, Koa router): routes whose handler is another module's. */
function routeSummaries(facts: Facts, knowledge: Readonly<TeamKnowledge>): RouteSummary[] {
  const out: RouteSummary[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    if (out.length >= MAX_ROUTES) break;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const method = propertyName(callee);
    if (method === 'route' && call.arguments.length === 1) {
      out.push(...optionRoutes(facts, call.arguments[0] as Node, knowledge));
      continue;
    }
    if (!method || !ROUTE_METHODS.has(method) || call.arguments.length < 1) continue;
    let first = facts.constantOf(call.arguments[0] as Node)?.value;
    let rest = call.arguments.slice(1);
    if (typeof first !== 'string') {
      // `router.route('/:id').get(…).patch(auth(), ctrl.update)`: the path is the chain's.
      first = chainedRoutePath(facts, callee.object);
      rest = call.arguments;
    }
    if (typeof first !== 'string' || !first.startsWith('/') || rest.length === 0) continue;
    const args = rest.filter((a): a is TSESTree.Expression => a.type !== 'SpreadElement');
    const last = args[args.length - 1];
    const lastNode = last && unwrap(last);
    const called = lastNode?.type === 'CallExpression';
    const ref = lastNode && projectRef(facts, called ? (lastNode as TSESTree.CallExpression).callee : lastNode);
    if (!ref) continue;
    const handler: RouteSummary['handler'] = called ? { ...ref, called: true } : ref;
    const { middleware, audited } = routeChain(
      facts,
      args.slice(0, -1).flatMap((a) => routeHooks(unwrap(a))),
      knowledge,
    );
    out.push({ method, path: first.slice(0, 200), handler, middleware, audited, line: place(facts, call).line });
  }
  return out;
}

/** The middleware of a route's chain: other modules' (by reference), and whether one of this module's (or an audit decorator) audits. */
function routeChain(
  facts: Facts,
  chain: Node[],
  knowledge: Readonly<TeamKnowledge>,
): Pick<RouteSummary, 'middleware' | 'audited'> {
  const middleware: RouteSummary['middleware'] = [];
  let audited = false;
  for (const n of chain) {
    const called = n.type === 'CallExpression';
    const ref = projectRef(facts, called ? (n as TSESTree.CallExpression).callee : n);
    if (ref) {
      middleware.push({ ...ref, called });
      continue;
    }
    const local = functionOf(facts, called ? (n as TSESTree.CallExpression).callee : n);
    if (local) {
      const f = summarizeFunction(facts, local, knowledge);
      if ((called && f.returnsAuditing) || (!called && f.audit)) audited = true;
    } else if (called && isAuditCall(facts, n as TSESTree.CallExpression, knowledge)) {
      // A factory that says audit and that no module of the project defines (a Fastify decorator:
      // `{ preHandler: app.auditOnResponse('member.login') }`) makes an audit middleware.
      audited = true;
    }
  }
  return { middleware: middleware.slice(0, 8), audited };
}

/**
 * Routes given as options objects whose handler is another module's: hapi's `server.route([{ method,
 * path, options, handler: agents.login }])` and Fastify's `app.route({ method, url, handler })`. A hapi
 * route that opts into an audit plugin (`options: { plugins: { audit: { event } } }`, read by the
 * plugin's extension) is audited.
 */
function optionRoutes(facts: Facts, arg: Node, knowledge: Readonly<TeamKnowledge>): RouteSummary[] {
  const a = unwrap(arg);
  const objects = a.type === 'ArrayExpression' ? a.elements.slice(0, MAX_ROUTES) : [a];
  const out: RouteSummary[] = [];
  for (const e of objects) {
    const o = e && unwrap(e as Node);
    if (o?.type !== 'ObjectExpression') continue;
    const at = (key: string, from: TSESTree.ObjectExpression | undefined = o): Node | undefined => {
      const v = from && propertyValue(from, key);
      return v && unwrap(v);
    };
    const path = facts.constantOf(at('path') ?? at('url') ?? o)?.value;
    const m = facts.constantOf(at('method') ?? o)?.value;
    const optionsNode = at('options') ?? at('config');
    const options = optionsNode?.type === 'ObjectExpression' ? optionsNode : undefined;
    const handlerNode = at('handler') ?? at('handler', options);
    if (typeof path !== 'string' || !path.startsWith('/') || !handlerNode) continue;
    const called = handlerNode.type === 'CallExpression';
    const ref = projectRef(facts, called ? (handlerNode as TSESTree.CallExpression).callee : handlerNode);
    if (!ref) continue;
    const chain = routeChain(facts, [...routeHooks(o), ...(options ? routeHooks(options) : [])], knowledge);
    const plugins = at('plugins', options);
    const pluginAudit =
      plugins?.type === 'ObjectExpression' &&
      plugins.properties.some((p) => p.type === 'Property' && /audit/i.test(propertyKeyName(p.key) ?? ''));
    out.push({
      method: typeof m === 'string' ? m.toLowerCase() : 'all',
      path: path.slice(0, 200),
      handler: called ? { ...ref, called: true } : ref,
      middleware: chain.middleware,
      audited: chain.audited || pluginAudit,
      line: place(facts, o).line,
    });
  }
  return out;
}

/** Fastify's route hooks: options of a route that run before or after its handler. */
const ROUTE_HOOKS = new Set([
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
]);

/** A route's middleware argument as the functions it runs: itself, or the hooks of an options object (`{ preHandler: [a, b] }`). */
function routeHooks(n: Node): Node[] {
  if (n.type !== 'ObjectExpression') return [n];
  const out: Node[] = [];
  for (const p of n.properties) {
    if (p.type !== 'Property' || p.computed || !ROUTE_HOOKS.has(propertyKeyName(p.key) ?? '')) continue;
    const v = unwrap(p.value as Node);
    if (v.type !== 'ArrayExpression') out.push(v);
    else for (const e of v.elements.slice(0, 8)) if (e && e.type !== 'SpreadElement') out.push(unwrap(e as Node));
  }
  return out;
}

/** The Passport login strategies the module defines (verify callbacks answering `done`), by name. */
function strategiesOf(facts: Facts): NonNullable<ModuleSummary['passportStrategies']> {
  if (!facts.nodesOfType('NewExpression').length) return [];
  const out: NonNullable<ModuleSummary['passportStrategies']> = [];
  for (const e of verifyExits(facts)) {
    if (e.what !== 'login' || !e.strategy || out.some((s) => s.name === e.strategy) || out.length >= 16) continue;
    out.push({ name: e.strategy, line: place(facts, e.verify).line });
  }
  return out;
}

const MAX_CALLS = 200;
const MAX_CALLS_PER_FUNCTION = 16;

/**
 * The functions of other modules each exported function calls (`staff.changeOwnPassword(…)` in the
 * controller's `changePassword`): the front door tells the callee who calls it (`Caller`), so a
 * service whose every caller is an audited route is not reported again (one decision, one finding).
 */
function callSummaries(facts: Facts): NonNullable<ModuleSummary['calls']> {
  const out: NonNullable<ModuleSummary['calls']> = [];
  const seen = new Set<Node>();
  for (const [name, fn] of exportedFunctions(facts)) {
    if (seen.has(fn) || out.length >= MAX_CALLS) continue;
    seen.add(fn);
    const keys = new Set<string>();
    for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
      if (keys.size >= MAX_CALLS_PER_FUNCTION || out.length >= MAX_CALLS) break;
      const callee = unwrap(call.callee);
      if (callee.type !== 'Identifier' && callee.type !== 'MemberExpression') continue;
      const ref = projectRef(facts, callee);
      // Packages are no module of the project (the front door drops what does not resolve anyway).
      if (!ref || ref.path.length === 0 || !/^[./~#@]/.test(ref.module) || /^@[a-z0-9-]+\//.test(ref.module)) continue;
      const key = `${ref.module}\0${ref.path.join('.')}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push({ from: name.split('.'), callee: ref });
    }
  }
  return out;
}

/** The path of `x.route('/p')` under a chain of verb calls (`x.route('/p').get(…)`), if constant. */
function chainedRoutePath(facts: Facts, object: Node): string | undefined {
  let o = unwrap(object);
  for (let guard = 0; guard < 10 && o.type === 'CallExpression'; guard++) {
    const callee = unwrap(o.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const name = propertyName(callee);
    if (name === 'route') {
      const path = o.arguments[0] && facts.constantOf(o.arguments[0] as Node)?.value;
      return typeof path === 'string' ? path : undefined;
    }
    if (!name || !ROUTE_METHODS.has(name)) return undefined;
    o = unwrap(callee.object);
  }
  return undefined;
}

/** A value read from a module of the project (a relative or aliased specifier): `require('./c').login`, `auth.login`. */
function projectRef(facts: Facts, node: Node): { module: string; path: string[] } | undefined {
  // Any module: the front door keeps those that resolve to a file of the project.
  const origin = facts.moduleOf(node);
  if (!origin || origin.module.length > 300) return undefined;
  return { module: origin.module, path: origin.path.slice(0, 4) };
}

/**
 * This module's exported functions by export path (`changePassword`, `default`, `UsersController.update`):
 * ESM declarations and specifiers, `exports.x = fn`, `module.exports = { x, y }` / `= fn` / `export =`.
 */
export function exportedFunctions(facts: Facts): Map<string, FunctionNode> {
  const out = new Map<string, FunctionNode>();
  const add = (name: string, node: Node | null | undefined, depth = 0): void => {
    if (!node || depth > 2 || out.size > SUMMARY_LIMITS.exports) return;
    const n = unwrap(node);
    const fn = functionOf(facts, n);
    if (fn) {
      out.set(name, fn);
      return;
    }
    if (n.type === 'ObjectExpression') {
      for (const p of n.properties)
        if (p.type === 'Property') {
          const k = propertyKeyName(p.key);
          if (k !== undefined) {
            add(k, p.value as Node, depth + 1);
            add(`${name}.${k}`, p.value as Node, depth + 1);
          }
        }
      return;
    }
    let cls: Node | undefined = n.type === 'ClassDeclaration' || n.type === 'ClassExpression' ? n : undefined;
    if (!cls && n.type === 'Identifier') {
      const def = facts.variableOf(n)?.defs[0];
      if (def?.type === 'ClassName') cls = def.node as Node;
    }
    if (cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression')) {
      for (const e of cls.body.body)
        if (e.type === 'MethodDefinition') {
          const k = propertyKeyName(e.key);
          if (k !== undefined) out.set(`${name}.${k}`, e.value as FunctionNode);
        }
    }
  };
  for (const d of facts.nodesOfType('ExportNamedDeclaration')) {
    const decl = d.declaration;
    if ((decl?.type === 'FunctionDeclaration' || decl?.type === 'ClassDeclaration') && decl.id) add(decl.id.name, decl);
    else if (decl?.type === 'VariableDeclaration')
      for (const v of decl.declarations) if (v.id.type === 'Identifier') add(v.id.name, v.init);
    if (!d.source)
      for (const sp of d.specifiers)
        if (sp.type === 'ExportSpecifier') {
          const as = propertyKeyName(sp.exported);
          if (as) add(as, sp.local);
        }
  }
  for (const d of facts.nodesOfType('ExportDefaultDeclaration')) add('default', d.declaration as Node);
  for (const d of facts.nodesOfType('TSExportAssignment')) add('default', d.expression);
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    if (a.operator !== '=') continue;
    const chain = unwrap(a.left).type === 'MemberExpression' ? memberNames(a.left) : undefined;
    if (!chain) continue;
    if (chain.length === 2 && chain[0] === 'module' && chain[1] === 'exports') add('default', a.right);
    else if (chain.length === 3 && chain[0] === 'module' && chain[1] === 'exports') add(chain[2], a.right);
    else if (chain.length === 2 && chain[0] === 'exports') add(chain[1], a.right);
  }
  return out;
}

/**
 * The function of this file another module registers as a route handler (by export path), if found;
 * with `called`, the function that export returns (a handler factory: `app.post('/login', login())`).
 */
export function registeredFunction(facts: Facts, name: readonly string[], called?: boolean): FunctionNode | undefined {
  const map = exportedFunctions(facts);
  const key = name.filter((p) => p !== 'prototype').join('.') || 'default';
  const fn =
    map.get(key) ??
    map.get(`default.${key}`) ??
    (name.length > 1 && name[0] === 'default' ? map.get(name.slice(1).join('.')) : undefined);
  if (!fn || !called) return fn;
  // The factory's returned function: `() => (req, res) => …`, `return (req, res) => …`, `return handler`.
  const returned = returnedExpressions(facts, fn)
    .map((r) => functionOf(facts, r))
    .filter((f): f is FunctionNode => !!f);
  return returned.length === 1 ? returned[0] : undefined;
}
