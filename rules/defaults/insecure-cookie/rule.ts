// defaults/insecure-cookie: a session or authentication cookie set without HttpOnly, Secure
// (outside local development) or SameSite — Express `res.cookie`, Fastify `reply.setCookie`, Koa
// `ctx.cookies.set`, Next.js `cookies().set` / `res.cookies.set`, the `cookie` package's
// `serialize`, a hand-written `Set-Cookie` header, and the session middlewares' cookie options
// (express-session, cookie-session, koa-session, @hapi/cookie). Each library's own defaults count:
// express-session is HttpOnly by default, Koa's `ctx.cookies.set` too, @hapi/cookie is safe unless
// told otherwise. A flag decided at run time (`secure: isProd`) is the team's local-development
// switch and is not judged.

import type { TSESTree } from '@typescript-eslint/types';
import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { functionName } from '../shared/facts';
import { type Facts, type Node, memberChain, propertyName, unwrap } from '../../../server/engine/facts';
import type { Fix, FlowStep, RuleContext, TextEdit } from '../../../server/engine/types';
import { usedOptionValues } from '../shared/cross-file';
import {
  type FlagValue,
  type ObjectNode,
  appendArgument,
  flagOf,
  hasSpread,
  objectOf,
  property,
  setProperties,
  stringOf,
} from '../shared/objects';

type Flag = 'httpOnly' | 'secure' | 'sameSite';
type Style = 'plain' | 'hapi';

/** A library's cookie options: which flags are on when absent, and how they are spelled. */
interface Shape {
  what: string;
  defaults: Record<Flag, boolean>;
  style: Style;
}

const NONE: Record<Flag, boolean> = { httpOnly: false, secure: false, sameSite: false };
const HTTP_ONLY: Record<Flag, boolean> = { httpOnly: true, secure: false, sameSite: false };
const ALL: Record<Flag, boolean> = { httpOnly: true, secure: true, sameSite: true };

const KEYS: Record<Style, Record<Flag, string>> = {
  plain: { httpOnly: 'httpOnly', secure: 'secure', sameSite: 'sameSite' },
  hapi: { httpOnly: 'isHttpOnly', secure: 'isSecure', sameSite: 'isSameSite' },
};
const HAPI_KEYS = Object.values(KEYS.hapi);
const PLAIN_KEYS = Object.values(KEYS.plain);
const VALUES: Record<Style, Record<Flag, string>> = {
  plain: { httpOnly: 'true', secure: "process.env.NODE_ENV !== 'development'", sameSite: "'lax'" },
  hapi: { httpOnly: 'true', secure: "process.env.NODE_ENV !== 'development'", sameSite: "'Lax'" },
};

/** Names of cookies that carry a session or an identity. */
const AUTH_NAME =
  /sess|sid\b|sid$|auth|token|jwt|login|remember|ident|access|refresh|bearer|credential|^user|_user|user_?id|account/i;
/** Cookies meant to be read by script or of no security value. */
const PLAIN_NAME =
  /csrf|xsrf|theme|locale|lang|consent|pref|cart|currency|timezone|\btz\b|banner|tracking|analytics|experiment|variant|^ab_|ui_|sidebar|color/i;
const AUTH_VALUE = /token|jwt|session|sid\b|signed|bearer|credential/i;

export default defineRule({
  meta: {
    id: 'defaults/insecure-cookie',
    title: 'Session or authentication cookie without HttpOnly, Secure or SameSite',
    summary:
      'A session or authentication cookie is set without HttpOnly, Secure (outside local development) or SameSite; set all three.',
    cwe: ['CWE-1004', 'CWE-614', 'CWE-1275'],
    ssdf: ['PW.9.1', 'PW.5.1'],
    severity: 'warning',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      cookie:
        '{{what}} `{{name}}` is set without {{missing}}: {{why}} Set httpOnly, secure outside local development, and sameSite.',
      session:
        '{{what}} is configured without {{missing}}: {{why}} Set httpOnly, secure outside local development, and sameSite.',
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    const { facts } = context;
    for (const call of facts.nodesOfType('CallExpression')) checkCall(context, call);
    // Options another module uses are judged with that middleware's defaults first; a helper's object is reported once.
    const judged = checkUsedElsewhere(context);
    for (const type of ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const)
      for (const fn of facts.nodesOfType(type)) checkOptionsHelper(context, fn, judged);
  },
});

