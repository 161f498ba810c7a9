// Every place in a document where SQL text reaches a sink, with how the text is built and what each
// dynamic part stands for. Computed once per document and shared by the SQL rules: the sinks
// themselves, and the calls of functions in the file that pass their parameter on to a sink
// (`function run(sql, params) { return pool.query(sql, params) }` makes `run(…)` a sink too).

import type { TSESTree } from '@typescript-eslint/types';
import { unwrap, type Facts, type Node, type SourceKind } from '../../../server/engine/facts';
import type { FlowStep, TeamKnowledge } from '../../../server/engine/types';
import { findStringBuild, type StringBuild } from './building';
import { classifyParts, type PartKind } from './parameterize';
import { sqlSinkOf, UNKNOWN_DRIVER, type SqlSink } from './sinks';
import { importedFunction } from '../../module-summary';

export interface SqlQuery {
  sink: SqlSink;
  build: StringBuild;
  /** What each dynamic part stands for, when the text's shape is readable; absent parts count as values. */
  kinds: Map<Node, PartKind>;
  /** Steps through wrapper functions, from the outermost call to the driver. */
  viaSteps: FlowStep[];
}

const MAX_WRAPPER_DEPTH = 6;
const MAX_WRAPPER_SINKS = 500;

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function sqlQueries(facts: Facts, knowledge: Readonly<TeamKnowledge>): SqlQuery[] {
  return facts.derive('sql/queries', () => findSqlQueries(facts, knowledge));
}

function findSqlQueries(facts: Facts, knowledge: Readonly<TeamKnowledge>): SqlQuery[] {
  const queries: SqlQuery[] = [];
  const work: { sink: SqlSink; depth: number; viaSteps: FlowStep[] }[] = [];
  for (const type of ['CallExpression', 'NewExpression'] as const) {
    for (const call of facts.nodesOfType(type)) {
      const sink = sqlSinkOf(facts, call, knowledge);
      if (sink) work.push({ sink, depth: 0, viaSteps: [] });
      else if (type === 'CallExpression') work.push(...importedWrapperSinks(facts, call as TSESTree.CallExpression));
    }
  }
  const expanded = new Set<Node>();
  let derived = 0;
  while (work.length) {
    const { sink, depth, viaSteps } = work.shift()!;
    const build = findStringBuild(facts, sink.text);
    if (build) {
      queries.push({ sink, build, kinds: classifyParts(facts, sink) ?? new Map(), viaSteps });
      continue;
    }
    // The text is a parameter of the enclosing function: its callers in this file are sinks too.
    if (depth >= MAX_WRAPPER_DEPTH || derived >= MAX_WRAPPER_SINKS) continue;
    const param = parameterIndex(facts, sink.text);
    if (!param || expanded.has(param.fn)) continue;
    expanded.add(param.fn);
    const valuesArg = sink.call.arguments[sink.valuesIndex];
    const valuesParam = valuesArg ? parameterIndex(facts, valuesArg) : undefined;
    const name = functionNameOf(facts, param.fn)?.name ?? 'the function';
    for (const caller of callersOf(facts, param.fn)) {
      const text = caller.arguments[param.index];
      if (!text || text.type === 'SpreadElement') continue;
      derived++;
      const style =
        valuesArg === undefined
          ? sink.valuesStyle === 'chained-call' || sink.valuesStyle === 'tagged'
            ? 'none'
            : sink.valuesStyle
          : valuesParam && valuesParam.fn === param.fn
            ? sink.valuesStyle
            : 'none';
      work.push({
        sink: {
          ...sink,
          call: caller,
          text: unwrap(text),
          textIndex: param.index,
          valuesIndex: valuesParam && valuesParam.fn === param.fn ? valuesParam.index : caller.arguments.length + 1,
          valuesStyle: valuesArg === undefined ? 'none' : style,
          via: [{ call: sink.call, name }, ...(sink.via ?? [])],
        },
        depth: depth + 1,
        viaSteps: [
          { span: facts.span(caller), message: `the text is passed to \`${name}\`, which sends it on as SQL` },
          ...viaSteps,
        ],
      });
    }
  }
  return queries;
}

/**
 * A call of a function of another module that passes a parameter on to an SQL sink (its summary
 * says so: `query(text, values)` in `lib/db.ts`): the call is a sink for that argument, with the
 * wrapper's driver call as a step in its own file.
 */
