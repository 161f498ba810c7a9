// Framework handler shapes as shared facts: which functions in a file are HTTP route handlers,
// middleware or guards, for which framework, method and path, and what their request/response
// parameters are called. Frameworks are resolved through imports (`Facts.moduleOf`) where the file
// shows them; where it does not, only the unambiguous shapes are accepted (a literal route path,
// `(req, res)`/`ctx` parameters) — silence rather than guesses where the shape is unknown.
//
// Shapes: Express app/Router (`app.post('/x', fn)`, `router.route('/x').get(fn)`, `app.use(fn)`),
// Koa + @koa/router, Fastify (`fastify.post('/x', opts?, fn)`, `{ handler }` options objects,
// `fastify.route({ method, url, handler })`), Hapi `server.route({ method, path, handler })`,
// NestJS controllers (`@Controller` + `@Get/@Post…` methods) and guards (`canActivate`),
// Next.js route handlers (`export async function POST(request)`) and `pages/api` default exports,
// and plain Node `http.createServer((req, res) => …)`.

import type { TSESTree } from '@typescript-eslint/types';
import type { Facts } from './index';
import { FUNCTION_TYPES, type Node, memberChain, propertyKeyName, propertyName, unwrap } from './ast';

export type Framework = 'express' | 'koa' | 'fastify' | 'hapi' | 'nestjs' | 'nextjs' | 'node';

export type FunctionNode =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export interface Handler {
  fn: FunctionNode;
  framework: Framework;
  /** Lower-case HTTP method; 'use' for middleware, 'all' when any method reaches it, 'guard' for guards. */
  method: string;
  /** The route path when it is a constant (with a Nest controller's prefix, or a Next.js file's route). */
  path?: string;
  kind: 'route' | 'middleware' | 'guard';
  /** What registers the handler: the registration call, the method decorator, the export. */
  registration: Node;
  /** Name of the request parameter (`req`, `request`) or Koa's `ctx`, when the handler has one. */
  request?: string;
  /** Name of the response parameter (`res`, `reply`, `h`), when the handler has one. */
  response?: string;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options']);
const NEST_VERBS: Record<string, string> = {
  Get: 'get',
  Post: 'post',
  Put: 'put',
  Patch: 'patch',
  Delete: 'delete',
  All: 'all',
  Head: 'head',
  Options: 'options',
};
const NEXT_VERBS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const MAX_HANDLERS = 20_000;

function frameworkOfModule(module: string | undefined): Framework | undefined {
  if (!module) return undefined;
  if (module === 'express' || module.startsWith('express/')) return 'express';
  if (module === 'koa' || module === '@koa/router' || module === 'koa-router') return 'koa';
  if (module === 'fastify' || module.startsWith('fastify/')) return 'fastify';
  if (module === '@hapi/hapi' || module === 'hapi') return 'hapi';
  if (module === 'http' || module === 'https' || module === 'http2') return 'node';
  return undefined;
}

/** Every handler in the file, in source order. `file` lets Next.js `pages/api` and `app/**\/route` files be recognised. */
export function findHandlers(facts: Facts, file?: string): Handler[] {
  const out: Handler[] = [];
  const seen = new Set<Node>();
  const add = (h: Handler | undefined): void => {
    if (!h || seen.has(h.fn) || out.length >= MAX_HANDLERS) return;
    seen.add(h.fn);
    out.push(h);
  };
  for (const call of facts.nodesOfType('CallExpression')) {
    if (out.length >= MAX_HANDLERS) break;
    for (const h of registrationHandlers(facts, call)) add(h);
  }
  for (const cls of [...facts.nodesOfType('ClassDeclaration'), ...facts.nodesOfType('ClassExpression')]) {
    for (const h of nestHandlers(facts, cls)) add(h);
  }
  for (const h of nextHandlers(facts, file)) add(h);
  return out.sort((a, b) => a.fn.range[0] - b.fn.range[0]);
}

/** A handler argument: an inline function, a same-file function by name, or one wrapped once (`asyncHandler(fn)`). */
export function functionOf(facts: Facts, arg: Node | undefined, depth = 0): FunctionNode | undefined {
  if (!arg || depth > 3) return undefined;
  const n = unwrap(arg);
  if (FUNCTION_TYPES.has(n.type)) return n as FunctionNode;
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (!variable || variable.defs.length !== 1 || !def) return undefined;
    if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
    if (def.type === 'Variable' && def.node.init && facts.isSingleAssignment(variable))
      return functionOf(facts, def.node.init, depth + 1);
    return undefined;
  }
  if (n.type === 'CallExpression' && n.arguments.length === 1) return functionOf(facts, n.arguments[0], depth + 1);
  return undefined;
}