function why(missing: Flag[]): string {
  const parts: string[] = [];
  if (missing.includes('httpOnly')) parts.push('any script injected into the page can read it');
  if (missing.includes('secure')) parts.push('it travels over plain HTTP, where anyone on the network can copy it');
  if (missing.includes('sameSite')) parts.push('other sites can make the browser send it with their requests (CSRF)');
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function listMissing(missing: Flag[], style: Style): string {
  const names = missing.map((f) => `\`${KEYS[style][f]}\``);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The flags a cookie lacks, given its options object (absent: library defaults only). */
function missingFlags(facts: Facts, object: ObjectNode | undefined, shape: Shape): Flag[] | undefined {
  // An options object we cannot see (a call, a parameter) is not judged.
  const out: Flag[] = [];
  for (const flag of ['httpOnly', 'secure', 'sameSite'] as Flag[]) {
    const value: FlagValue = flagOf(facts, object, KEYS[shape.style][flag]);
    if (value === 'unknown') continue;
    if (value === 'off' || (value === 'absent' && !shape.defaults[flag])) out.push(flag);
  }
  // SameSite=None is a deliberate cross-site cookie: acceptable only with Secure, which is judged above.
  if (
    object &&
    stringOf(facts, object, KEYS[shape.style].sameSite)?.toLowerCase() === 'none' &&
    out.includes('secure') === false
  )
    return out;
  return out;
}

function fixFor(
  facts: Facts,
  call: TSESTree.CallExpression | undefined,
  object: ObjectNode | undefined,
  missing: Flag[],
  shape: Shape,
  optionsIndex: number,
): Fix | undefined {
  const values: [string, string][] = missing.map((f) => [KEYS[shape.style][f], VALUES[shape.style][f]]);
  let edits: TextEdit[] | undefined;
  if (object) edits = setProperties(facts, object, values);
  else if (call && call.arguments.length === optionsIndex) {
    const e = appendArgument(call, `{ ${values.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
    edits = e ? [e] : undefined;
  }
  if (!edits?.length) return undefined;
  return {
    title: `Set ${missing.map((f) => KEYS[shape.style][f]).join(', ')} on the cookie`,
    kind: 'needs-review',
    changes:
      'the cookie is no longer readable by script, is sent over HTTPS only outside NODE_ENV=development, and is not sent on cross-site requests (SameSite=Lax)',
    preferred: true,
    edits,
  };
}

function report(
  context: RuleContext,
  at: Node,
  call: TSESTree.CallExpression | undefined,
  object: ObjectNode | undefined,
  missing: Flag[],
  shape: Shape,
  name: string | undefined,
  optionsIndex: number,
  steps?: FlowStep[],
): void {
  if (!missing.length) return;
  const fix = fixFor(context.facts, call, object, missing, shape, optionsIndex);
  context.report({
    messageId: name === undefined ? 'session' : 'cookie',
    data: { what: shape.what, name: name ?? '', missing: listMissing(missing, shape.style), why: why(missing) },
    span: context.facts.span(at),
    ...(fix ? { fixes: [fix] } : {}),
    ...(steps ? { steps } : {}),
  });
}

/** Session middlewares whose options another module may hold: their cookie defaults, and whether the flags sit under `cookie`. */
const SESSION_SHAPES: Record<string, { shape: Shape; nested: boolean }> = {
  'express-session': {
    shape: { what: 'The express-session cookie', defaults: HTTP_ONLY, style: 'plain' },
    nested: true,
  },
  'cookie-session': {
    shape: { what: 'The cookie-session cookie', defaults: HTTP_ONLY, style: 'plain' },
    nested: false,
  },
  'koa-session': { shape: { what: 'The koa-session cookie', defaults: HTTP_ONLY, style: 'plain' }, nested: false },
  ...Object.fromEntries(
    ['@fastify/session', 'fastify-session', '@fastify/secure-session'].map((m) => [
      m,
      {
        shape: {
          what: 'The Fastify session cookie',
          defaults: { httpOnly: true, secure: true, sameSite: false },
          style: 'plain',
        },
        nested: true,
      },
    ]),
  ),
};

/**
 * Cookie options this (config) module holds and another module hands to a session middleware
 * (`cookie: sessionCookieOptions(config)`, `session({ ...config.session })`): judged here, reported
 * at the object (or the `cookie` property) that holds them, with a step at each use.
 */
function checkUsedElsewhere(context: RuleContext): Set<Node> {
  const { facts } = context;
  const judged = new Set<Node>();
  for (const [value, use] of usedOptionValues(facts, (sink) => /^(?:cookie|session):/.test(sink))) {
    const [kind, module] = [use.sink.slice(0, use.sink.indexOf(':')), use.sink.slice(use.sink.indexOf(':') + 1)];
    const known = SESSION_SHAPES[module];
    const options = known && objectOf(facts, value);
    if (!options) continue;
    let cookie: ObjectNode | undefined = options;
    let at: Node = options;
    if (kind === 'session' && known.nested) {
      // The whole options: their `cookie` object, when this module writes one (absent: the using module decides).
      const cookieProp = property(options, 'cookie');
      cookie = cookieProp && objectOf(facts, cookieProp.value);
      if (!cookie) continue;
      at = cookieProp!;
    }
    judged.add(options);
    report(
      context,
      at,
      undefined,
      cookie,
      missingFlags(facts, cookie, known.shape) ?? [],
      known.shape,
      undefined,
      0,
      use.steps,
    );
  }
  return judged;
}

/** Whether a cookie (by its name, else by its value) carries a session or identity. */
function isAuthCookie(
  facts: Facts,
  nameNode: Node | undefined,
  valueNode: Node | undefined,
): { auth: boolean; name: string } {
  const c = nameNode && facts.constantOf(nameNode);
  const valueText = valueNode ? facts.source(valueNode) : '';
  // A name that says nothing either way (`bo_impersonate`) is judged by its value: a token or session id.
  if (typeof c?.value === 'string')
    return {
      auth: !PLAIN_NAME.test(c.value) && (AUTH_NAME.test(c.value) || AUTH_VALUE.test(valueText)),
      name: c.value,
    };
  const nameText = nameNode ? facts.source(nameNode) : '';
  return { auth: AUTH_VALUE.test(valueText) && !PLAIN_NAME.test(nameText), name: nameText || 'cookie' };
}

function moduleIs(facts: Facts, node: Node, ...modules: string[]): boolean {
  const m = facts.moduleOf(node)?.module;
  return m !== undefined && modules.includes(m);
}

/** The module's own default export called (`session({…})`), not one of its members. */
function moduleCall(facts: Facts, node: Node, module: string): boolean {
  const origin = facts.moduleOf(node);
  return (
    origin?.module === module &&
    (origin.path.length === 0 || (origin.path.length === 1 && origin.path[0] === 'default'))
  );
}

function checkCall(context: RuleContext, call: TSESTree.CallExpression): void {
  const { facts } = context;
  const callee = unwrap(call.callee);
  const method =
    callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
  if (!method) return;
  const args = call.arguments;

  // Session middlewares: the whole cookie is a session cookie.
  if (callee.type === 'Identifier' || callee.type === 'MemberExpression') {
    if (moduleCall(facts, callee, 'express-session') && args.length >= 1) {
      const options = objectOf(facts, args[0]);
      if (!options) return;
      const cookieProp = property(options, 'cookie');
      const cookie = cookieProp ? objectOf(facts, cookieProp.value) : undefined;
      if (cookieProp && !cookie) return;
      // `session({ ...config.session, secret })`: the cookie may come from the spread (judged where it is written).
      if (!cookieProp && hasSpread(options)) return;
      const shape: Shape = { what: 'The express-session cookie', defaults: HTTP_ONLY, style: 'plain' };
      const missing = missingFlags(facts, cookie, shape);
      if (!missing?.length) return;
      if (cookie) report(context, cookieProp!, call, cookie, missing, shape, undefined, 1);
      else {
        const fix = addCookieObject(facts, options, missing, shape);
        context.report({
          messageId: 'session',
          data: { what: shape.what, name: '', missing: listMissing(missing, 'plain'), why: why(missing) },
          span: facts.span(call),
          ...(fix ? { fixes: [fix] } : {}),
        });
      }
      return;
    }
    if (moduleCall(facts, callee, 'cookie-session') && args.length >= 1) {
      const options = objectOf(facts, args[0]);
      if (options)
        report(
          context,
          call,
          call,
          options,
          missingFlags(facts, options, { what: 'The cookie-session cookie', defaults: HTTP_ONLY, style: 'plain' }) ??
            [],
          { what: 'The cookie-session cookie', defaults: HTTP_ONLY, style: 'plain' },
          undefined,
          1,
        );
      return;
    }
    if (moduleCall(facts, callee, 'koa-session') && args.length >= 1) {
      const options = objectOf(facts, args[0]);
      const shape: Shape = { what: 'The koa-session cookie', defaults: HTTP_ONLY, style: 'plain' };
      if (options) report(context, call, call, options, missingFlags(facts, options, shape) ?? [], shape, undefined, 2);
      return;
    }
  }

  // `fastify.register(fastifySession | fastifyCookie…, { cookie: {…} })`: secure by default; explicit offs only.
  if (
    method === 'register' &&
    args.length >= 2 &&
    moduleIs(facts, args[0], '@fastify/session', 'fastify-session', '@fastify/secure-session')
  ) {
    const options = objectOf(facts, args[1]);
    const cookieProp = options && property(options, 'cookie');
    const cookie = cookieProp && objectOf(facts, cookieProp.value);
    if (cookie) {
      const shape: Shape = {
        what: 'The Fastify session cookie',
        defaults: { httpOnly: true, secure: true, sameSite: false },
        style: 'plain',
      };
      report(context, cookieProp!, call, cookie, missingFlags(facts, cookie, shape) ?? [], shape, undefined, 2);
    }
    return;
  }

  // hapi: `server.auth.strategy(name, 'cookie', { cookie: { isSecure, isHttpOnly, isSameSite } })`.
  if (method === 'strategy' && args.length >= 3 && facts.constantOf(args[1])?.value === 'cookie') {
    const options = objectOf(facts, args[2]);
    const cookieProp = options && property(options, 'cookie');
    const cookie = cookieProp && objectOf(facts, cookieProp.value);
    if (cookie) {
      const shape: Shape = { what: 'The @hapi/cookie session cookie', defaults: ALL, style: 'hapi' };
      report(context, cookieProp!, call, cookie, missingFlags(facts, cookie, shape) ?? [], shape, undefined, 3);
    }
    return;
  }

  // hapi: `server.state(name, opts)` declares a cookie, `h.state(name, value, opts)` sets one. hapi's
  // defaults are Secure, HttpOnly and SameSite=Strict: only what the options turn off is missing.
  if (method === 'state' && callee.type === 'MemberExpression' && (args.length === 2 || args.length === 3)) {
    const optionsIndex = args.length - 1;
    const object = objectOf(facts, args[optionsIndex]);
    if (!object || !HAPI_KEYS.some((k) => property(object, k))) return;
    const { auth, name } = isAuthCookie(facts, args[0], args.length === 3 ? args[1] : undefined);
    if (!auth) return;
    const shape: Shape = { what: 'The hapi cookie', defaults: ALL, style: 'hapi' };
    report(context, call, call, object, missingFlags(facts, object, shape) ?? [], shape, name, optionsIndex);
    return;
  }

  // `res.cookie(name, value, opts)` (Express) and `reply.setCookie(name, value, opts)` (Fastify).
  if ((method === 'cookie' || method === 'setCookie') && callee.type === 'MemberExpression' && args.length >= 2) {
    const receiver = memberChain(callee.object).join('.');
    if (
      !/^(res|response|reply|ctx\.res|this\.res|resp)$/i.test(receiver) &&
      !isResponseParam(context, call, callee.object)
    )
      return;
    const { auth, name } = isAuthCookie(facts, args[0], args[1]);
    if (!auth) return;
    const object = args[2] ? objectOf(facts, args[2]) : undefined;
    if (args[2] && !object) return;
    const shape: Shape = {
      what: method === 'cookie' ? 'The cookie' : 'The Fastify cookie',
      defaults: NONE,
      style: 'plain',
    };
    report(context, call, call, object, missingFlags(facts, object, shape) ?? [], shape, name, 2);
    return;
  }

  // `ctx.cookies.set(name, value, opts)` (Koa) and Next.js `cookies().set(…)`, `res.cookies.set(…)`.
  if (method === 'set' && callee.type === 'MemberExpression') {
    const receiver = unwrap(callee.object);
    const chain = memberChain(receiver);
    if (chain[chain.length - 1] !== 'cookies') return;
    const koa = chain.length === 2 && /^(ctx|context)$/.test(chain[0]);
    const shape: Shape = koa
      ? { what: 'The Koa cookie', defaults: HTTP_ONLY, style: 'plain' }
      : { what: 'The Next.js cookie', defaults: NONE, style: 'plain' };
    // Next.js also takes one object: `cookies().set({ name, value, httpOnly… })`.
    if (args.length === 1) {
      const object = objectOf(facts, args[0]);
      if (!object) return;
      const nameProp = property(object, 'name');
      const valueProp = property(object, 'value');
      const { auth, name } = isAuthCookie(facts, nameProp?.value, valueProp?.value);
      if (auth) report(context, call, call, object, missingFlags(facts, object, shape) ?? [], shape, name, 1);
      return;
    }
    if (args.length < 2) return;
    const { auth, name } = isAuthCookie(facts, args[0], args[1]);
    if (!auth) return;
    const object = args[2] ? objectOf(facts, args[2]) : undefined;
    if (args[2] && !object) return;
    report(context, call, call, object, missingFlags(facts, object, shape) ?? [], shape, name, 2);
    return;
  }

  // The `cookie` package: `serialize(name, value, opts)`.
  if (method === 'serialize' && args.length >= 2 && moduleIs(facts, callee, 'cookie')) {
    const { auth, name } = isAuthCookie(facts, args[0], args[1]);
    if (!auth) return;
    const object = args[2] ? objectOf(facts, args[2]) : undefined;
    if (args[2] && !object) return;
    const shape: Shape = { what: 'The cookie', defaults: NONE, style: 'plain' };
    report(context, call, call, object, missingFlags(facts, object, shape) ?? [], shape, name, 2);
    return;
  }

  // A hand-written header: `res.setHeader('Set-Cookie', 'sid=…; Path=/')`.
  if (
    (method === 'setHeader' || method === 'header' || method === 'set' || method === 'append') &&
    args.length >= 2 &&
    String(facts.constantOf(args[0])?.value ?? '').toLowerCase() === 'set-cookie'
  ) {
    const value = unwrap(args[1]);
    if (value.type !== 'Literal' && value.type !== 'TemplateLiteral') return;
    const text =
      value.type === 'Literal' ? String(value.value) : value.quasis.map((q) => q.value.cooked ?? '').join('${}');
    const cookieName = /^\s*([^=;\s]+)=/.exec(text)?.[1] ?? '';
    if (!AUTH_NAME.test(cookieName) || PLAIN_NAME.test(cookieName)) return;
    const missing: Flag[] = [];
    if (!/;\s*httponly\b/i.test(text)) missing.push('httpOnly');
    if (!/;\s*secure\b/i.test(text)) missing.push('secure');
    if (!/;\s*samesite=/i.test(text)) missing.push('sameSite');
    if (!missing.length) return;
    context.report({
      messageId: 'cookie',
      data: {
        what: 'The Set-Cookie header',
        name: cookieName,
        missing: listMissing(missing, 'plain'),
        why: why(missing),
      },
      span: facts.span(call),
    });
  }
}

/**
 * A helper that builds a session cookie's options for its callers (`sessionCookieOptions(config)`,
 * `function authCookie(): CookieOptions`): the object it returns is judged where it is written, as
 * the caller's options would be (no library default assumed: the caller may hand it to any).
 */
function checkOptionsHelper(
  context: RuleContext,
  fn: TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression,
  judged: Set<Node>,
): void {
  const { facts } = context;
  const name = functionName(facts, fn) ?? '';
  const returnType = fn.returnType?.typeAnnotation;
  const typeName =
    returnType?.type === 'TSTypeReference' && returnType.typeName.type === 'Identifier' ? returnType.typeName.name : '';
  const named = `${name} ${typeName}`;
  if (!/cookie/i.test(named) || !AUTH_NAME.test(name) || PLAIN_NAME.test(name)) return;
  // Called in this file: the object is judged at the call that sets the cookie (objectOf follows the helper).
  if (
    facts
      .nodesOfType('CallExpression')
      .some((c) => unwrap(c.callee).type === 'Identifier' && facts.calleeName(c) === name)
  )
    return;
  const returned =
    fn.body.type === 'BlockStatement'
      ? facts
          .nodesOfTypeWithin('ReturnStatement', fn.body)
          .filter((r) => facts.enclosingFunction(r) === fn)
          .map((r) => r.argument)
      : [fn.body];
  for (const value of returned) {
    const object = value ? objectOf(facts, value as Node) : undefined;
    if (!object || judged.has(object) || !PLAIN_KEYS.some((k) => property(object, k))) continue;
    const shape: Shape = { what: `The cookie built by \`${name}\``, defaults: NONE, style: 'plain' };
    const missing = missingFlags(facts, object, shape) ?? [];
    if (!missing.length) continue;
    const fix = fixFor(facts, undefined, object, missing, shape, 0);
    context.report({
      messageId: 'session',
      data: { what: shape.what, name: '', missing: listMissing(missing, 'plain'), why: why(missing) },
      span: facts.span(object),
      ...(fix ? { fixes: [fix] } : {}),
    });
  }
}

/** `res.cookie(…)` on the handler's own response parameter, whatever it is called. */
function isResponseParam(context: RuleContext, call: Node, receiver: Node): boolean {
  const r = unwrap(receiver);
  if (r.type !== 'Identifier') return false;
  const handler = context.facts.enclosingFrameworkHandler(call, context.file);
  return handler?.response === r.name;
}

/** express-session without a `cookie` object: add one with the missing flags. */
function addCookieObject(facts: Facts, options: ObjectNode, missing: Flag[], shape: Shape): Fix | undefined {
  const inner = missing.map((f) => `${KEYS[shape.style][f]}: ${VALUES[shape.style][f]}`).join(', ');
  const edits = setProperties(facts, options, [['cookie', `{ ${inner} }`]]);
  return {
    title: `Set ${missing.map((f) => KEYS[shape.style][f]).join(', ')} on the session cookie`,
    kind: 'needs-review',
    changes:
      'the session cookie is sent over HTTPS only outside NODE_ENV=development and not on cross-site requests (SameSite=Lax)',
    preferred: true,
    edits,
  };
}