function importedWrapperSinks(
  facts: Facts,
  call: TSESTree.CallExpression,
): { sink: SqlSink; depth: number; viaSteps: FlowStep[] }[] {
  const found = importedFunction(facts, call.callee);
  const out: { sink: SqlSink; depth: number; viaSteps: FlowStep[] }[] = [];
  for (const s of found?.summary.sinks ?? []) {
    const text = call.arguments[s.param];
    if (s.kind !== 'sql' || !text || text.type === 'SpreadElement') continue;
    out.push({
      sink: {
        call,
        library: { ...UNKNOWN_DRIVER, name: `\`${found!.name}\` (${found!.module.file})` },
        method: found!.name,
        valuesStyle: 'none',
        text: unwrap(text),
        textIndex: s.param,
        valuesIndex: call.arguments.length + 1,
      },
      depth: 1,
      viaSteps: [
        {
          span: { start: s.at.start, end: s.at.end },
          message: `\`${found!.name}\` sends it on to \`${s.method}\` as SQL`,
          file: found!.module.file,
          range: { line: s.at.line, column: s.at.column, endLine: s.at.endLine, endColumn: s.at.endColumn },
        },
      ],
    });
  }
  return out;
}

/** `sql` in `function run(sql) { … }` → that function and the parameter's position. */
export function parameterIndex(facts: Facts, node: Node): { fn: FunctionNode; index: number } | undefined {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== 'Parameter') return undefined;
  if (facts.writesOf(variable).some((w) => w.operator !== 'param')) return undefined;
  const fn = def.node as FunctionNode;
  const index = fn.params.findIndex((p) => p === def.name || (p.type === 'AssignmentPattern' && p.left === def.name));
  return index < 0 ? undefined : { fn, index };
}

/** The identifier a function is bound to: `function f` or `const f = (…) => …`. */
function functionNameOf(facts: Facts, fn: Node): TSESTree.Identifier | undefined {
  if (fn.type === 'FunctionDeclaration') return fn.id ?? undefined;
  const parent = facts.parent(fn);
  return parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier'
    ? parent.id
    : undefined;
}

/** The calls of a function in this file (by its declared name or the `const` it is assigned to). */
export function callersOf(facts: Facts, fn: Node): TSESTree.CallExpression[] {
  const id = functionNameOf(facts, fn);
  if (!id) return [];
  const variable = facts.variableOf(id);
  if (!variable || !facts.isSingleAssignment(variable)) return [];
  const calls: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    const parent = facts.parent(ref.identifier);
    if (parent?.type === 'CallExpression' && parent.callee === ref.identifier) calls.push(parent);
  }
  return calls;
}

/**
 * Outside data in a part of the query text, following a function parameter to its callers in this
 * file (`findUser(req.query.name)` → the parameter carries `req.query`), with the way as steps.
 */
/** What a traced source is: the kind of the source found, or `call-chain` when the trace ran out of callers or depth. */
export type TracedKind = SourceKind | 'call-chain';

export function outsideSourceThroughCalls(
  facts: Facts,
  node: Node,
): { kind: TracedKind; description: string; steps: FlowStep[] } | undefined {
  const steps: FlowStep[] = [];
  let current: Node = node;
  const seen = new Set<Node>();
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH; depth++) {
    const source = facts.outsideSource(current);
    if (!source)
      return depth === 0
        ? undefined
        : { kind: 'call-chain', description: 'a parameter whose callers pass values from elsewhere', steps };
    steps.unshift({ span: facts.span(source.node), message: `outside data enters: ${source.description}` });
    if (source.kind !== 'parameter') return { kind: source.kind, description: source.description, steps };
    const param = parameterIndex(facts, source.node);
    if (!param || seen.has(param.fn)) return { kind: source.kind, description: source.description, steps };
    seen.add(param.fn);
    const callers = callersOf(facts, param.fn);
    const next = callers
      .map((c) => c.arguments[param.index])
      .find((a) => a && a.type !== 'SpreadElement' && facts.outsideSource(a));
    if (!next) return { kind: source.kind, description: source.description, steps };
    steps.unshift({
      span: facts.span(facts.parent(next)!),
      message: `called with \`${facts.source(next).slice(0, 60)}\``,
    });
    current = next;
  }
  return { kind: 'call-chain', description: 'a function parameter', steps };
}