function paramName(fn: FunctionNode, index: number): string | undefined {
  let p: Node | undefined = fn.params[index];
  if (p?.type === 'TSParameterProperty') p = p.parameter;
  if (p?.type === 'AssignmentPattern') p = p.left;
  return p?.type === 'Identifier' ? p.name : undefined;
}

function withParams(
  fn: FunctionNode,
  framework: Framework,
  base: Omit<Handler, 'fn' | 'framework' | 'request' | 'response'>,
): Handler {
  // Express error middleware has (err, req, res, next).
  const offset = framework === 'express' && fn.params.length === 4 ? 1 : 0;
  if (framework === 'koa') return { fn, framework, ...base, request: paramName(fn, 0) };
  return { fn, framework, ...base, request: paramName(fn, offset), response: paramName(fn, offset + 1) };
}

/** The framework a `fn` most likely belongs to when the receiver's module is unknown: by its parameters. */
function frameworkOfParams(fn: FunctionNode): Framework {
  const first = paramName(fn, 0);
  const second = paramName(fn, 1);
  if (first && /^ctx$|^context$/.test(first) && (fn.params.length === 1 || second === 'next')) return 'koa';
  if (second === 'reply') return 'fastify';
  if (second === 'h') return 'hapi';
  return 'express';
}

function constantPath(facts: Facts, node: Node | undefined): string | undefined {
  if (!node) return undefined;
  const c = facts.constantOf(node);
  return typeof c?.value === 'string' ? c.value : undefined;
}

function registrationHandlers(facts: Facts, call: TSESTree.CallExpression): Handler[] {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') {
    // http.createServer((req, res) => …) through a named import.
    if (callee.type === 'Identifier' && callee.name === 'createServer') return nodeServer(facts, call);
    return [];
  }
  const method = propertyName(callee);
  if (!method) return [];
  if (method === 'createServer') return nodeServer(facts, call);
  // Only these methods register handlers: the receiver's module (the costly part) is resolved for them alone.
  if (method !== 'route' && method !== 'use' && !VERBS.has(method)) return [];
  const receiver = unwrap(callee.object);
  if (method === 'route') {
    if (call.arguments.length !== 1) return [];
    const known = frameworkOfModule(facts.moduleOf(receiver)?.module);
    const arg = unwrap(call.arguments[0]);
    const options = arg.type === 'ArrayExpression' ? arg.elements : [arg];
    const out: Handler[] = [];
    for (const o of options) if (o && o.type === 'ObjectExpression') out.push(...routeOptions(facts, call, o, known));
    return out;
  }

  // The functions passed first: `map.get(key)` passes none, and is done before its receiver's module is resolved.
  const fns: { fn: FunctionNode; options?: boolean }[] = [];
  for (const arg of call.arguments) {
    const fn = functionOf(facts, arg);
    if (fn) {
      fns.push({ fn });
      continue;
    }
    const a = unwrap(arg);
    if (a.type === 'ObjectExpression') {
      for (const key of ['preHandler', 'onRequest', 'preValidation', 'handler']) {
        const f = functionOf(facts, propertyValue(a, key));
        if (f) fns.push({ fn: f, options: key === 'handler' });
      }
    }
  }
  if (fns.length === 0) return [];
  const known = frameworkOfModule(facts.moduleOf(receiver)?.module);
  let path = constantPath(facts, call.arguments[0]);
  // `router.route('/x').get(fn)`: the path is on the inner call.
  if (path === undefined && receiver.type === 'CallExpression') {
    const inner = unwrap(receiver.callee);
    if (inner.type === 'MemberExpression' && propertyName(inner) === 'route')
      path = constantPath(facts, receiver.arguments[0]);
  }
  if (method !== 'use' && path === undefined && !known) return [];
  if (method === 'use' && !known) {
    // `x.use(fn)` on an unknown receiver: accept only Express/Koa-shaped app or router names.
    const name = memberChain(receiver).join('.');
    if (!/^(app|router|server|api|koa|this\.app|this\.router)$/i.test(name) && !/(app|router)$/i.test(name)) return [];
  }
  if (method !== 'use' && !known) {
    // Unknown receiver with a literal path: only names that are apps and routers, not `map.get('/x')`.
    const name = memberChain(receiver).join('.');
    if (!/(app|router|routes|server|api|fastify|instance)$/i.test(name)) return [];
  }
  const out: Handler[] = [];
  fns.forEach(({ fn }, i) => {
    const framework = known ?? frameworkOfParams(fn);
    const kind = method === 'use' || i < fns.length - 1 ? 'middleware' : 'route';
    out.push(
      withParams(fn, framework, { method: method === 'del' ? 'delete' : method, path, kind, registration: call }),
    );
  });
  return out;
}

