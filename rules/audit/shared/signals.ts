// The code that decides a security event, as the audit rules see it: access denials (401/403
// responses and throws), credential checks and their success/failure branches, and routes whose
// path or name says what they do (login, password reset, role change, export, admin).

import type { TSESTree } from '@typescript-eslint/types';
import {
  FUNCTION_TYPES,
  type Facts,
  type Handler,
  type Node,
  handlerName,
  isRequireCall,
  memberChain,
  memberRoot,
  propertyKeyName,
  propertyName,
  unwrap,
} from '../../../server/engine/facts';
import { type Branch, alwaysExits, statementList, statementOf } from './paths';
import { statusOf } from './fix';

const RESPONSE_NAMES = /^(res|response|resp|reply|rep|h|ctx|context)$/;

// ---------------------------------------------------------------- denials

export interface Denial {
  node: Node;
  status: 401 | 403;
  /** How it is written, for messages: `res.status(403)`, `ForbiddenException`. */
  form: string;
  /** A guard's redirect of a signed-in user without the privilege to the sign-in page (`res.redirect('/login')`). */
  redirect?: true;
}

/** A sign-in page: `/login`, `/signin`, `/auth/login`, `/users/sign_in`, with a query or `#` after it. */
const SIGN_IN_PATH = /^(\/[\w-]+)*\/(log-?in|sign-?in|sign_in)([?#/].*)?$/i;

/** A condition about what a signed-in user may do: a role, an admin flag, a permission, ownership. */
const PRIVILEGE_TEST = /admin|role|permission|privilege|owner|\bcan[A-Z]\w*|\ballowed|\bisStaff|\bisManager/i;

/**
 * Whether `call` (a redirect) is a guard's refusal of a signed-in user: it sits in a middleware (a
 * function whose third parameter is `next`, or inside one) that passes the request on with a bare
 * `next()` on another path, and the condition that chose it is about the user's privileges
 * (`user && user.isAdmin ? next() : res.redirect('/login')`). An anonymous visitor sent to the
 * login page (`if (req.isAuthenticated()) return next(); res.redirect('/login')`) is navigation.
 */
function guardRedirect(facts: Facts, call: TSESTree.CallExpression): boolean {
  let child: Node = call;
  let test: Node | undefined;
  for (const a of facts.ancestors(call)) {
    if (FUNCTION_TYPES.has(a.type)) break;
    if ((a.type === 'IfStatement' || a.type === 'ConditionalExpression') && a.test !== child) {
      test = a.test;
      break;
    }
    child = a;
  }
  if (!test) {
    // `if (req.user.role === 'editor') return next(); res.redirect('/login')`: the `if` before it that leaves.
    const stmt = statementOf(facts, call);
    const list = stmt && statementList(facts.parent(stmt) ?? stmt);
    const before = list ? list.slice(0, list.indexOf(stmt!)).reverse() : [];
    const guard = before.find((x): x is TSESTree.IfStatement => x.type === 'IfStatement' && alwaysExits(x.consequent));
    test = guard?.test;
  }
  if (!test || !PRIVILEGE_TEST.test(facts.source(test))) return false;
  for (const a of facts.ancestors(call)) {
    if (!FUNCTION_TYPES.has(a.type)) continue;
    const fn = a as TSESTree.FunctionLike;
    const next = fn.params[2];
    if (next?.type !== 'Identifier' || !/^next$/.test(next.name)) continue;
    return facts
      .nodesOfTypeWithin('CallExpression', fn)
      .some(
        (c) =>
          c !== call &&
          c.arguments.length === 0 &&
          unwrap(c.callee).type === 'Identifier' &&
          (unwrap(c.callee) as TSESTree.Identifier).name === next.name,
      );
  }
  return false;
}

function rootName(node: Node): string | undefined {
  const chain = memberChain(node);
  return chain[0];
}

function inHandlerish(facts: Facts, node: Node, file: string): boolean {
  if (facts.enclosingFrameworkHandler(node, file)) return true;
  for (const a of facts.ancestors(node)) {
    if (!FUNCTION_TYPES.has(a.type)) continue;
    const names = (a as TSESTree.FunctionLike).params.map((p) => (p.type === 'Identifier' ? p.name : ''));
    if (names.some((n) => /^(res|response|reply|ctx|h)$/.test(n))) return true;
  }
  return false;
}

/** Every access denial in the file: 401/403 responses, `ctx.throw`, Nest/http-errors/Boom throws, guards returning false. */
export function denials(facts: Facts, file: string): Denial[] {
  const out: Denial[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    if (callee.type === 'MemberExpression') {
      const method = propertyName(callee);
      const root = rootName(callee.object);
      if (!method || !root) continue;
      if (
        (method === 'status' || method === 'code' || method === 'sendStatus' || method === 'writeHead') &&
        RESPONSE_NAMES.test(root) &&
        root !== 'ctx' &&
        root !== 'context'
      ) {
        const status = statusOf(facts, call.arguments[0]);
        if (status && inHandlerish(facts, call, file)) {
          // `res.status(403)` inside a chain is reported once, at the status call.
          out.push({ node: call, status, form: `${facts.source(callee.object).slice(0, 20)}.${method}(${status})` });
        }
        continue;
      }
      if (method === 'redirect' && RESPONSE_NAMES.test(root) && call.arguments.length > 0) {
        const target = facts.constantOf(call.arguments[call.arguments.length - 1] as Node)?.value;
        if (typeof target === 'string' && SIGN_IN_PATH.test(target) && guardRedirect(facts, call)) {
          out.push({
            node: call,
            status: 403,
            form: `${facts.source(callee.object).slice(0, 20)}.redirect('${target.slice(0, 40)}')`,
            redirect: true,
          });
        }
        continue;
      }
      if (method === 'throw' && (root === 'ctx' || root === 'context')) {
        const status = statusOf(facts, call.arguments[0]);
        if (status) out.push({ node: call, status, form: `${root}.throw(${status})` });
        continue;
      }
      // Boom.unauthorized() / Boom.forbidden(); createError.Forbidden(); NextResponse.json(x, { status: 403 }).
      if ((method === 'unauthorized' || method === 'forbidden') && /^boom$/i.test(root)) {
        out.push({ node: call, status: method === 'forbidden' ? 403 : 401, form: `Boom.${method}()` });
        continue;
      }
    }
    const st = responseInitStatus(facts, call);
    if (st)
      out.push({ node: call, status: st, form: `${facts.source(call.callee).slice(0, 24)}(…, { status: ${st} })` });
    else if (callee.type === 'Identifier' && /^create(Http)?Error$/.test(callee.name)) {
      const status = statusOf(facts, call.arguments[0]);
      const parent = facts.parent(call);
      // `throw createError(403)`, `next(createError(httpStatus.FORBIDDEN))`
      const handedOn =
        parent?.type === 'ThrowStatement' ||
        (parent?.type === 'CallExpression' &&
          parent.arguments[0] === call &&
          /^(next|reject|done|cb|callback)$/.test(facts.calleeName(parent) ?? ''));
      if (status && handedOn) out.push({ node: call, status, form: `${callee.name}(${status})` });
    }
  }
  for (const n of facts.nodesOfType('NewExpression')) {
    const callee = unwrap(n.callee);
    const name = calledName(callee);
    if (name === 'UnauthorizedException' || name === 'Unauthorized' || name === 'UnauthorizedError')
      out.push({ node: n, status: 401, form: name });
    else if (name === 'ForbiddenException' || name === 'Forbidden' || name === 'ForbiddenError')
      out.push({ node: n, status: 403, form: name });
    else if (name && /(Error|Exception)$/.test(name)) {
      // HttpException({…}, 401), ApiError(httpStatus.FORBIDDEN, …), AppError('…', StatusCodes.UNAUTHORIZED)
      const status = statusOf(facts, n.arguments[1]) ?? statusOf(facts, n.arguments[0]);
      if (status)
        out.push({
          node: n,
          status,
          form:
            name === 'HttpException' || name === 'HttpError'
              ? name
              : `new ${name}(${facts.source(n.arguments[0]).slice(0, 28)}${n.arguments.length > 1 ? ', …' : ''})`,
        });
    } else if (name === 'Response' || name === 'NextResponse') {
      const st = responseInitStatus(facts, n);
      if (st) out.push({ node: n, status: st, form: `new ${name}(…, { status: ${st} })` });
    }
  }
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    if (a.left.type !== 'MemberExpression' || propertyName(a.left) !== 'status') continue;
    const root = rootName(a.left);
    if (!root || !/^(ctx|context|res|response)$/.test(root)) continue;
    const status = statusOf(facts, a.right);
    if (status) out.push({ node: a, status, form: `${facts.source(a.left)} = ${status}` });
  }
  // Guards: `return false` from canActivate.
  for (const h of facts.handlers(file)) {
    if (h.kind !== 'guard') continue;
    for (const r of facts.nodesOfType('ReturnStatement')) {
      if (!r.argument || r.range[0] < h.fn.range[0] || r.range[1] > h.fn.range[1]) continue;
      if (facts.enclosingFunction(r) !== h.fn) continue;
      if (facts.constantOf(r.argument)?.value === false)
        out.push({ node: r, status: 403, form: 'a guard returning false' });
    }
  }
  // Chains: `res.status(403).json(…)` must yield one denial; drop a denial nested in another's statement twice.
  return out.sort((a, b) => a.node.range[0] - b.node.range[0]);
}

/** `NextResponse.json(body, { status: 403 })`, `new Response(body, { status: 401 })`. */
function responseInitStatus(
  facts: Facts,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
): 401 | 403 | undefined {
  const chain = memberChain(unwrap(call.callee));
  if (!chain.some((c) => c === 'Response' || c === 'NextResponse')) return undefined;
  const init = call.arguments[1] && unwrap(call.arguments[1]);
  if (init?.type !== 'ObjectExpression') return undefined;
  for (const p of init.properties) {
    if (p.type === 'Property' && propertyKeyName(p.key) === 'status') return statusOf(facts, p.value);
  }
  return undefined;
}

// ---------------------------------------------------------------- browser code and non-denials

/** Modules only a browser bundle imports (Angular's server packages excepted). */
const BROWSER_MODULE =
  /^(@angular\/(?!ssr|platform-server)|react-dom(\/client)?$|react(-router(-dom)?)?$|vue(-router)?$|preact$|svelte(\/|$)|next\/(navigation|router|link)$|@remix-run\/react$)/;
/** Folders that hold a front end (a segment of the path). */
const FRONTEND_FOLDER = /(^|[\\/])(frontend|client|browser|public|static)[\\/]/i;
const DOM_GLOBALS = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator']);

/**
 * Whether a file is browser code: it writes no server log, so its "denials" (an Angular
 * `CanActivate` returning false, a React component hiding a page) are not unaudited server events.
 * A Vue/Svelte component, a `'use client'` module, or — when the file registers no server route or
 * middleware — one that imports a front-end framework, reads DOM globals or sits in a front-end folder.
 */
export function browserSide(facts: Facts, file: string): boolean {
  if (/\.(vue|svelte|html?)$/i.test(file)) return true;
  const body = facts.ast.body;
  if (body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client')) return true;
  if (facts.handlers(file).some((h) => h.kind !== 'guard')) return false;
  if (FRONTEND_FOLDER.test(file)) return true;
  for (const d of facts.nodesOfType('ImportDeclaration')) if (BROWSER_MODULE.test(String(d.source.value))) return true;
  for (const c of facts.nodesOfType('CallExpression')) {
    const a = c.arguments[0];
    if (isRequireCall(c) && a?.type === 'Literal' && BROWSER_MODULE.test(String(a.value))) return true;
  }
  for (const m of facts.nodesOfType('MemberExpression')) {
    const o = unwrap(m.object);
    if (o.type === 'Identifier' && DOM_GLOBALS.has(o.name) && !facts.variableOf(o)) return true;
  }
  return false;
}

/**
 * A CAPTCHA, quiz or puzzle answer: a wrong one is a user error, not an access-control decision.
 * (A bare `answer` is not enough: a security question's answer is a credential.)
 */
const ANSWER_CHECK = /captcha|quiz|riddle|puzzle/i;

/**
 * Whether a 401/403 answers a wrong CAPTCHA or quiz answer rather than refusing access: the test
 * of the nearest `if` that decides it names one, or (for a denial no `if` decides, as in a `catch`)
 * the function it is in (`verifyCaptcha`) does.
 */
export function answerRejection(facts: Facts, node: Node): boolean {
  let child: Node = node;
  for (const a of facts.ancestors(node)) {
    if (a.type === 'IfStatement' && a.test !== child) return ANSWER_CHECK.test(facts.source(a.test));
    if (FUNCTION_TYPES.has(a.type)) {
      // The function's own name, or the name of the variable or function that returns it (`const verifyCaptcha = () => async (req, res) => …`).
      for (let f: Node | undefined = a; f; ) {
        if (f.type === 'FunctionDeclaration' && f.id) return ANSWER_CHECK.test(f.id.name);
        const p = facts.parent(f);
        if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return ANSWER_CHECK.test(p.id.name);
        if (p?.type === 'MethodDefinition' || p?.type === 'Property')
          return ANSWER_CHECK.test(propertyKeyName(p.key) ?? '');
        f =
          p &&
          (FUNCTION_TYPES.has(p.type) || p.type === 'CallExpression'
            ? p
            : p.type === 'ReturnStatement' || p.type === 'BlockStatement'
              ? facts.enclosingFunction(p)
              : undefined);
      }
      return false;
    }
    child = a;
  }
  return false;
}

// ---------------------------------------------------------------- refusals that refuse no credential

const INPUT_FIELDS = /^(body|query|params)$/;
/** Input fields that carry a credential or an identity: checking them is authentication, not validation. */
const CREDENTIAL_FIELD =
  /^(user|users|session|auth|authorization|token|accessToken|refreshToken|jwt|bearer|apiKey|api_key|key|secret|otp|totp|code|pin|signature|sig|hmac|cookie)$/i;
const NEUTRAL_LITERALS = new Set<unknown>(['', 'undefined', 'null', null, undefined, true, false]);

function stripValue(node: Node): Node {
  let n = unwrap(node);
  for (let guard = 0; guard < 8; guard++) {
    if (n.type === 'AwaitExpression') n = unwrap(n.argument);
    else if (
      n.type === 'CallExpression' &&
      n.arguments.length === 0 &&
      n.callee.type === 'MemberExpression' &&
      propertyName(n.callee) === 'toString'
    )
      n = unwrap(n.callee.object);
    else break;
  }
  return n;
}

/** Whether the function around `node` takes the request first under this name (`req`, `request`, `ctx`). */
function isRequestParam(facts: Facts, node: Node, name: string): boolean {
  for (const a of facts.ancestors(node)) {
    if (!FUNCTION_TYPES.has(a.type)) continue;
    const first = (a as TSESTree.FunctionLike).params[0];
    if (first?.type === 'Identifier' && first.name === name && /^(req|request|ctx|context)$/.test(name)) return true;
  }
  return false;
}

/**
 * Whether a value is the request's own input (`req.body.x`, `query.new` destructured from the
 * request, a variable declared from one), following declarations a few steps.
 */
function requestInput(facts: Facts, node: Node, depth = 0): boolean {
  const n = stripValue(node);
  if (depth > 4 || (n.type !== 'MemberExpression' && n.type !== 'Identifier')) return false;
  const chain = memberChain(n);
  if (chain.some((c) => CREDENTIAL_FIELD.test(c))) return false;
  const root = memberRoot(n);
  if (root.type !== 'Identifier') return false;
  if (chain.length > 1 && INPUT_FIELDS.test(chain[1]) && isRequestParam(facts, n, root.name)) return true;
  const variable = facts.variableOf(root);
  const def = variable?.defs[0];
  // `({ query, body }: Request, res) => …`: fields destructured from the request parameter.
  if (def?.type === 'Parameter') return INPUT_FIELDS.test(root.name) && root !== def.name.parent;
  if (def?.type === 'Variable' && def.node.init && facts.isSingleAssignment(variable!))
    return requestInput(facts, def.node.init, depth + 1);
  return false;
}

/** The operands a test combines (`!a || a === 'x'` → a, a, 'x'), or undefined when it does more than compare. */
function testLeaves(test: Node): Node[] | undefined {
  const out: Node[] = [];
  const stack: Node[] = [test];
  while (stack.length) {
    const n = unwrap(stack.pop()!);
    if (n.type === 'LogicalExpression') stack.push(n.left, n.right);
    else if (n.type === 'UnaryExpression' && n.operator === '!') stack.push(n.argument);
    else if (n.type === 'BinaryExpression' && /^[!=]==?$/.test(n.operator)) stack.push(n.left as Node, n.right);
    else if (n.type === 'ChainExpression') stack.push(n.expression);
    else out.push(n);
    if (out.length + stack.length > 12) return undefined;
  }
  return out;
}

/**
 * Whether a 401/403 only rejects malformed input: the `if` deciding it tests nothing but the
 * request's own input against itself or empty values (`if (!newPassword)`, `if (newPassword !==
 * repeat)`). No credential or stored value takes part, so nothing was tried and refused. A test
 * that reads a credential field, a stored record, the session or a configured value is a refusal.
 */
export function rejectsInputOnly(facts: Facts, node: Node): boolean {
  let child: Node = node;
  for (const a of facts.ancestors(node)) {
    if (FUNCTION_TYPES.has(a.type)) return false;
    if (a.type === 'IfStatement' && a.test !== child) {
      const leaves = testLeaves(a.test);
      if (!leaves || leaves.length === 0) return false;
      let input = false;
      for (const l of leaves) {
        const c = facts.constantOf(l);
        if (c) {
          if (!NEUTRAL_LITERALS.has(c.value)) return false;
          continue;
        }
        if (!requestInput(facts, l)) return false;
        input = true;
      }
      return input;
    }
    child = a;
  }
  return false;
}

/** A 401 that asks for the next step of a login (`status: 'totp_token_required'`, `mfa_required`): a step, not a refusal. */
export function stepUpChallenge(facts: Facts, node: Node): boolean {
  const stmt = statementOf(facts, node) ?? node;
  return /(totp|mfa|2fa|otp|two[-_ ]?factor|second[-_ ]?factor)[\w-]*required/i.test(facts.source(stmt));
}

// ---------------------------------------------------------------- credential checks

/**
 * `code`: a one-time code, login link or passkey assertion checked on its own (`totp.validate(…)`,
 * `user.consumeToken(token)`, `verifyAuthenticationResponse(…)`): its refusal is a failed login;
 * its success is a step, and the login it leads to is reported where the session is established.
 */
export type CheckKind = 'password' | 'otp' | 'token' | 'passport' | 'compare' | 'code';

export interface CredentialCheck {
  call: TSESTree.CallExpression;
  kind: CheckKind;
  form: string;
  /** Branch taken when the credential is good / bad. */
  success?: Branch;
  failure?: Branch;
  /**
   * A check that answers through a callback (`validateLogin(name, pw, (err, user) => …)`): each
   * way out of its branches is its own outcome (an unknown user, a wrong password, a login), so
   * it is judged and reported one exit at a time.
   */
  callback?: TSESTree.FunctionLike;
}

/**
 * Methods named for a password or credential check: `user.comparePassword(pw, cb)`,
 * `user.isPasswordMatch(pw)`, `isValidPassword(user, pw)`, `users.validateLogin(name, pw, cb)`.
 */
const PASSWORD_CHECK_NAME =
  /^(?:(?:compare|check|verify|match)(?:User)?(?:Password|Passwd|Pwd|Credentials?)|validate(?:User)?(?:Credentials?|Login)|is(?:Valid)?Password(?:Valid|Correct|Match(?:es)?)?|passwordMatch(?:es)?|(?:is)?(?:valid|correct)Password)(?:Sync|Async)?$/i;

/** `consumeToken`, `verifyTotp`, `verifyCodeAndIp`, `checkOtp`, `validateLoginCode`: a one-time code or link token checked. */
const ONE_TIME_CHECK_NAME =
  /^(?:consume|redeem|verify|check|validate)(?:Login|Reset|Email|Mfa|TwoFactor|2fa)?(?:Token|Code|Otp|Totp|OneTimeCode)(?:And\w+)?$/i;

function checkKindOf(facts: Facts, call: TSESTree.CallExpression): { kind: CheckKind; form: string } | undefined {
  const callee = unwrap(call.callee);
  const origin = facts.moduleOf(callee);
  const chain = memberChain(callee);
  const method = chain.at(-1) ?? '';
  const mod = origin?.module;
  if (
    (mod === 'bcrypt' || mod === 'bcryptjs' || mod === '@node-rs/bcrypt') &&
    /^(compare|compareSync|verify)$/.test(method)
  )
    return { kind: 'password', form: `bcrypt.${method}` };
  if ((mod === 'argon2' || mod === '@node-rs/argon2') && method === 'verify')
    return { kind: 'password', form: 'argon2.verify' };
  if (mod === 'crypto' && method === 'timingSafeEqual') return { kind: 'compare', form: 'crypto.timingSafeEqual' };
  if (mod === 'jsonwebtoken' && method === 'verify') return { kind: 'token', form: 'jwt.verify' };
  if (mod === 'jose' && /^(jwtVerify|compactVerify)$/.test(method)) return { kind: 'token', form: `jose.${method}` };
  // A webhook's signature check (Stripe's API name is its own: the client is often re-exported by the app).
  if (method === 'constructEvent' && chain.at(-2) === 'webhooks')
    return { kind: 'token', form: 'stripe.webhooks.constructEvent' };
  if (mod === 'speakeasy' && method === 'verify') return { kind: 'otp', form: 'speakeasy.totp.verify' };
  if ((mod === 'otplib' || mod?.startsWith('@otplib/')) && /^(check|verify)(Sync)?$/.test(method))
    return { kind: 'otp', form: `otplib ${method}` };
  // otpauth's `new TOTP({ secret }).validate({ token })` answers null for a wrong code; WebAuthn's
  // assertion check answers `{ verified }` (a passkey login; a registration is no login).
  if (mod === 'otpauth' && method === 'validate') return { kind: 'code', form: 'otpauth validate' };
  if (mod === '@simplewebauthn/server' && method === 'verifyAuthenticationResponse')
    return { kind: 'code', form: 'verifyAuthenticationResponse' };
  if (mod === 'passport' && method === 'authenticate' && call.arguments.some((a) => FUNCTION_TYPES.has(unwrap(a).type)))
    return { kind: 'passport', form: 'passport.authenticate callback' };
  // A library-free check named for what it does (`comparePassword`, `isPasswordMatch`), unless a
  // known module (a hashing library checked above, anything else) says otherwise.
  // A plain one-argument function (`isValidPassword(pw)`) is as likely a strength rule: a check is a
  // method of the user or its store (`user.comparePassword(pw)`) or takes the user and the password.
  if (
    (!mod || !/^(bcrypt|bcryptjs|argon2|@node-rs\/|crypto$)/.test(mod)) &&
    PASSWORD_CHECK_NAME.test(method) &&
    (callee.type === 'MemberExpression' ? call.arguments.length > 0 : call.arguments.length > 1)
  )
    return { kind: 'password', form: method };
  // A record's own check of a one-time code or link token it holds (`user.consumeToken(token, ip)`,
  // `user.verifyTotp(code)`, `user.verifyCodeAndIp(code, ip)`), also on a record of an ORM model
  // (the method is the app's own, whatever package made the model).
  if (callee.type === 'MemberExpression' && call.arguments.length > 0 && ONE_TIME_CHECK_NAME.test(method))
    return { kind: 'code', form: method };
  return undefined;
}

/** Whether `node` is truthy exactly when `call` is (true), its negation (false), or neither is known. */
function polarity(facts: Facts, from: Node, test: Node): boolean | undefined {
  let positive = true;
  for (let n: Node = from; n !== test; ) {
    const p = facts.parent(n);
    if (!p) return undefined;
    if (p.type === 'UnaryExpression' && p.operator === '!') positive = !positive;
    else if (
      p.type === 'BinaryExpression' &&
      (p.operator === '===' || p.operator === '==' || p.operator === '!==' || p.operator === '!=')
    ) {
      const other = p.left === n ? p.right : p.left;
      const c = facts.constantOf(other);
      if (c?.value === true) positive = p.operator.startsWith('!') ? !positive : positive;
      else if (c?.value === false || c?.value === null || c?.value === undefined)
        positive = p.operator.startsWith('!') ? positive : !positive;
      else return undefined;
    } else if (
      p.type === 'LogicalExpression' ||
      p.type === 'AwaitExpression' ||
      p.type === 'ChainExpression' ||
      p.type.startsWith('TS') ||
      (p.type === 'ConditionalExpression' && p.test !== n) ||
      verdictRead(p, n)
    ) {
      // `!user || !ok` keeps the operand's polarity for the branch that tests it.
    } else return undefined;
    n = p;
  }
  return positive;
}

/** `result.verified`, `check.valid`: the verdict of a result object (otplib, WebAuthn). */
const VERDICT = /^(valid|isValid|verified|success|ok)$/;
function verdictRead(p: Node, n: Node): boolean {
  return p.type === 'MemberExpression' && p.object === n && VERDICT.test(propertyName(p) ?? '');
}

/** The branches of an `if` whose test is truthy when `value` is (positive) or falsy. */
function ifBranches(
  facts: Facts,
  stmt: TSESTree.IfStatement,
  positive: boolean,
): { whenTrue: Branch; whenFalse?: Branch } {
  const whenTrue: Branch = { kind: 'node', node: stmt.consequent };
  const whenFalse: Branch | undefined = stmt.alternate
    ? { kind: 'node', node: stmt.alternate }
    : alwaysExits(stmt.consequent) && statementList(facts.parent(stmt) ?? stmt)
      ? { kind: 'after', stmt }
      : undefined;
  return positive ? { whenTrue, whenFalse } : { whenTrue: whenFalse ?? whenTrue, whenFalse: whenTrue };
}

/** The `if` deciding on `value` (an expression), and whether its test is truthy when `value` is. */
function decidingIf(facts: Facts, value: Node): { stmt: TSESTree.IfStatement; positive: boolean } | undefined {
  for (let n: Node = value, p = facts.parent(n); p; n = p, p = facts.parent(p)) {
    if (p.type === 'IfStatement' && p.test === n) {
      const positive = polarity(facts, value, n);
      return positive === undefined ? undefined : { stmt: p, positive };
    }
    if (
      !(
        p.type === 'UnaryExpression' ||
        p.type === 'LogicalExpression' ||
        p.type === 'BinaryExpression' ||
        p.type === 'AwaitExpression' ||
        p.type === 'ChainExpression' ||
        p.type.startsWith('TS') ||
        (p.type === 'ConditionalExpression' && p.test !== n) ||
        verdictRead(p, n)
      )
    )
      return undefined;
  }
  return undefined;
}

/** The first `if` after a variable's declaration that tests it. */
function ifOnVariable(
  facts: Facts,
  id: TSESTree.Identifier,
): { stmt: TSESTree.IfStatement; positive: boolean } | undefined {
  const variable = facts.variableOf(id);
  if (!variable) return undefined;
  for (const ref of variable.references) {
    if (ref.identifier === id || ref.isWrite()) continue;
    const found = decidingIf(facts, ref.identifier);
    if (found) return found;
  }
  return undefined;
}

/** Credential checks whose result this function branches on, with their success and failure branches. */
export function credentialChecks(facts: Facts): CredentialCheck[] {
  const out: CredentialCheck[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const kind = checkKindOf(facts, call);
    if (!kind) continue;
    const check: CredentialCheck = { call, ...kind };
    if (kind.kind === 'passport') {
      // passport.authenticate('local', (err, user, info) => { if (!user) … })
      const cb = call.arguments.map(unwrap).find((a) => FUNCTION_TYPES.has(a.type)) as
        | TSESTree.FunctionLike
        | undefined;
      const userParam = cb?.params[1];
      if (userParam?.type === 'Identifier') {
        const decided = ifOnVariable(facts, userParam);
        if (decided) Object.assign(check, branchesOf(facts, decided));
      }
    } else if (
      kind.form !== 'passport.authenticate callback' &&
      kind.kind === 'password' &&
      isNodeCallback(call.arguments.at(-1))
    ) {
      // comparePassword(pw, (err, isMatch) => { if (isMatch) … }), validateLogin(name, pw, (err, user) => { if (err) … })
      const cb = unwrap(call.arguments[call.arguments.length - 1]) as TSESTree.FunctionLike;
      const [errParam, resultParam] = cb.params;
      const byResult = resultParam?.type === 'Identifier' ? ifOnVariable(facts, resultParam) : undefined;
      const byError = !byResult && errParam?.type === 'Identifier' ? ifOnVariable(facts, errParam) : undefined;
      if (byResult) Object.assign(check, branchesOf(facts, byResult));
      else if (byError) {
        const b = branchesOf(facts, byError);
        check.success = b.failure;
        check.failure = b.success;
      }
      check.callback = cb;
    } else if (
      kind.kind === 'token' &&
      kind.form === 'jwt.verify' &&
      call.arguments.length >= 3 &&
      FUNCTION_TYPES.has(unwrap(call.arguments[call.arguments.length - 1]).type)
    ) {
      // jwt.verify(token, key, (err, payload) => { if (err) … })
      const cb = unwrap(call.arguments[call.arguments.length - 1]) as TSESTree.FunctionLike;
      const errParam = cb.params[0];
      if (errParam?.type === 'Identifier') {
        const decided = ifOnVariable(facts, errParam);
        if (decided) {
          const b = branchesOf(facts, decided);
          check.success = b.failure;
          check.failure = b.success;
        }
      }
    } else {
      const value = resultExpression(facts, call);
      const parent = facts.parent(value);
      const decided =
        decidingIf(facts, value) ??
        (parent?.type === 'VariableDeclarator' && parent.init === value && parent.id.type === 'Identifier'
          ? ifOnVariable(facts, parent.id)
          : undefined);
      if (decided) Object.assign(check, branchesOf(facts, decided));
      else if (kind.kind === 'token') {
        // const payload = jwt.verify(token, key) inside try { … } catch { failure }
        const stmt = statementOf(facts, call);
        const block = stmt && facts.parent(stmt);
        const tryStmt = block && facts.parent(block);
        if (stmt && tryStmt?.type === 'TryStatement' && tryStmt.block === block && tryStmt.handler) {
          check.failure = { kind: 'node', node: tryStmt.handler.body };
          check.success = { kind: 'after', stmt };
        }
      }
    }
    if (check.success || check.failure) out.push(check);
  }
  return out;
}

function isNodeCallback(arg: Node | undefined): boolean {
  const n = arg && unwrap(arg);
  return !!n && FUNCTION_TYPES.has(n.type) && (n as TSESTree.FunctionLike).params.length >= 2;
}

/** The expression carrying a check's verdict: through `await`, `a ? check : false`, `user && check`. */
function resultExpression(facts: Facts, call: Node): Node {
  let n = call;
  for (let p = facts.parent(n); p; p = facts.parent(p)) {
    const passes =
      p.type === 'AwaitExpression' ||
      p.type.startsWith('TS') ||
      p.type === 'ChainExpression' ||
      // otplib's `verifySync({ … }).valid`, a result object's verdict
      verdictRead(p, n) ||
      (p.type === 'ConditionalExpression' && p.test !== n) ||
      (p.type === 'LogicalExpression' && p.operator === '&&') ||
      (p.type === 'UnaryExpression' && p.operator === '!' && facts.parent(p)?.type === 'UnaryExpression');
    if (!passes) break;
    n = p;
  }
  return n;
}

function branchesOf(
  facts: Facts,
  decided: { stmt: TSESTree.IfStatement; positive: boolean },
): { success?: Branch; failure?: Branch } {
  const b = ifBranches(facts, decided.stmt, decided.positive);
  return { success: b.whenTrue, failure: b.whenFalse };
}

// ---------------------------------------------------------------- a new password stored

const PASSWORD_FIELD = /^(password|passwd|pwd|passwordHash|hashedPassword|passwordDigest|encryptedPassword)$/i;
/** Second-factor settings (not the one-time codes a login sends: `twoFactorCode`, `…Expires`). */
const MFA_FIELD =
  /^(totpSecret|twoFactorSecret|otpSecret|mfaSecret|twoFactorEnabled|mfaEnabled|totpEnabled|otpEnabled|twoFactorMethods|mfaMethods)$/i;
const EMAIL_FIELD = /^(email|emailAddress)$/i;

export type StoredKind = 'password' | 'mfa' | 'email';

/** What a stored field is, most sensitive first when a write sets several. */
function storedKind(field: string, owner: string): StoredKind | undefined {
  // An e-mail is an account's login identifier only on an account (not an order's or a contact's).
  return PASSWORD_FIELD.test(field)
    ? 'password'
    : MFA_FIELD.test(field)
      ? 'mfa'
      : EMAIL_FIELD.test(field) && ACCOUNT_OWNER.test(owner)
        ? 'email'
        : undefined;
}
const ACCOUNT_OWNER = /user|account|member|profile|customer|^me$/i;
const KIND_ORDER: StoredKind[] = ['password', 'mfa', 'email'];
const UPDATE_CALL = /^(update\w*|findByIdAndUpdate|findOneAndUpdate|replaceOne|set|patch)$/;
const NEW_RECORD = /^(create|build|new|insert\w*|register\w*)$/i;

/**
 * Where a new password, second-factor setting or e-mail address is persisted: `user.password = …`
 * then `user.save()`, or `updateUserById(id, { password })`, `update({ totpSecret })`.
 */
export interface PasswordWrite {
  /** The call that stores it (`user.save()`, `Users.updateOne(…)`). */
  call: TSESTree.CallExpression;
  form: string;
  kind: StoredKind;
  /** Whose password: the record's id (`user.id`), or the id an update names, for the event. */
  account?: string;
}

/**
 * Calls that store a new password on an existing account (a reset or a change): an update whose
 * object argument sets a password field, or `save()` on a record whose password field the same
 * function assigned. A record the function itself creates (`new User()`, `create`, `build`) is a
 * sign-up, not a change.
 */
export function passwordWrites(facts: Facts): PasswordWrite[] {
  const out: PasswordWrite[] = [];
  const assigned = new Map<Node, Map<string, Set<StoredKind>>>(); // function → receiver → what it assigns
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    if (a.left.type !== 'MemberExpression') continue;
    const receiver = unwrap(a.left.object);
    const kind = storedKind(propertyName(a.left) ?? '', receiver.type === 'Identifier' ? receiver.name : '');
    const fn = kind && facts.enclosingFunction(a);
    if (!kind || receiver.type !== 'Identifier' || !fn || createdHere(facts, receiver)) continue;
    const byReceiver = assigned.get(fn) ?? new Map<string, Set<StoredKind>>();
    byReceiver.set(receiver.name, (byReceiver.get(receiver.name) ?? new Set<StoredKind>()).add(kind));
    assigned.set(fn, byReceiver);
  }
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    const method =
      callee.type === 'MemberExpression'
        ? propertyName(callee)
        : callee.type === 'Identifier'
          ? callee.name
          : undefined;
    if (!method) continue;
    if (method === 'save' && callee.type === 'MemberExpression') {
      const receiver = unwrap(callee.object);
      if (receiver.type !== 'Identifier') continue;
      // The assignment may sit in the same function or in one that encloses it (`user.save().then(…)` inside a callback).
      for (let fn = facts.enclosingFunction(call); fn; fn = facts.enclosingFunction(fn)) {
        const kinds = assigned.get(fn)?.get(receiver.name);
        if (kinds) {
          out.push({
            call,
            form: `${receiver.name}.save()`,
            kind: KIND_ORDER.find((k) => kinds.has(k))!,
            account: `${receiver.name}.id`,
          });
          break;
        }
      }
    } else if (SQL_CALL.test(method) && call.arguments[0] && callee.type === 'MemberExpression') {
      // `pool.query('UPDATE staff SET password_hash = $2 WHERE id = $1', […])` in a function that
      // also decides (refuses with a throw, or checks a credential): a data-access helper that only
      // writes the value it is given (`updatePasswordHash(id, hash)`) leaves the event to its caller.
      const text = facts.constantOf(call.arguments[0] as Node)?.value;
      const kind = typeof text === 'string' ? sqlStoredKind(text) : undefined;
      const fn = kind && facts.enclosingFunction(call);
      if (kind && fn && decidesWithin(facts, fn))
        out.push({ call, form: `${method}('UPDATE … SET ${kind === 'mfa' ? 'second factor' : kind} …')`, kind });
    } else if (UPDATE_CALL.test(method)) {
      const kinds = new Set(call.arguments.flatMap((arg) => storedFields(arg, memberChain(callee).join('.'))));
      const kind = KIND_ORDER.find((k) => kinds.has(k));
      if (!kind) continue;
      const first = call.arguments[0] && unwrap(call.arguments[0]);
      const named =
        first &&
        (first.type === 'Identifier' || first.type === 'MemberExpression') &&
        call.arguments.length > 1 &&
        !/pass|secret|token|hash/i.test(facts.source(first));
      out.push({
        call,
        form: `${method}(…, { ${kind === 'mfa' ? 'second factor' : kind} })`,
        kind,
        ...(named ? { account: facts.source(first) } : {}),
      });
    }
  }
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

const SQL_CALL = /^(query|execute|run|exec|none|one|oneOrNone|any|many|manyOrNone|raw)$/;

/** The name a callee calls: `f` for `f(…)`, `m` for `x.y.m(…)`. */
export function calledName(callee: Node): string | undefined {
  return callee.type === 'Identifier'
    ? callee.name
    : callee.type === 'MemberExpression'
      ? propertyName(callee)
      : undefined;
}
const ACCOUNT_DELETE_SQL = /^\s*DELETE\s+FROM\s+[`"[]?(users?|accounts?|members?|customers?)\b/i;
const ACCOUNT_DELETE_CALL = /^(delete|remove|destroy)(User|Account|Member)(ById)?$/;

/**
 * Accounts deleted by a function that checks the credential itself first (`deleteAccount(id,
 * password)`: a password re-check, then `DELETE FROM users …`): the deletion is decided there, not by
 * the route that calls it. A data-access helper that deletes what it is told leaves it to its caller.
 */
export function checkedAccountDeletions(facts: Facts): { call: TSESTree.CallExpression; form: string }[] {
  const out: { call: TSESTree.CallExpression; form: string }[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    const name = calledName(callee);
    if (!name) continue;
    const text =
      SQL_CALL.test(name) && call.arguments[0] ? facts.constantOf(call.arguments[0] as Node)?.value : undefined;
    const form =
      typeof text === 'string' && ACCOUNT_DELETE_SQL.test(text)
        ? `${name}('DELETE FROM …')`
        : ACCOUNT_DELETE_CALL.test(name)
          ? `${name}(…)`
          : undefined;
    const fn = form && facts.enclosingFunction(call);
    if (!form || !fn) continue;
    const checked = facts
      .nodesOfTypeWithin('CallExpression', fn)
      .some(
        (c) => facts.enclosingFunction(c) === fn && c.range[0] < call.range[0] && checkKindOf(facts, c) !== undefined,
      );
    if (checked) out.push({ call, form });
  }
  return out;
}

/** What an SQL `UPDATE … SET col = …` stores, from its assigned column names (an account table for an e-mail). */
function sqlStoredKind(text: string): StoredKind | undefined {
  const m = /^\s*update\s+([\w."`[\]]+)\s+set\s+([\s\S]*?)(?:\bwhere\b|\breturning\b|$)/i.exec(text.slice(0, 2000));
  if (!m) return undefined;
  const table = m[1].replace(/["`[\]]/g, '');
  const kinds = new Set<StoredKind>();
  for (const col of m[2].matchAll(/["`[]?(\w+)["`\]]?\s*=/g)) {
    const kind = storedKind(
      col[1].replace(/_(\w)/g, (_, c: string) => c.toUpperCase()),
      table,
    );
    if (kind) kinds.add(kind);
  }
  return KIND_ORDER.find((k) => kinds.has(k));
}

/** Whether a function decides something itself: it refuses with a `throw`, or checks a credential. */
function decidesWithin(facts: Facts, fn: Node): boolean {
  const own = (n: Node): boolean => facts.enclosingFunction(n) === fn;
  return (
    facts.nodesOfTypeWithin('ThrowStatement', fn).some(own) ||
    facts.nodesOfTypeWithin('CallExpression', fn).some((c) => own(c) && checkKindOf(facts, c) !== undefined)
  );
}

/** The kinds of stored field an update's object argument sets (Mongo's `{ $set: { … } }` included). */
function storedFields(arg: Node, owner: string): StoredKind[] {
  const out: StoredKind[] = [];
  let n = unwrap(arg);
  for (let depth = 0; depth < 2 && n.type === 'ObjectExpression'; depth++) {
    let inner: Node | undefined;
    for (const p of n.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKeyName(p.key) ?? '';
      const kind = storedKind(key, owner);
      if (kind) out.push(kind);
      if (key === '$set') inner = unwrap(p.value);
    }
    if (!inner) break;
    n = inner;
  }
  return out;
}

/** A variable the code creates as a new record: `new User(…)`, `User.create(…)`, `build(…)`. */
function createdHere(facts: Facts, id: TSESTree.Identifier): boolean {
  const variable = facts.variableOf(id);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || !def.node.init) return false;
  let init = unwrap(def.node.init);
  if (init.type === 'AwaitExpression') init = unwrap(init.argument);
  if (init.type === 'NewExpression') return true;
  if (init.type !== 'CallExpression') return false;
  const callee = unwrap(init.callee);
  const name =
    callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
  return NEW_RECORD.test(name ?? '');
}

// ---------------------------------------------------------------- Passport verify callbacks

/** One way out of a Passport verify callback: `done(null, false, …)` (a failed login) or `done(null, user)`. */
export interface VerifyExit {
  call: TSESTree.CallExpression;
  outcome: 'success' | 'failure';
  /** `sign-up` when the strategy registers accounts (`passport.use('signup', …)`), else `login`. */
  what: 'login' | 'sign-up';
  /** The verify function (its parameters name the submitted identifier and, with `passReqToCallback`, the request). */
  verify: TSESTree.FunctionLike;
  /** The name routes authenticate with: `passport.use('admin', …)`, else the strategy's default (`LocalStrategy` → `local`). */
  strategy?: string;
}

const PASSWORD_PARAM = /^(pass(word|wd)?|pwd)$/i;

/**
 * The exits of username/password strategies' verify callbacks (`new LocalStrategy(…, (username,
 * password, done) => …)`, any strategy from `passport-local*` or whose verify takes a password):
 * where a failed or successful login is decided. `done(err)` hands on an error, not an outcome.
 */
export function verifyExits(facts: Facts): VerifyExit[] {
  const out: VerifyExit[] = [];
  for (const n of facts.nodesOfType('NewExpression')) {
    const name = facts.calleeName(n) ?? '';
    if (!/Strategy$/.test(name)) continue;
    const verify = [...n.arguments]
      .reverse()
      .map(unwrap)
      .find((a) => FUNCTION_TYPES.has(a.type)) as TSESTree.FunctionLike | undefined;
    const done = verify?.params.at(-1);
    if (!verify || done?.type !== 'Identifier' || verify.params.length < 3) continue;
    const mod = facts.moduleOf(n.callee)?.module ?? '';
    if (
      !mod.startsWith('passport-local') &&
      !verify.params.some((p) => p.type === 'Identifier' && PASSWORD_PARAM.test(p.name))
    )
      continue;
    const use = facts.parent(n);
    const strategyName =
      use?.type === 'CallExpression' && use.arguments[0] !== n ? facts.constantOf(use.arguments[0])?.value : undefined;
    const what = typeof strategyName === 'string' && /sign-?up|register/i.test(strategyName) ? 'sign-up' : 'login';
    const strategy =
      typeof strategyName === 'string'
        ? strategyName.slice(0, 80)
        : mod.startsWith('passport-local')
          ? 'local'
          : name.replace(/Strategy$/, '').toLowerCase() || undefined;
    for (const ref of facts.variableOf(done)?.references ?? []) {
      const call = facts.parent(ref.identifier);
      if (call?.type !== 'CallExpression' || call.callee !== ref.identifier || call.arguments.length < 2) continue;
      if (facts.constantOf(call.arguments[0])?.value !== null) continue; // done(err, …)
      const user = facts.constantOf(call.arguments[1]);
      const outcome =
        user && (user.value === false || user.value === null || user.value === undefined) ? 'failure' : 'success';
      // A sign-up strategy refusing to register (the account exists, a field is missing) is not a failed login.
      if (what === 'sign-up' && outcome === 'failure') continue;
      out.push({ call, outcome, what, verify, ...(strategy ? { strategy } : {}) });
    }
  }
  return out.sort((a, b) => a.call.range[0] - b.call.range[0]);
}

// ---------------------------------------------------------------- what a route does

export type RouteEvent =
  | 'login'
  | 'logout'
  | 'signup'
  | 'password-reset'
  | 'password-change'
  | 'mfa'
  | 'email-change'
  | 'role-change'
  | 'user-delete'
  | 'user-create'
  | 'user-lock'
  | 'impersonate'
  | 'api-key-create'
  | 'api-key-revoke'
  | 'sign-in-method'
  | 'admin'
  | 'export'
  | 'security-settings';

const MUTATING = new Set(['post', 'put', 'patch', 'delete', 'all']);

/** What a handler's route does, from its path, method and function name; undefined for ordinary routes. */
export function routeEventOf(facts: Facts, h: Handler): RouteEvent | undefined {
  if (h.kind !== 'route') return undefined;
  const path = (h.path ?? '').toLowerCase();
  const fnName = handlerName(facts, h)?.toLowerCase() ?? '';
  const words = `${path} ${fnName}`;
  const m = h.method;
  const mutating = MUTATING.has(m);
  const has = (re: RegExp): boolean => re.test(words);
  // The first step of a multi-step flow (`/login/webauthn-start`, `postRegisterStart`, a code
  // resent) decides nothing: the step that checks the answer is the event.
  if (
    /(^|[/_-])(start|begin|options|resend)([/_-]|$)/.test(path) ||
    /(Start|Begin|Options)$|^(post|get|put)?Resend/.test(handlerName(facts, h) ?? '')
  )
    return undefined;
  if (m === 'delete' && has(/\/sessions?\b/)) return 'logout';
  if (mutating && has(/log-?in\b|sign-?in|\/session(s)?\b|\bauthenticate\b|\/auth\/?$|\blogin|\bsignin/))
    return 'login';
  if (has(/log-?out|sign-?out/)) return 'logout';
  if (mutating && has(/sign-?up|\/register\b|\bregister|\bsignup/)) return 'signup';
  if (mutating && has(/(forgot|reset)[-_/]?password|password[-_/]?reset|\bresetpassword|\bforgotpassword/))
    return 'password-reset';
  if (mutating && has(/password|changepassword|updatepassword/)) return 'password-change';
  if (mutating && has(/(mfa|2fa|otp|totp|two-?factor)[\w/-]*(verify|challenge)|verify[\w/-]*(mfa|2fa|otp|totp)/))
    return 'login';
  if (
    mutating &&
    has(/\b(mfa|2fa|totp|otp|two-?factor)\b|\/(mfa|2fa|totp|otp)|twofactor|enablemfa|disablemfa|verifyotp/)
  )
    return 'mfa';
  // A way to sign in added or removed: a passkey, a linked OAuth provider (often unlinked by a GET).
  if ((mutating && has(/webauthn|passkey|security-?keys?\b/)) || has(/\bunlink|\/unlink\b|oauthunlink/))
    return 'sign-in-method';
  if (mutating && has(/impersonat/)) return 'impersonate';
  if (
    mutating &&
    has(
      /\/(roles?|permissions?|privileges?|grants?)\b|\brole\b|assignrole|grantrole|revokerole|setrole|updaterole|changerole|permission/,
    )
  )
    return 'role-change';
  if (
    mutating &&
    has(/api-?keys?|apikeys?|\/api\/keys?\b|\/keys(\/|\s|$)|\/tokens?\b|access-?tokens?|personal-?access/)
  )
    return m === 'delete' || has(/revoke/) ? 'api-key-revoke' : 'api-key-create';
  if (mutating && has(/\/(lock|unlock|suspend|disable|ban|deactivate)\b|lockuser|suspenduser|banuser|deactivateuser/))
    return 'user-lock';
  if (mutating && has(/\/e-?mail\b|changeemail|updateemail/)) return 'email-change';
  if (m === 'delete' && has(/\/(users?|accounts?|members?)(\/|\s|$)|deleteuser|removeuser|deleteaccount/))
    return 'user-delete';
  // An account closed by a POST (`POST /accounts/:id/close` → `closeAccount`): its deletion.
  if (mutating && has(/\/(accounts?|users?|members?)\/[^\s]*\bclose\b|closeaccount|closeuser|closemember/))
    return 'user-delete';
  if (m === 'post' && /\/(admin\/)?(users?|accounts?|members?)\/?$/.test(path) && !has(/search|query|lookup/))
    return 'user-create';
  if (has(/export|download-?all|bulk-?download|\/dump\b|\/backup/)) return 'export';
  if (
    mutating &&
    has(/\/(settings\/security|security|sso|saml|oidc|config|configuration|settings)(\/|\s|$)|securitysettings/)
  )
    return path.includes('admin') ? 'admin' : 'security-settings';
  if (mutating && /(^|\/)admin(\/|\s|$)/.test(path)) return 'admin';
  return undefined;
}

export const ROUTE_EVENTS: Record<
  RouteEvent,
  {
    event: string;
    outcome: 'success' | 'failure';
    family: 'authn' | 'account' | 'high-risk';
    what: string;
    fields?: [string, string][];
  }
> = {
  login: { event: 'authn_login_success', outcome: 'success', family: 'authn', what: 'login' },
  logout: {
    event: 'session_expired',
    outcome: 'success',
    family: 'authn',
    what: 'logout',
    fields: [['reason', "'logout'"]],
  },
  signup: { event: 'user_created', outcome: 'success', family: 'authn', what: 'sign-up' },
  'password-reset': { event: 'authn_password_change', outcome: 'success', family: 'authn', what: 'password reset' },
  mfa: { event: 'user_updated', outcome: 'success', family: 'authn', what: 'MFA', fields: [['change', "'mfa'"]] },
  'password-change': { event: 'authn_password_change', outcome: 'success', family: 'account', what: 'password change' },
  'email-change': {
    event: 'user_updated',
    outcome: 'success',
    family: 'account',
    what: 'e-mail change',
    fields: [['change', "'email'"]],
  },
  'role-change': { event: 'authz_change', outcome: 'success', family: 'account', what: 'role or permission change' },
  'user-delete': { event: 'user_deleted', outcome: 'success', family: 'account', what: 'user deletion' },
  'user-create': { event: 'user_created', outcome: 'success', family: 'account', what: 'user creation' },
  'user-lock': {
    event: 'user_updated',
    outcome: 'success',
    family: 'account',
    what: 'account lock or suspension',
    fields: [['change', "'lock'"]],
  },
  impersonate: {
    event: 'authz_admin',
    outcome: 'success',
    family: 'account',
    what: 'impersonation',
    fields: [['action', "'impersonate'"]],
  },
  'api-key-create': {
    event: 'authn_token_created',
    outcome: 'success',
    family: 'account',
    what: 'API key or token creation',
  },
  'api-key-revoke': {
    event: 'authn_token_revoked',
    outcome: 'success',
    family: 'account',
    what: 'API key or token revocation',
  },
  'sign-in-method': {
    event: 'user_updated',
    outcome: 'success',
    family: 'account',
    what: 'sign-in method change (passkey, linked provider)',
    fields: [['change', "'sign_in_method'"]],
  },
  admin: { event: 'authz_admin', outcome: 'success', family: 'high-risk', what: 'admin operation' },
  export: { event: 'sensitive_read', outcome: 'success', family: 'high-risk', what: 'data export' },
  'security-settings': {
    event: 'authz_admin',
    outcome: 'success',
    family: 'high-risk',
    what: 'security setting change',
    fields: [['action', "'settings_change'"]],
  },
};
