// defaults/cors-credentials: cross-origin requests with credentials from any origin — a CORS
// options object (cors, @koa/cors, @fastify/cors, NestJS enableCors, hapi route `cors`, Socket.IO
// `cors`) with `credentials: true` and an origin that accepts everyone (`true`, `'*'`, `['*']`,
// `/.*/`, a callback that always says yes or returns the origin it was given; @koa/cors with no
// origin echoes the request's), and a hand-written `Access-Control-Allow-Origin` (a header setter,
// or a headers object written directly) that reflects the request's `Origin` while
// `Access-Control-Allow-Credentials: true` is sent.

import type { TSESTree } from '@typescript-eslint/types';
import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { type Facts, type Node, memberChain, propertyName, unwrap } from '../../../server/engine/facts';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { type ObjectNode, objectOf, property } from '../shared/objects';

const ALLOW_LIST = "(process.env.CORS_ORIGINS ?? '').split(',').filter(Boolean)";

export default defineRule({
  meta: {
    id: 'defaults/cors-credentials',
    title: 'Credentialed CORS for any origin',
    summary:
      'CORS allows credentials (cookies) for any origin, reflected or wildcard; list the origins that may call with credentials.',
    cwe: ['CWE-942', 'CWE-346'],
    ssdf: ['PW.9.1', 'PW.5.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      options:
        'CORS allows credentials for any origin ({{how}}): any website a signed-in user visits can call this API with their cookies and read the answers. Allow an explicit list of origins.',
      header:
        "Access-Control-Allow-Origin reflects the request's Origin while credentials are allowed: any website a signed-in user visits can call this API with their cookies and read the answers. Compare the origin with an allow-list before echoing it.",
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    const { facts } = context;
    // Each object with its spreads followed (`cors({ ...corsDefaults, credentials: true })`); a property
    // reached from two objects (the base and the one spreading it) is reported once.
    const reported = new Set<Node>();
    for (const object of facts.nodesOfType('ObjectExpression'))
      checkOptions(context, objectOf(facts, object) ?? object, reported);
    checkHeaders(context);
  },
});

/** How an origin value accepts every origin, or undefined when it does not. */
function permissive(facts: Facts, value: Node): string | undefined {
  const v = unwrap(value);
  const c = facts.constantOf(v);
  if (c?.value === true) return '`origin: true` reflects every origin';
  if (c?.value === '*') return "`origin: '*'`";
  if (c?.value instanceof RegExp && /^(\^?\.[*+]\$?|\^?\.\*)$/.test(c.value.source))
    return 'an origin pattern that matches everything';
  if (v.type === 'ArrayExpression' && v.elements.some((e) => e && facts.constantOf(e)?.value === '*'))
    return "`origin: ['*']`, which frameworks answer by echoing the origin";
  if (v.type === 'FunctionExpression' || v.type === 'ArrowFunctionExpression') {
    if (acceptsAll(facts, v)) return 'an origin callback that accepts every origin';
  }
  if (reflectsRequestOrigin(facts, v)) return "the request's own Origin header";
  if (openFallback(facts, v)) return 'an allow-list that falls back to every origin when it is empty or unset';
  return undefined;
}

/** An allow-list with a fallback that accepts everyone: `list.length ? list : true`, `list || '*'`. */
function openFallback(facts: Facts, v: Node): Node | undefined {
  const branches =
    v.type === 'ConditionalExpression'
      ? [v.consequent, v.alternate]
      : v.type === 'LogicalExpression' && v.operator !== '&&'
        ? [v.right]
        : [];
  return branches.find((branch) => {
    const b = facts.constantOf(unwrap(branch))?.value;
    return b === true || b === '*';
  });
}

/** `(origin, cb) => cb(null, true)`, `cb(null, origin)`, `(ctx) => ctx.get('Origin')`: no condition on the origin. */
function acceptsAll(facts: Facts, fn: TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression): boolean {
  const hasCondition =
    facts.nodesOfTypeWithin('IfStatement', fn).length > 0 ||
    facts.nodesOfTypeWithin('ConditionalExpression', fn).length > 0 ||
    facts.nodesOfTypeWithin('LogicalExpression', fn).length > 0 ||
    facts.nodesOfTypeWithin('SwitchStatement', fn).length > 0;
  if (hasCondition) return false;
  const param = fn.params[0]?.type === 'Identifier' ? fn.params[0].name : undefined;
  const cbName = fn.params[1]?.type === 'Identifier' ? fn.params[1].name : undefined;
  for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
    const callee = unwrap(call.callee);
    if (cbName && callee.type === 'Identifier' && callee.name === cbName && call.arguments[1]) {
      const arg = unwrap(call.arguments[1]);
      if (facts.constantOf(arg)?.value === true) return true;
      if (arg.type === 'Identifier' && arg.name === param) return true;
    }
  }
  // An expression body or a return of the origin (or of true).
  const body =
    fn.body.type === 'BlockStatement' ? fn.body.body.find((s) => s.type === 'ReturnStatement')?.argument : fn.body;
  if (!body) return false;
  const b = unwrap(body);
  if (facts.constantOf(b)?.value === true || facts.constantOf(b)?.value === '*') return true;
  if (b.type === 'Identifier' && b.name === param) return fn.params.length >= 1 && !cbName;
  return reflectsRequestOrigin(facts, b);
}