export function propertyValue(object: TSESTree.ObjectExpression, key: string): Node | undefined {
  for (const p of object.properties) {
    if (p.type !== 'Property' || p.computed || propertyKeyName(p.key) !== key) continue;
    // `handler(req, reply) { … }` method shorthand: the value is the function.
    return p.value;
  }
  return undefined;
}

/** `fastify.route({ method, url, handler })` and Hapi `server.route({ method, path, handler | options: { handler } })`. */
function routeOptions(
  facts: Facts,
  call: TSESTree.CallExpression,
  o: TSESTree.ObjectExpression,
  known: Framework | undefined,
): Handler[] {
  const url = constantPath(facts, propertyValue(o, 'url'));
  const hapiPath = constantPath(facts, propertyValue(o, 'path'));
  const framework: Framework | undefined =
    known === 'fastify' || known === 'hapi'
      ? known
      : url !== undefined
        ? 'fastify'
        : hapiPath !== undefined
          ? 'hapi'
          : undefined;
  if (!framework) return [];
  const methodNode = propertyValue(o, 'method');
  const m = methodNode && facts.constantOf(methodNode);
  const method = typeof m?.value === 'string' ? m.value.toLowerCase() : 'all';
  const path = framework === 'fastify' ? url : hapiPath;
  const out: Handler[] = [];
  const options = propertyValue(o, 'options') ?? propertyValue(o, 'config');
  const handlerNode =
    propertyValue(o, 'handler') ??
    (options && unwrap(options).type === 'ObjectExpression'
      ? propertyValue(unwrap(options) as TSESTree.ObjectExpression, 'handler')
      : undefined);
  for (const key of ['preHandler', 'onRequest', 'preValidation']) {
    const f = functionOf(facts, propertyValue(o, key));
    if (f) out.push(withParams(f, framework, { method, path, kind: 'middleware', registration: call }));
  }
  const fn = functionOf(facts, handlerNode);
  if (fn) out.push(withParams(fn, framework, { method, path, kind: 'route', registration: call }));
  return out;
}

function nodeServer(facts: Facts, call: TSESTree.CallExpression): Handler[] {
  const origin = facts.moduleOf(call.callee);
  if (frameworkOfModule(origin?.module) !== 'node') return [];
  const fn = functionOf(facts, call.arguments[call.arguments.length - 1]);
  return fn ? [withParams(fn, 'node', { method: 'all', kind: 'route', registration: call })] : [];
}

