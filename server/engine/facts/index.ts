// Shared facts about one parsed document, computed lazily and once. Rules read these instead of
// re-walking the tree or re-deriving bindings: one resolver of imports, one constant evaluator,
// one data-flow query. Every traversal here is iterative so that deep ASTs cannot overflow the stack.

import type { TSESTree } from '@typescript-eslint/types';
import type { ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import type { Parsed } from '../parse';
import type { CalleeRef, Span, TeamKnowledge } from '../types';
import { findHandlers, routeRegistrationOf, type FunctionNode, type Handler } from './handlers';
import { componentBindingOf, componentPropsOf, isVueRenderCall, type ComponentBinding } from './components';
import { checkBudgetOnEveryCall, type Budget } from '../budget';
import {
  FUNCTION_TYPES,
  memberChain,
  memberRoot,
  propertyKeyName,
  propertyName,
  destructuringPath,
  isRequireCall,
  unwrap,
  type Node,
  type NodeOfType,
  type NodeType,
} from './ast';
import { normalizeModule, packageOf, type ModuleOrigin } from './modules';
import { evaluateBinary, MUTATING_METHODS, READING_FUNCTIONS, type Constant, type ConstantValue } from './constants';
import { BROWSER_SOURCES, REQUEST_FIELDS, type OutsideSource } from './sources';
import type { Write } from './scope';
import { abbreviate } from '../rule';
import {
  exportAt,
  type Caller,
  type ImportedSummaries,
  type Mount,
  type Registration,
  type StrategyRef,
} from '../project/types';
import type { RenderedBy } from '../project/types';
import { parentOf, treeIndex, variableAt, type TreeIndex } from './tree';

// The one facade: rules import Facts and the vocabulary of its parts from here.
export * from './ast';
export * from './modules';
export * from './constants';
export * from './sources';
export * from './scope';
export {
  decoratorName,
  handlerName,
  routeRegistrationOf,
  type Framework,
  type FunctionNode,
  type Handler,
  type RouteRegistration,
} from './handlers';
export type { ComponentBinding } from './components';

const MAX_DEPTH = 40;

export class Facts {
  readonly ast: TSESTree.Program;
  readonly text: string;
  private readonly scopeManager: ScopeManager;
  private readonly visitorKeys: Record<string, readonly string[] | undefined>;

  private readonly constants = new Map<Node, ConstantValue | null>();
  private readonly origins = new Map<Node, ModuleOrigin | null>();
  private readonly writeCache = new Map<Variable, Write[]>();
  private handlerCache?: { file?: string; list: Handler[]; byFn: Map<Node, Handler> };
  private enclosingFunctions?: Map<Node, FunctionNode | null>;
  private classMembers?: Map<
    Node,
    { fields: Map<string, Node>; assignments: Map<string, TSESTree.AssignmentExpression[]> }
  >;
  private readonly derived = new Map<string, unknown>();
  /** The running rule's budget: every method call checks it (budget.ts); undefined = unbounded. */
  budget?: Budget;
  /**
   * The team's knowledge this analysis runs with. One Facts serves one knowledge: the engine makes a
   * new one for each re-run without a declaration (loosened.ts), so what is derived from it never leaks.
   */
  readonly knowledge: Readonly<TeamKnowledge>;
  /**
   * Summaries of the modules this file imports, by specifier as written (issue 23: project/). The
   * front door resolves and supplies them (`AnalysisConfig.imports`); absent = this file alone.
   */
  imports?: ImportedSummaries;
  /** How other modules register this file's exports as route handlers (`AnalysisConfig.registrations`). */
  registrations?: Registration[];
  /** How other modules mount this file's exported routers (`AnalysisConfig.mounts`). */
  mounts?: Mount[];
  /** The functions of other modules that call this file's exports (`AnalysisConfig.callers`). */
  callers?: Caller[];
  /** Passport strategies other modules of the project define (`AnalysisConfig.strategies`). */
  strategies?: StrategyRef[];
  /** How other modules use this file's exported values as keys or passwords (`AnalysisConfig.secretUses`). */
  secretUses?: import('../project/types').SecretUse[];
  /** How other modules render this template (`AnalysisConfig.views`). */
  views?: RenderedBy[];

  constructor(text: string, parsed: Parsed, knowledge: Readonly<TeamKnowledge> = {}) {
    this.text = text;
    this.knowledge = knowledge;
    this.ast = parsed.ast;
    this.scopeManager = parsed.scopeManager;
    this.visitorKeys = parsed.visitorKeys;
  }

  // ---------------------------------------------------------------- derived facts

  /**
   * A fact a family derives from this analysis (its SQL queries, its audit decisions, its secret
   * candidates), computed once by the first rule that asks and shared by the others. The one cache
   * outside the tree's own: it lives exactly as long as this Facts (one document version, one
   * knowledge), so no result outlives the text or the knowledge it was computed from. A computation
   * that throws (a stopped rule) stores nothing. Keys are `family/what` (e.g. `sql/queries`).
   */
  derive<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute();
    this.derived.set(key, value);
    return value;
  }

  // ---------------------------------------------------------------- tree

  /** The tree's index (tree.ts): built once per tree, shared by every Facts over it. */
  private index(): TreeIndex {
    return treeIndex(this.ast, this.visitorKeys);
  }

  /** Every node of a type, in source order. */
  nodesOfType<T extends NodeType>(type: T): NodeOfType<T>[] {
    return (this.index().byType.get(type) ?? []) as NodeOfType<T>[];
  }

  parent(node: Node): Node | undefined {
    this.index();
    return parentOf(node);
  }

  *ancestors(node: Node): Generator<Node> {
    for (let p = this.parent(node); p; p = this.parent(p)) yield p;
  }

  /** The nearest function around a node. Memoised along the path walked, so asking for every node of a file stays linear. */
  enclosingFunction(node: Node): FunctionNode | undefined {
    const cache = (this.enclosingFunctions ??= new Map());
    this.index();
    const path: Node[] = [];
    let result: FunctionNode | null = null;
    for (let current = node; ; ) {
      const known = cache.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      path.push(current);
      const p = parentOf(current);
      if (!p) break;
      if (FUNCTION_TYPES.has(p.type)) {
        result = p as FunctionNode;
        break;
      }
      current = p;
    }
    for (const n of path) cache.set(n, result);
    return result ?? undefined;
  }

  /** The expressions a function returns: an arrow's expression body, or its own `return` arguments (not those of nested functions). */
  returnedValues(fn: FunctionNode): Node[] {
    if (fn.body?.type !== 'BlockStatement') return fn.body ? [fn.body] : [];
    return this.nodesOfTypeWithin('ReturnStatement', fn.body)
      .filter((r) => r.argument && this.enclosingFunction(r) === fn)
      .map((r) => r.argument!);
  }

  /**
   * The nodes of a type inside a container's range (the container included), in source order: the
   * same list as `nodesOfType(type).filter(inside container)`, found by binary search instead of a
   * scan of the whole file (a scan per function makes a rule quadratic in the file's size).
   */
  nodesOfTypeWithin<T extends NodeType>(type: T, container: Node): NodeOfType<T>[] {
    const all = this.nodesOfType(type);
    const byStart = this.index().byStart;
    let sorted = byStart.get(type);
    if (!sorted) {
      const order = all.map((_, i) => i).sort((a, b) => all[a].range[0] - all[b].range[0] || a - b);
      sorted = { order, starts: order.map((i) => all[i].range[0]) };
      byStart.set(type, sorted);
    }
    const [start, end] = container.range;
    let lo = 0;
    let hi = sorted.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted.starts[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    const picked: number[] = [];
    for (let k = lo; k < sorted.starts.length && sorted.starts[k] <= end; k++) {
      if (all[sorted.order[k]].range[1] <= end) picked.push(sorted.order[k]);
    }
    picked.sort((a, b) => a - b);
    return picked.map((i) => all[i]);
  }

  span(node: Node): Span {
    return { start: node.range[0], end: node.range[1] };
  }

  source(node: Node): string {
    return this.text.slice(node.range[0], node.range[1]);
  }

  // ---------------------------------------------------------------- bindings

  /** The variable an identifier (a use or a declaration) stands for, if it is declared in this file. */
  variableOf(id: Node): Variable | undefined {
    if (id.type !== 'Identifier' && id.type !== 'JSXIdentifier') return undefined;
    return variableAt(this.ast, this.scopeManager, id);
  }

  /** Every place the variable gets a value, in source order. */
  writesOf(variable: Variable): Write[] {
    const cached = this.writeCache.get(variable);
    if (cached) return cached;
    const writes: Write[] = [];
    for (const def of variable.defs) {
      if (
        def.type === 'Variable' &&
        def.node.type === 'VariableDeclarator' &&
        def.node.init &&
        def.node.id.type === 'Identifier'
      ) {
        writes.push({ node: def.node, value: def.node.init, operator: 'init' });
      } else if (def.type === 'Parameter') {
        writes.push({ node: def.name, value: def.name, operator: 'param' });
      }
    }
    for (const ref of variable.references) {
      if (!ref.isWrite() || ref.init) continue;
      const parent = this.parent(ref.identifier);
      if (parent?.type === 'AssignmentExpression' && parent.left === ref.identifier) {
        if (parent.operator === '=' || parent.operator === '+=')
          writes.push({ node: parent, value: parent.right, operator: parent.operator });
        else writes.push({ node: parent, value: parent, operator: '=' });
      } else if (parent) {
        writes.push({ node: parent, value: parent, operator: '=' });
      }
    }
    writes.sort((a, b) => a.node.range[0] - b.node.range[0]);
    this.writeCache.set(variable, writes);
    return writes;
  }

  /**
   * The initialiser of the variable `id` names when it is declared once as a plain name
   * (`const x = init`, not destructured) and never written again; undefined otherwise.
   */
  singleInit(id: TSESTree.Identifier): Node | undefined {
    const variable = this.variableOf(id);
    const def = variable?.defs[0];
    return variable &&
      this.isSingleAssignment(variable) &&
      def?.type === 'Variable' &&
      def.node.init &&
      def.node.id.type === 'Identifier'
      ? (def.node.init as Node)
      : undefined;
  }

  /** True when the variable is assigned exactly once (its declaration) and never written again. */
  isSingleAssignment(variable: Variable): boolean {
    return variable.defs.length === 1 && variable.references.every((r) => !r.isWrite() || r.init === true);
  }

  // ---------------------------------------------------------------- modules

  /**
   * The module a value comes from, following imports, requires, property reads, calls, `new`,
   * `await`, single-assignment variables and callback parameters of module calls
   * (`pool.getConnection((err, conn) => …)` makes `conn` a `mysql` value).
   */
  moduleOf(node: Node, depth = 0): ModuleOrigin | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.origins.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.origins.set(node, null); // cycle guard
    const result = this.throughImports(this.computeModuleOf(node, depth));
    this.origins.set(node, result ?? null);
    return result;
  }

  private computeModuleOf(node: Node, depth: number): ModuleOrigin | undefined {
    const n = unwrap(node);
    switch (n.type) {
      case 'Identifier': {
        const variable = this.variableOf(n);
        if (!variable) return undefined;
        for (const def of variable.defs) {
          if (def.type === 'ImportBinding') {
            // `import x = require('y')` is `const x = require('y')`; `import a = B.c` reads `B.c`.
            if (def.node.type === 'TSImportEqualsDeclaration') {
              const origin = this.importEqualsOrigin(def.node, depth);
              if (origin) return origin;
              continue;
            }
            const decl = def.parent as TSESTree.ImportDeclaration;
            if (!decl?.source) continue; // `import x = require('y')` (TSImportEqualsDeclaration): not resolved here yet
            const spec = def.node;
            const path =
              spec.type === 'ImportSpecifier'
                ? [spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value)]
                : [];
            return { module: normalizeModule(String(decl.source.value)), path };
          }
          if (def.type === 'Variable' && def.node.init) {
            const base = this.moduleOf(def.node.init, depth + 1);
            if (!base) continue;
            const path = destructuringPath(def.node.id, n.name === def.name.name ? def.name : n);
            return path ? { module: base.module, path: [...base.path, ...path] } : base;
          }
          if (def.type === 'Parameter') {
            const typed = this.typeAnnotationOrigin(def.name, depth);
            if (typed) return typed;
            const fromCallback = this.callbackParameterOrigin(def.node, depth);
            if (fromCallback) return fromCallback;
          }
        }
        // `let db; … db = new Database()` — one non-declaration write is enough to know the origin.
        for (const write of this.writesOf(variable)) {
          if (write.operator === '=' && write.value !== write.node) {
            const origin = this.moduleOf(write.value, depth + 1);
            if (origin) return origin;
          }
        }
        return undefined;
      }
      case 'CallExpression': {
        if (isRequireCall(n))
          return { module: normalizeModule(String((n.arguments[0] as TSESTree.StringLiteral).value)), path: [] };
        return this.moduleOf(n.callee, depth + 1);
      }
      case 'ImportExpression':
        return n.source.type === 'Literal' && typeof n.source.value === 'string'
          ? { module: normalizeModule(n.source.value), path: [] }
          : undefined;
      case 'NewExpression':
        return this.moduleOf(n.callee, depth + 1);
      case 'AwaitExpression':
        return this.moduleOf(n.argument, depth + 1);
      case 'LogicalExpression':
        // `globalThis.pool ?? new Pool()`: the value made here when the cached one is absent.
        return n.operator === '&&'
          ? undefined
          : (this.moduleOf(n.left, depth + 1) ?? this.moduleOf(n.right, depth + 1));
      case 'MemberExpression': {
        const base = this.moduleOf(n.object, depth + 1);
        if (base) {
          const name = propertyName(n);
          return name === undefined ? base : { module: base.module, path: [...base.path, name] };
        }
        if (n.object.type === 'ThisExpression') return this.thisPropertyOrigin(n, depth);
        if (n.object.type === 'Identifier') return this.namespaceMemberOrigin(n.object, propertyName(n), depth);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * A value of a project module that is itself a package's value (`module.exports = new Pool()` in
   * `./db`): the package's origin, so `require('./db').query` is pg's `query` (rules/module-summary.ts).
   */
  private throughImports(origin: ModuleOrigin | undefined): ModuleOrigin | undefined {
    if (!origin || !this.imports || !Object.hasOwn(this.imports, origin.module)) return origin;
    const summary = this.imports[origin.module].summary;
    for (let i = origin.path.length; i >= 0; i--) {
      const found = exportAt(summary, origin.path.slice(0, i))?.origin;
      if (found) return { module: normalizeModule(found.module), path: [...found.path, ...origin.path.slice(i)] };
    }
    return origin;
  }

  /** `import x = require('y')` → y; `import a = B.c` (an entity name) → the origin of `B` plus `.c`. */
  private importEqualsOrigin(decl: TSESTree.TSImportEqualsDeclaration, depth: number): ModuleOrigin | undefined {
    const ref = decl.moduleReference;
    if (ref.type === 'TSExternalModuleReference') {
      const expression = ref.expression as Node;
      return expression.type === 'Literal' && typeof expression.value === 'string'
        ? { module: normalizeModule(expression.value), path: [] }
        : undefined;
    }
    let name: TSESTree.EntityName = ref;
    const path: string[] = [];
    while (name.type === 'TSQualifiedName') {
      path.unshift(name.right.name);
      name = name.left;
    }
    if (name.type !== 'Identifier') return undefined;
    const base = this.moduleOf(name, depth + 1);
    return base && { module: base.module, path: [...base.path, ...path] };
  }

  /** `Db.connect` where `namespace Db { export import connect = mysql.createConnection }` (or `export const connect = …`). */
  private namespaceMemberOrigin(
    object: TSESTree.Identifier,
    name: string | undefined,
    depth: number,
  ): ModuleOrigin | undefined {
    if (name === undefined) return undefined;
    const def = this.variableOf(object)?.defs.find((d) => d.type === 'TSModuleName');
    const body = (def?.node as TSESTree.TSModuleDeclaration | undefined)?.body;
    if (body?.type !== 'TSModuleBlock') return undefined;
    for (const statement of body.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : undefined;
      if (declaration?.type === 'TSImportEqualsDeclaration' && declaration.id.name === name)
        return this.importEqualsOrigin(declaration, depth);
      if (declaration?.type === 'VariableDeclaration') {
        const declarator = declaration.declarations.find((d) => d.id.type === 'Identifier' && d.id.name === name);
        if (declarator?.init) return this.moduleOf(declarator.init, depth + 1);
      }
    }
    return undefined;
  }

  /** `this.pool` where the class assigns `this.pool = new Pool()` or declares `pool = new Pool()`. */
  private thisPropertyOrigin(member: TSESTree.MemberExpression, depth: number): ModuleOrigin | undefined {
    const name = propertyName(member);
    if (name === undefined) return undefined;
    const cls = [...this.ancestors(member)].find((a) => a.type === 'ClassBody') as TSESTree.ClassBody | undefined;
    if (!cls) return undefined;
    const members = this.thisMembersOf(cls);
    const field = members.fields.get(name);
    if (field) return this.moduleOf(field, depth + 1);
    for (const assignment of members.assignments.get(name) ?? []) {
      const origin = this.moduleOf(assignment.right, depth + 1);
      if (origin) return origin;
    }
    // Constructor parameter properties: `constructor(private pool: Pool)` typed with an imported class.
    for (const element of cls.body) {
      if (element.type !== 'MethodDefinition' || element.kind !== 'constructor') continue;
      for (const param of element.value.params) {
        if (
          param.type === 'TSParameterProperty' &&
          param.parameter.type === 'Identifier' &&
          param.parameter.name === name
        ) {
          return this.typeAnnotationOrigin(param.parameter, depth);
        }
      }
    }
    return undefined;
  }

  /**
   * A class's fields with an initialiser and its `this.name = …` assignments, by name, in source
   * order: looked up for every `this.x` whose origin is asked (a scan of the class per lookup made
   * big classes quadratic).
   */
  private thisMembersOf(cls: TSESTree.ClassBody): {
    fields: Map<string, Node>;
    assignments: Map<string, TSESTree.AssignmentExpression[]>;
  } {
    const cache = (this.classMembers ??= new Map());
    let members = cache.get(cls);
    if (members) return members;
    members = { fields: new Map(), assignments: new Map() };
    for (const element of cls.body) {
      if (element.type !== 'PropertyDefinition' || !element.value) continue;
      const key = propertyKeyName(element.key);
      if (key !== undefined && !members.fields.has(key)) members.fields.set(key, element.value);
    }
    for (const assignment of this.nodesOfTypeWithin('AssignmentExpression', cls)) {
      const left = assignment.left;
      if (left.type !== 'MemberExpression' || left.object.type !== 'ThisExpression') continue;
      const key = propertyName(left);
      if (key === undefined) continue;
      const list = members.assignments.get(key);
      if (list) list.push(assignment);
      else members.assignments.set(key, [assignment]);
    }
    cache.set(cls, members);
    return members;
  }

  /** `x: Pool` (Pool imported from 'pg') or `x: import('pg').PoolClient` → the module of the type. */
  private typeAnnotationOrigin(id: Node, depth: number): ModuleOrigin | undefined {
    const annotation = (id as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
    if (!annotation) return undefined;
    if (annotation.type === 'TSTypeReference') {
      let name: TSESTree.EntityName = annotation.typeName;
      const path: string[] = [];
      while (name.type === 'TSQualifiedName') {
        path.unshift(name.right.name);
        name = name.left;
      }
      if (name.type !== 'Identifier') return undefined;
      const base = this.moduleOf(name, depth + 1);
      return base && { module: base.module, path: [...base.path, ...path] };
    }
    if (annotation.type === 'TSImportType') {
      const arg = annotation as unknown as { argument?: TSESTree.TypeNode; source?: TSESTree.StringLiteral };
      const literal = arg.source ?? (arg.argument?.type === 'TSLiteralType' ? arg.argument.literal : undefined);
      if (literal?.type === 'Literal' && typeof literal.value === 'string')
        return { module: normalizeModule(literal.value), path: [] };
    }
    return undefined;
  }

  private callbackParameterOrigin(fn: Node, depth: number): ModuleOrigin | undefined {
    const call = this.parent(fn);
    if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument))
      return undefined;
    return this.moduleOf(call.callee, depth + 1);
  }

  /** The static name of the method called, e.g. `query` for `pool.query(…)`. */
  calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier') return callee.name;
    if (callee.type === 'MemberExpression') return propertyName(callee);
    return undefined;
  }

  /**
   * Whether a call's callee is the function a team config names (`CalleeRef`): through its module
   * when one is given (`audit.record` with `audit` imported from '@acme/audit'), else by the
   * callee's written form (`auditLog.write`).
   */
  calleeMatches(
    call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression,
    ref: CalleeRef,
  ): boolean {
    const callee = unwrap(call.type === 'TaggedTemplateExpression' ? call.tag : call.callee);
    if (ref.module) {
      const origin = this.moduleOf(callee);
      if (!origin || (origin.module !== ref.module && packageOf(origin.module) !== ref.module)) return false;
      const wanted = ref.name.split('.');
      // `import { record } from m` gives path ['record']; `import audit from m; audit.record` gives ['record'] too.
      return (
        origin.path.length >= wanted.length &&
        wanted.every((w, i) => origin.path[origin.path.length - wanted.length + i] === w)
      );
    }
    return memberChain(callee).join('.') === ref.name;
  }

  /** For `recv.method(…)`, the receiver's module origin. */
  receiverOrigin(call: TSESTree.CallExpression): ModuleOrigin | undefined {
    const callee = unwrap(call.callee);
    return callee.type === 'MemberExpression' ? this.moduleOf(callee.object) : undefined;
  }

  // ---------------------------------------------------------------- constants

  /** The compile-time value of an expression, or undefined when it is not a constant. */
  constantOf(node: Node, depth = 0): ConstantValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.constants.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.constants.set(node, null);
    const result = this.computeConstant(node, depth);
    this.constants.set(node, result ?? null);
    return result;
  }

  isConstant(node: Node): boolean {
    return this.constantOf(node) !== undefined;
  }

  private computeConstant(node: Node, depth: number): ConstantValue | undefined {
    const n = unwrap(node);
    switch (n.type) {
      case 'Literal':
        return { value: n.value as Constant };
      case 'TemplateLiteral': {
        let out = n.quasis[0].value.cooked ?? '';
        for (let i = 0; i < n.expressions.length; i++) {
          const part = this.constantOf(n.expressions[i], depth + 1);
          if (!part) return undefined;
          out += String(part.value) + (n.quasis[i + 1].value.cooked ?? '');
        }
        return { value: out };
      }
      case 'BinaryExpression': {
        const l = this.constantOf(n.left, depth + 1);
        const r = l && this.constantOf(n.right, depth + 1);
        if (!l || !r) return undefined;
        return evaluateBinary(n.operator, l.value, r.value);
      }
      case 'UnaryExpression': {
        const v = this.constantOf(n.argument, depth + 1);
        if (!v) return undefined;
        switch (n.operator) {
          case '-':
            return typeof v.value === 'number' ? { value: -v.value } : undefined;
          case '+':
            return typeof v.value === 'number' ? v : undefined;
          case '!':
            return { value: !v.value };
          case 'typeof':
            return undefined;
          default:
            return undefined;
        }
      }
      case 'ConditionalExpression': {
        // Both branches constant: the value is one of two constants — still not outside data.
        const a = this.constantOf(n.consequent, depth + 1);
        const b = a && this.constantOf(n.alternate, depth + 1);
        return a && b ? (a.value === b.value ? a : { value: `${String(a.value)}|${String(b.value)}` }) : undefined;
      }
      case 'Identifier': {
        if (n.name === 'undefined') return { value: undefined };
        const variable = this.variableOf(n);
        if (!variable || !this.isSingleAssignment(variable)) return undefined;
        const def = variable.defs[0];
        if (def.type === 'Variable' && def.node.init && def.node.id.type === 'Identifier')
          return this.constantOf(def.node.init, depth + 1);
        return undefined;
      }
      case 'MemberExpression': {
        // A property of a constant object literal or a TypeScript enum member.
        const name = propertyName(n);
        if (name === undefined || n.object.type !== 'Identifier') return undefined;
        const variable = this.variableOf(n.object);
        if (!variable || !this.isSingleAssignment(variable)) return undefined;
        const def = variable.defs[0];
        if (def.type === 'TSEnumName') {
          const decl = def.node as TSESTree.TSEnumDeclaration;
          const members =
            (decl as unknown as { body?: { members: TSESTree.TSEnumMember[] }; members?: TSESTree.TSEnumMember[] }).body
              ?.members ?? (decl as unknown as { members: TSESTree.TSEnumMember[] }).members;
          const member = members.find((m) => propertyKeyName(m.id) === name);
          if (!member) return undefined;
          return member.initializer
            ? this.constantOf(member.initializer, depth + 1)
            : { value: members.indexOf(member) };
        }
        if (def.type === 'Variable' && def.node.init && def.node.id.type === 'Identifier') {
          const init = unwrap(def.node.init);
          if (init.type !== 'ObjectExpression' || this.isMutated(variable)) return undefined;
          for (const p of init.properties) {
            if (p.type === 'Property' && !p.computed && propertyKeyName(p.key) === name)
              return this.constantOf(p.value, depth + 1);
          }
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * `const SORTABLE = { name: 'u.name' }`, `const ALLOWED = ['asc', 'desc']`, `new Set([…])`,
   * `Object.freeze({…})`: a non-empty object or array literal (or a Set of one) of constants, never
   * reassigned and never mutated (see isMutated). Whatever the key, a lookup in it yields one of the
   * author's own values (or undefined). Returns those values; undefined when it is not such a table.
   * The one judgement of "is this lookup table constant" for every family.
   */
  constantTable(node: Node): unknown[] | undefined {
    const n = unwrap(node);
    if (n.type !== 'Identifier') return undefined;
    const variable = this.variableOf(n);
    if (!variable || !this.isSingleAssignment(variable)) return undefined;
    const def = variable.defs[0];
    if (def.type !== 'Variable' || !def.node.init || def.node.id.type !== 'Identifier' || this.isMutated(variable))
      return undefined;
    let init = unwrap(def.node.init);
    if (
      init.type === 'CallExpression' &&
      init.arguments.length === 1 &&
      memberChain(init.callee).join('.') === 'Object.freeze'
    )
      init = unwrap(init.arguments[0] as Node);
    if (
      init.type === 'NewExpression' &&
      init.callee.type === 'Identifier' &&
      init.callee.name === 'Set' &&
      init.arguments.length === 1
    )
      init = unwrap(init.arguments[0] as Node);
    const members: Node[] = [];
    if (init.type === 'ArrayExpression') {
      for (const e of init.elements) {
        if (!e || e.type === 'SpreadElement') return undefined;
        members.push(e);
      }
    } else if (init.type === 'ObjectExpression') {
      for (const p of init.properties) {
        if (p.type !== 'Property' || p.computed || p.kind !== 'init') return undefined;
        members.push(p.value as Node);
      }
    } else return undefined;
    if (members.length === 0) return undefined;
    const values: unknown[] = [];
    for (const m of members) {
      const value = this.constantOf(m);
      if (!value) return undefined;
      values.push(value.value);
    }
    return values;
  }

  /**
   * Whether the variable's object may gain or change a property after its declaration: a property
   * assigned, updated or deleted (`T[k] = …`, `T.n++`, `delete T.k`), a mutating method called on it
   * (`T.push(…)`, `T.set(…)`), or the object handed to a function (`Object.assign(T, req.body)`,
   * `fill(T)`: a callee could fill it), except the few standard readers that never write.
   */
  private isMutated(variable: Variable): boolean {
    return variable.references.some((ref) => {
      const parent = this.parent(ref.identifier);
      if (!parent) return false;
      if (parent.type === 'MemberExpression' && parent.object === ref.identifier) {
        const grand = this.parent(parent);
        if (grand?.type === 'AssignmentExpression' && grand.left === parent) return true;
        if (grand?.type === 'UpdateExpression') return true;
        if (grand?.type === 'UnaryExpression' && grand.operator === 'delete') return true;
        return (
          grand?.type === 'CallExpression' &&
          grand.callee === parent &&
          MUTATING_METHODS.has(propertyName(parent) ?? '')
        );
      }
      if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee !== ref.identifier) {
        const callee = memberChain(parent.callee).join('.');
        if (callee === 'Object.assign') return parent.arguments[0] === ref.identifier;
        return !READING_FUNCTIONS.has(callee);
      }
      return false;
    });
  }

  // ---------------------------------------------------------------- outside data

  /**
   * A first version of "can this value carry outside data": request fields of a route handler's
   * request object, browser sources, and function parameters (whose callers are unknown).
   * Follows local variables and string building; returns the first source found.
   */
  outsideSource(node: Node, depth = 0, seen = new Set<Node>()): OutsideSource | undefined {
    if (depth > MAX_DEPTH || seen.has(node)) return undefined;
    seen.add(node);
    const n = unwrap(node);
    if (this.isConstant(n)) return undefined;
    switch (n.type) {
      case 'MemberExpression': {
        const root = memberRoot(n);
        const chain = memberChain(n);
        if (root.type === 'Identifier') {
          if (
            BROWSER_SOURCES.has(root.name) &&
            !this.variableOf(root) &&
            chain.length > 1 &&
            REQUEST_FIELDS.has(chain[1])
          ) {
            return { kind: 'browser', description: chain.slice(0, 2).join('.'), node: n };
          }
          const variable = this.variableOf(root);
          if (variable && this.isRequestParameter(variable) && chain.length > 1 && REQUEST_FIELDS.has(chain[1])) {
            return { kind: 'request', description: `${root.name}.${chain[1]}`, node: n };
          }
          if (variable && chain[1] === 'data') {
            const message = this.messageData(variable, root.name);
            if (message) return { ...message, node: n };
          }
        }
        return this.outsideSource(n.object, depth + 1, seen);
      }
      case 'Identifier': {
        const variable = this.variableOf(n);
        if (!variable) return undefined;
        for (const write of this.writesOf(variable)) {
          if (write.operator === 'param') {
            // `({ data }) => …` in a message listener
            const message = this.messageData(variable, undefined);
            if (message) return { ...message, node: write.node };
            return { kind: 'parameter', description: `parameter \`${n.name}\``, node: write.node };
          }
          const found = this.outsideSource(write.value, depth + 1, seen);
          if (found) return found;
        }
        // Destructured from a source: `const { id } = req.query`.
        for (const def of variable.defs) {
          if (def.type === 'Variable' && def.node.init && def.node.id.type !== 'Identifier') {
            const found = this.outsideSource(def.node.init, depth + 1, seen);
            if (found) return found;
          }
        }
        return undefined;
      }
      case 'TemplateLiteral':
        for (const e of n.expressions) {
          const f = this.outsideSource(e, depth + 1, seen);
          if (f) return f;
        }
        return undefined;
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.outsideSource(n.left, depth + 1, seen) ?? this.outsideSource(n.right, depth + 1, seen);
      case 'ConditionalExpression':
        return this.outsideSource(n.consequent, depth + 1, seen) ?? this.outsideSource(n.alternate, depth + 1, seen);
      case 'CallExpression': {
        // The team's in-house request sources (`knowledge.requestSources`): what they return is outside data.
        const team = (this.knowledge.requestSources ?? []).find((ref) => this.calleeMatches(n, ref));
        if (team)
          return {
            kind: 'request',
            description: `\`${abbreviate(this.source(n.callee))}()\` (a request source the team declared)`,
            node: n,
          };
        // String-preserving calls: `x.trim()`, `String(x)`, `a.concat(b)`, `parts.join(',')`.
        const callee = unwrap(n.callee);
        if (callee.type === 'MemberExpression') {
          const found = this.outsideSource(callee.object, depth + 1, seen);
          if (found) return found;
        }
        for (const a of n.arguments) {
          const f = this.outsideSource(a, depth + 1, seen);
          if (f) return f;
        }
        return undefined;
      }
      case 'NewExpression':
        // `new URLSearchParams(location.search)`, `new URL(req.url, base)` carry what they wrap.
        for (const a of n.arguments) {
          const f = this.outsideSource(a, depth + 1, seen);
          if (f) return f;
        }
        return undefined;
      case 'AwaitExpression':
        return this.outsideSource(n.argument, depth + 1, seen);
      case 'ArrayExpression':
        for (const e of n.elements) {
          if (e) {
            const f = this.outsideSource(e, depth + 1, seen);
            if (f) return f;
          }
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /**
   * postMessage data: `variable` is the event parameter of a `message` listener (and `data` is read
   * from it), or `data` destructured from that parameter. A window-level listener receives messages
   * from any window that holds a reference to this one; only an `event.origin` check narrows that.
   */
  private messageData(variable: Variable, eventName: string | undefined): Omit<OutsideSource, 'node'> | undefined {
    const def = variable.defs[0];
    if (def?.type !== 'Parameter') return undefined;
    const fn = def.node as TSESTree.FunctionLike;
    if (!('params' in fn) || !fn.params[0]) return undefined;
    const first = fn.params[0];
    if (eventName === undefined) {
      // `({ data })`: the binding is the value of a `data` property of the first parameter's pattern.
      const prop = this.parent(def.name);
      if (
        first.type !== 'ObjectPattern' ||
        prop?.type !== 'Property' ||
        this.parent(prop) !== first ||
        propertyKeyName(prop.key) !== 'data'
      )
        return undefined;
    } else if (first !== def.name) {
      return undefined;
    }
    const registration = this.messageListenerRegistration(fn);
    if (!registration) return undefined;
    const data = eventName ? `${eventName}.data` : 'data';
    const origin = eventName ? `${eventName}.origin` : 'origin';
    const originChecked =
      this.nodesOfTypeWithin('MemberExpression', fn).some((m) => propertyName(m) === 'origin') ||
      (first.type === 'ObjectPattern' &&
        first.properties.some((p) => p.type === 'Property' && propertyKeyName(p.key) === 'origin'));
    return {
      kind: 'message',
      description: originChecked
        ? `postMessage data (\`${data}\`)`
        : `postMessage data (\`${data}\`) from any origin (the listener never checks \`${origin}\`)`,
      via: { node: registration, message: 'a `message` listener: any window that can reach this page may post to it' },
    };
  }

  /** Where `fn` is registered as a window-level `message` listener, if it is (inline or by name). */
  private messageListenerRegistration(fn: Node): Node | undefined {
    const uses: Node[] = [fn];
    const parent = this.parent(fn);
    const name =
      fn.type === 'FunctionDeclaration' && fn.id
        ? fn.id
        : parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier'
          ? parent.id
          : undefined;
    const named = name && this.variableOf(name);
    if (named) for (const ref of named.references) uses.push(ref.identifier as Node);
    const windowLike = (n: Node): boolean => {
      const o = unwrap(n);
      return o.type === 'Identifier' && /^(window|self|globalThis|top)$/.test(o.name) && !this.variableOf(o);
    };
    for (const use of uses) {
      const p = this.parent(use);
      if (p?.type === 'CallExpression' && p.arguments[1] === use) {
        const callee = unwrap(p.callee);
        const method =
          callee.type === 'MemberExpression'
            ? propertyName(callee)
            : callee.type === 'Identifier'
              ? callee.name
              : undefined;
        const global =
          callee.type === 'Identifier' || (callee.type === 'MemberExpression' && windowLike(callee.object));
        if (method === 'addEventListener' && global && this.constantOf(p.arguments[0])?.value === 'message') return p;
      }
      if (p?.type === 'AssignmentExpression' && p.right === use) {
        const left = unwrap(p.left);
        if (left.type === 'MemberExpression' && propertyName(left) === 'onmessage' && windowLike(left.object)) return p;
        if (left.type === 'Identifier' && left.name === 'onmessage' && !this.variableOf(left)) return p;
      }
    }
    return undefined;
  }

  /** A parameter that is the request (first) argument of a route handler or middleware. */
  private isRequestParameter(variable: Variable): boolean {
    const def = variable.defs[0];
    if (def?.type !== 'Parameter') return false;
    const fn = def.node as TSESTree.FunctionLike;
    if (!('params' in fn) || fn.params[0] !== def.name) return false;
    if (routeRegistrationOf(this, fn)) return true;
    return /^(req|request|ctx|context)$/.test(variable.name);
  }

  // ---------------------------------------------------------------- components

  /** What a Vue/Svelte component's script says about a name its template uses: prop or own state, and its values (components.ts). */
  componentBinding(name: string): ComponentBinding | undefined {
    return componentBindingOf(this, name);
  }

  /** The Svelte props of the component (`export let`), whose values the parent chooses. */
  componentProps(): ReadonlySet<string> {
    return componentPropsOf(this);
  }

  /** A Vue render-function call: `h(…)` from vue, `this.$createElement(…)`, a `render(h)` parameter (components.ts). */
  isVueRenderCall(call: TSESTree.CallExpression): boolean {
    return isVueRenderCall(this, call);
  }

  // ---------------------------------------------------------------- handlers

  /**
   * Every framework handler in the file (Express, Koa, Fastify, Hapi, NestJS, Next.js, Node http;
   * see handlers.ts). `file` lets Next.js file-routed handlers be recognised.
   */
  handlers(file?: string): readonly Handler[] {
    if (!this.handlerCache || this.handlerCache.file !== file) {
      const list = findHandlers(this, file);
      this.handlerCache = { file, list, byFn: new Map(list.map((h) => [h.fn as Node, h])) };
    }
    return this.handlerCache.list;
  }

  /** The framework handler a function is, if it is one. */
  handlerOf(fn: Node, file?: string): Handler | undefined {
    this.handlers(file);
    return this.handlerCache!.byFn.get(fn);
  }

  /** The nearest enclosing framework handler of a node. */
  enclosingFrameworkHandler(node: Node, file?: string): Handler | undefined {
    for (const a of this.ancestors(node)) {
      if (FUNCTION_TYPES.has(a.type)) {
        const handler = this.handlerOf(a, file);
        if (handler) return handler;
      }
    }
    return undefined;
  }
}

/**
 * Facts' methods that are not safe points of a rule's budget: the lazy index builders (linear, once
 * per file, reached only through checked methods) and computeModuleOf (called only by moduleOf,
 * which checks on every step of its recursion). Checking them again was a third of all checks on
 * the bench corpus.
 */
export const UNCHECKED_FACTS_HELPERS: readonly string[] = ['index', 'computeModuleOf', 'throughImports'];

// Every other Facts call by a rule is a safe point of its budget (budget.ts).
checkBudgetOnEveryCall(Facts.prototype, { except: UNCHECKED_FACTS_HELPERS });