/** `req.headers.origin`, `req.get('origin')`, `ctx.get('Origin')`, `ctx.request.header.origin`, or a variable holding one. */
function reflectsRequestOrigin(facts: Facts, node: Node, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression')
    return reflectsRequestOrigin(facts, n.left, depth) || reflectsRequestOrigin(facts, n.right, depth);
  if (n.type === 'MemberExpression' && propertyName(n) === 'origin') {
    const chain = memberChain(n);
    return chain.includes('headers') || chain.includes('header');
  }
  if (
    n.type === 'MemberExpression' &&
    n.computed &&
    String(facts.constantOf(n.property)?.value ?? '').toLowerCase() === 'origin'
  )
    return true;
  if (
    n.type === 'CallExpression' &&
    n.arguments.length === 1 &&
    String(facts.constantOf(n.arguments[0])?.value ?? '').toLowerCase() === 'origin'
  ) {
    const name = facts.calleeName(n);
    return name === 'get' || name === 'header' || name === 'getHeader';
  }
  if (n.type === 'Identifier' && depth < 3) {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    if (variable && def?.type === 'Variable' && def.node.init && facts.isSingleAssignment(variable))
      return reflectsRequestOrigin(facts, def.node.init, depth + 1);
  }
  return false;
}

function checkOptions(context: RuleContext, object: ObjectNode, reported: Set<Node>): void {
  const { facts } = context;
  const credentials = property(object, 'credentials');
  if (!credentials || facts.constantOf(credentials.value)?.value !== true) return;
  const origin = property(object, 'origin');
  if (origin && reported.has(origin)) return;
  if (origin) reported.add(origin);
  let how: string | undefined;
  if (origin) how = permissive(facts, origin.value);
  else if (isKoaCors(facts, object)) how = "@koa/cors without `origin` echoes the request's Origin";
  if (!how) return;
  // The options of a CORS library, NestJS enableCors, a hapi route `cors`, Socket.IO `cors`: any object with both keys.
  const fix = origin && !isKoaCors(facts, object) ? allowListFix(facts, origin) : undefined;
  context.report({
    messageId: 'options',
    data: { how },
    span: facts.span(origin ?? object),
    ...(fix ? { fixes: [fix] } : {}),
  });
}

function isKoaCors(facts: Facts, object: ObjectNode): boolean {
  const call = facts.parent(object);
  return call?.type === 'CallExpression' && facts.moduleOf(unwrap(call.callee))?.module === '@koa/cors';
}

function allowListFix(facts: Facts, origin: TSESTree.Property): Fix {
  // Keep the team's own list; only the fallback to everyone becomes "no cross-origin access".
  const fallback = openFallback(facts, unwrap(origin.value));
  if (fallback)
    return {
      title: 'Refuse cross-origin requests when the allow-list is empty',
      kind: 'needs-review',
      changes: 'with the allow-list empty or unset, no other origin may call with credentials (it was every origin)',
      preferred: true,
      edits: [{ span: facts.span(fallback), newText: 'false' }],
    };
  return {
    title: 'Allow only the origins listed in CORS_ORIGINS',
    kind: 'needs-review',
    changes:
      'only origins listed (comma-separated) in the CORS_ORIGINS environment variable may call with credentials; every other origin is refused',
    preferred: true,
    edits: [
      {
        span: facts.span(origin.shorthand ? origin : origin.value),
        newText: origin.shorthand ? `origin: ${ALLOW_LIST}` : ALLOW_LIST,
      },
    ],
  };
}