/** A decorator's name and arguments: `@Get(':id')` → Get, `@nest.Public` → Public, `@Public` → Public (no arguments). */
export function decoratorName(
  d: TSESTree.Decorator,
): { name: string; args: TSESTree.CallExpressionArgument[] } | undefined {
  const e = unwrap(d.expression);
  const c = e.type === 'CallExpression' ? unwrap(e.callee) : e;
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? propertyName(c) : undefined;
  return name ? { name, args: e.type === 'CallExpression' ? e.arguments : [] } : undefined;
}

/**
 * A handler's own name, which often says what it does (`login`, `deleteUser`): a named function
 * (`function login(req, res)`, `router.post('/x', function login(…))`), a Nest method, the
 * variable it is assigned to (`const login = …`), the property it is written as (`{ login(…) {} }`, `exports.login = …`), or the variable a wrapper
 * call is assigned to (`const login = catchAsync(…)`).
 */
export function handlerName(facts: Facts, h: Handler): string | undefined {
  const fn = h.fn as Node;
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const p = facts.parent(fn);
  if (p?.type === 'MethodDefinition') return propertyKeyName(p.key);
  if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if (p?.type === 'Property') return propertyKeyName(p.key);
  // `exports.login = (req, res) => …`, `module.exports.login = …`
  if (p?.type === 'AssignmentExpression' && p.right === fn && p.left.type === 'MemberExpression')
    return propertyName(p.left);
  // `const login = catchAsync(async (req, res) => …)`: the wrapper's variable.
  if (p?.type === 'CallExpression' && p.arguments.length === 1) {
    const g = facts.parent(p);
    if (g?.type === 'VariableDeclarator' && g.id.type === 'Identifier') return g.id.name;
    if (g?.type === 'AssignmentExpression' && g.left.type === 'MemberExpression') return propertyName(g.left);
  }
  return undefined;
}

function joinPath(prefix: string | undefined, path: string | undefined): string | undefined {
  if (prefix === undefined && path === undefined) return undefined;
  const parts = [prefix ?? '', path ?? ''].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return '/' + parts.join('/');
}

function nestHandlers(facts: Facts, cls: TSESTree.ClassDeclaration | TSESTree.ClassExpression): Handler[] {
  const out: Handler[] = [];
  const decorators = (cls.decorators ?? []).map(decoratorName).filter((d) => d !== undefined);
  const controller = decorators.find((d) => d.name === 'Controller');
  for (const element of cls.body.body) {
    if (element.type !== 'MethodDefinition' || element.kind !== 'method') continue;
    const fn = element.value as TSESTree.FunctionExpression;
    const name = propertyKeyName(element.key);
    if (name === 'canActivate' && !controller) {
      // A guard: the request is what `context.switchToHttp().getRequest()` returns.
      out.push({
        fn,
        framework: 'nestjs',
        method: 'guard',
        kind: 'guard',
        registration: element,
        request: guardRequestName(facts, fn),
      });
      continue;
    }
    if (!controller) continue;
    for (const d of (element.decorators ?? []).map(decoratorName)) {
      if (!d || !(d.name in NEST_VERBS)) continue;
      const prefix = controller.args[0] ? constantPath(facts, controller.args[0]) : undefined;
      const path = joinPath(prefix, d.args[0] ? constantPath(facts, d.args[0]) : undefined) ?? '/';
      const handler: Handler = {
        fn,
        framework: 'nestjs',
        method: NEST_VERBS[d.name],
        path,
        kind: 'route',
        registration: element,
      };
      fn.params.forEach((p, i) => {
        const param = p.type === 'TSParameterProperty' ? p.parameter : p;
        for (const pd of ((param as { decorators?: TSESTree.Decorator[] }).decorators ?? []).map(decoratorName)) {
          if (pd?.name === 'Req' || pd?.name === 'Request') handler.request = paramName(fn, i);
          if (pd?.name === 'Res' || pd?.name === 'Response') handler.response = paramName(fn, i);
        }
      });
      out.push(handler);
      break;
    }
  }
  return out;
}