/** Hand-written headers: a reflected origin in a function that also allows credentials. */
function checkHeaders(context: RuleContext): void {
  const { facts } = context;
  const setters = new Set(['setHeader', 'header', 'set', 'append', 'writeHead']);
  const origins: { call: Node; value: Node }[] = [];
  const credentialScopes = new Set<Node | undefined>();
  for (const call of facts.nodesOfType('CallExpression')) {
    const name = facts.calleeName(call);
    if (!name || !setters.has(name) || call.arguments.length < 2) continue;
    const header = String(facts.constantOf(call.arguments[0])?.value ?? '').toLowerCase();
    if (header === 'access-control-allow-origin') origins.push({ call, value: call.arguments[1] });
    else if (
      header === 'access-control-allow-credentials' &&
      String(facts.constantOf(call.arguments[1])?.value) === 'true'
    )
      credentialScopes.add(facts.enclosingFunction(call));
  }
  // A headers object written directly: `response.headers['access-control-allow-origin'] = origin` (hapi's onPreResponse, raw Node).
  for (const assignment of facts.nodesOfType('AssignmentExpression')) {
    const left = unwrap(assignment.left);
    if (assignment.operator !== '=' || left.type !== 'MemberExpression') continue;
    const header = (propertyName(left) ?? '').toLowerCase();
    if (header === 'access-control-allow-origin') origins.push({ call: assignment, value: assignment.right });
    else if (
      header === 'access-control-allow-credentials' &&
      String(facts.constantOf(assignment.right)?.value) === 'true'
    )
      credentialScopes.add(facts.enclosingFunction(assignment));
  }
  for (const { call, value } of origins) {
    if (!credentialScopes.has(facts.enclosingFunction(call))) continue;
    const v = unwrap(value);
    const wildcard = facts.constantOf(v)?.value === '*';
    if (!wildcard && !reflectsRequestOrigin(facts, v)) continue;
    if (!wildcard && guarded(facts, call, v)) continue;
    context.report({ messageId: 'header', span: facts.span(call) });
  }
}

/**
 * The echo sits under a condition that compares the origin with something (an allow-list check).
 * A condition that only asks whether an Origin was sent (`if (origin)`, `origin !== undefined`)
 * is no check: every website sends one.
 */
function guarded(facts: Facts, call: Node, value: Node): boolean {
  const name = unwrap(value).type === 'Identifier' ? (unwrap(value) as TSESTree.Identifier).name : undefined;
  const mentions = (test: Node): boolean =>
    /origin/i.test(facts.source(test)) || (!!name && facts.source(test).includes(name));
  for (const a of facts.ancestors(call)) {
    if (
      (a.type === 'IfStatement' || a.type === 'ConditionalExpression') &&
      mentions(a.test) &&
      comparesOrigin(facts, a.test)
    )
      return true;
    if (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression')
      break;
  }
  // An early return when the origin is not allowed: `if (!ALLOWED.has(origin)) return next();`.
  const fn = facts.enclosingFunction(call);
  if (!fn) return false;
  return facts
    .nodesOfTypeWithin('IfStatement', fn)
    .some(
      (s) =>
        s.range[1] <= call.range[0] &&
        mentions(s.test) &&
        comparesOrigin(facts, s.test) &&
        /return|throw/.test(facts.source(s.consequent)),
    );
}

/** A test that compares a value with something — a call (`ALLOWED.has(o)`, `isAllowed(o)`) or an equality with a non-empty value — rather than only testing that it is there. */
function comparesOrigin(facts: Facts, test: Node): boolean {
  const t = unwrap(test);
  switch (t.type) {
    case 'LogicalExpression':
      return comparesOrigin(facts, t.left) || comparesOrigin(facts, t.right);
    case 'UnaryExpression':
      return t.operator === '!' && comparesOrigin(facts, t.argument);
    case 'CallExpression':
      return true;
    case 'BinaryExpression': {
      if (!['===', '!==', '==', '!='].includes(t.operator)) return true;
      const nothing = (n: Node): boolean => {
        const u = unwrap(n);
        if (u.type === 'Identifier' && u.name === 'undefined') return true;
        if (u.type === 'UnaryExpression' && u.operator === 'typeof') return true;
        const c = facts.constantOf(u);
        return !!c && (c.value === null || c.value === '' || c.value === 'string' || c.value === 'undefined');
      };
      return !nothing(t.left) && !nothing(t.right);
    }
    default:
      return false;
  }
}