function guardRequestName(facts: Facts, fn: FunctionNode): string | undefined {
  for (const decl of facts.nodesOfType('VariableDeclarator')) {
    if (decl.range[0] < fn.range[0] || decl.range[1] > fn.range[1] || decl.id.type !== 'Identifier' || !decl.init)
      continue;
    const init = unwrap(decl.init);
    if (init.type === 'CallExpression' && memberChain(init).at(-1) === 'getRequest') return decl.id.name;
  }
  return undefined;
}

function nextHandlers(facts: Facts, file: string | undefined): Handler[] {
  const out: Handler[] = [];
  const normalized = file?.replace(/\\/g, '/');
  const routeFile = normalized && /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/.exec(normalized);
  const apiFile = normalized && /(^|\/)pages\/api\/(.*)\.[cm]?[jt]sx?$/.exec(normalized);
  const routePath = routeFile
    ? '/' + (normalized!.split(/(?:^|\/)app\//).pop() ?? '').replace(/\/?route\.[cm]?[jt]sx?$/, '')
    : undefined;
  for (const exp of facts.nodesOfType('ExportNamedDeclaration')) {
    const decl = exp.declaration;
    if (decl?.type === 'FunctionDeclaration' && decl.id && NEXT_VERBS.has(decl.id.name)) {
      out.push({
        fn: decl,
        framework: 'nextjs',
        method: decl.id.name.toLowerCase(),
        path: routePath,
        kind: 'route',
        registration: exp,
        request: paramName(decl, 0),
      });
    } else if (decl?.type === 'VariableDeclaration') {
      for (const d of decl.declarations) {
        const fn =
          d.id.type === 'Identifier' && NEXT_VERBS.has(d.id.name) ? functionOf(facts, d.init ?? undefined) : undefined;
        if (fn && d.id.type === 'Identifier')
          out.push({
            fn,
            framework: 'nextjs',
            method: d.id.name.toLowerCase(),
            path: routePath,
            kind: 'route',
            registration: exp,
            request: paramName(fn, 0),
          });
      }
    }
  }
  for (const exp of facts.nodesOfType('ExportDefaultDeclaration')) {
    const fn = functionOf(facts, exp.declaration as Node);
    if (!fn) continue;
    const typedNext = fn.params.some((p) => /\bNextApiRequest\b/.test(facts.source(p)));
    if (!apiFile && !typedNext) continue;
    const path = apiFile ? '/api/' + apiFile[2].replace(/\/index$/, '') : undefined;
    out.push({
      fn,
      framework: 'nextjs',
      method: 'all',
      path,
      kind: 'route',
      registration: exp,
      request: paramName(fn, 0),
      response: paramName(fn, 1),
    });
  }
  return out;
}

/** A route registration: the handler, the method (`use` for middleware) and the literal path if any. */
export interface RouteRegistration {
  fn: Node;
  /** Lower-case HTTP method or 'use' for middleware. */
  method: string;
  path?: string;
  call: TSESTree.CallExpression;
}

/** Methods whose calls register a handler by shape. */
const REGISTRATION_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'head',
  'options',
  'route',
]);

/**
 * The registration call a function is passed to as a route handler or middleware, by shape alone
 * (`<anything>.get('/x', fn)`, `app.use(fn)`, `router.route('/x').get(fn)`), whatever the framework:
 * the loose reading the outside-data query uses to name a request parameter. `findHandlers` above is
 * the framework-resolved model; this is its shape test, kept for callers that need no framework.
 */
export function routeRegistrationOf(facts: Facts, fn: Node): RouteRegistration | undefined {
  const call = facts.parent(fn);
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument))
    return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee);
  if (!method || !REGISTRATION_METHODS.has(method)) return undefined;
  const first = call.arguments[0];
  const path = first && first.type === 'Literal' && typeof first.value === 'string' ? first.value : undefined;
  if (method !== 'use' && path === undefined) {
    // `router.route('/x').get(fn)` and `app.get(fn)`-style chains have no literal path here.
    if (callee.object.type !== 'CallExpression') return undefined;
  }
  return { fn, method, path, call };
}
