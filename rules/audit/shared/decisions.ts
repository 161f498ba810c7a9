// Every security decision in a file that reaches no audit event, once per document, shared by the
// audit rules (each reports its family) and by audit/console-instead-of-audit-log (branches whose
// only trail is `console.*`). A decision names the branch that lacks the event and where the fix
// puts it.

import type { TSESTree } from '@typescript-eslint/types';
import {
  FUNCTION_TYPES,
  type Facts,
  type Handler,
  type Node,
  memberChain,
  propertyName,
  unwrap,
} from '../../../server/engine/facts';
import type { Fix, RuleContext, Span } from '../../../server/engine/types';
import { lineOf } from '../../../server/engine/text';
import { type AuditIndex, auditIndex } from './audit-calls';
import { type AuditEvent, type Placement, auditFix } from './fix';
import { type Branch, alwaysExits, auditReached, returnsNothing, statementList, statementOf } from './paths';
import { importedFunction, registeredFunction } from '../../module-summary';
import { functionOf } from '../../../server/engine/facts/handlers';
import {
  ROUTE_EVENTS,
  answerRejection,
  browserSide,
  calledName,
  checkedAccountDeletions,
  credentialChecks,
  denials,
  passwordWrites,
  rejectsInputOnly,
  routeEventOf,
  stepUpChallenge,
  verifyExits,
} from './signals';

export type Family = 'authn' | 'authz' | 'account' | 'high-risk';

export interface Decision {
  family: Family;
  messageId:
    | 'branch'
    | 'failure'
    | 'failures'
    | 'success'
    | 'successes'
    | 'logout'
    | 'route'
    | 'denial'
    | 'operation'
    | 'password';
  data: Record<string, string>;
  span: Span;
  placements: Placement[];
  handler?: Handler;
  fn?: Node;
  /** The deciding node of a denial or a password write (for folding a failure into its decision). */
  node?: Node;
  /** The path's only trail is `console.*` (reported by audit/console-instead-of-audit-log instead). */
  consoleOnly: boolean;
  docSection?: string;
  /**
   * A login route whose credential another module's function checks (`` `authService.login` (from index.js) ``):
   * that function is reported where it decides and its fix logs the outcomes there, so an edit here
   * as well would log each login twice (the route's fix is guidance).
   */
  checkedIn?: string;
}

// Keyed by the tree: the audit rules share one computation (Facts is replaced after a rule is stopped; the tree is not).
/** Routes where the actor is who the request claims to be (the submitted identifier), not a signed-in user. */
const SUBMITTED_ACTOR = new Set(['login', 'signup', 'password-reset']);

const FRAMEWORK_SECTION: Record<string, string> = {
  express: 'Express',
  koa: 'Koa',
  fastify: 'Fastify',
  hapi: 'Hapi',
  nestjs: 'NestJS',
  nextjs: 'Next.js',
  node: 'Node',
};

// API keys and tokens named as such (`createApiKey`, `revokeToken`): a bare `generateToken()` is as
// often a one-time link's or session's token as a credential handed out, in a route as in a controller.
const ACCOUNT_CALLS =
  /^(grant|assign|add|remove|revoke|set|update|change)(User)?(Role|Roles|Permission|Permissions|Privilege|Privileges)$|^(delete|remove|destroy|create|add|lock|unlock|suspend|ban|unban|deactivate|reactivate|disable|enable)(User|Account|Member)(ById)?$|^impersonate(User)?$|^(create|generate|issue|revoke|delete)(Api|API)(Key|Token)$|^(create|generate|issue|revoke|delete)Key$|^revokeToken$|^(change|update|set|reset)(User)?(Password|Email)$|^(enable|disable|reset)(Mfa|MFA|TwoFactor|2fa|Totp|TOTP)$|^promoteTo\w+$|^makeAdmin$/;

/** The account calls reported in a controller whose route is registered elsewhere: creation and deletion. */
const CONTROLLER_ACCOUNT_CALLS = /^(delete|remove|destroy|create|add)(User|Account|Member)(ById)?$/;

const ACCOUNT_CALL_EVENTS: [RegExp, AuditEvent][] = [
  [/Role|Permission|Privilege|promote|Admin/i, { event: 'authz_change', outcome: 'success' }],
  [/^impersonate/, { event: 'authz_admin', outcome: 'success', fields: [['action', "'impersonate'"]] }],
  [/^(delete|remove|destroy)(User|Account|Member)(ById)?$/, { event: 'user_deleted', outcome: 'success' }],
  [/^(create|add)(User|Account|Member)$/, { event: 'user_created', outcome: 'success' }],
  [/^(revoke|delete)(Api|API)?(Key|Token)$/, { event: 'authn_token_revoked', outcome: 'success' }],
  [/(Key|Token)$/, { event: 'authn_token_created', outcome: 'success' }],
  [/Password$/, { event: 'authn_password_change', outcome: 'success' }],
  [/Email$/, { event: 'user_updated', outcome: 'success', fields: [['change', "'email'"]] }],
  [/Mfa|MFA|TwoFactor|2fa|Totp|TOTP/, { event: 'user_updated', outcome: 'success', fields: [['change', "'mfa'"]] }],
  [/./, { event: 'user_updated', outcome: 'success', fields: [['change', "'status'"]] }],
];

/** The decisions of the file that reach no audit event. */
export function unauditedDecisions(context: RuleContext): Decision[] {
  return context.facts.derive('audit/decisions', () => findUnauditedDecisions(context));
}

function findUnauditedDecisions(context: RuleContext): Decision[] {
  const { facts } = context;
  // The audit calls are indexed on first need: most files hold no security decision, and indexing
  // every call of a file (is it an audit event, which same-file functions audit) was half of the
  // audit family's time on a corpus of ordinary code.
  let built: { index: AuditIndex; console: AuditIndex } | undefined;
  const indexes = (): { index: AuditIndex; console: AuditIndex } => {
    if (built) return built;
    const index = auditIndex(facts, context.knowledge);
    return (built = { index, console: { reaching: index.consoleCalls, consoleCalls: [], isAudit: () => false } });
  };
  const out: Decision[] = [];
  // Routes of this file, and this file's exports another module registers as route handlers
  // (`app.post('/account/password', user.postUpdatePassword)` in app.js): the same checks either way.
  const registered = registeredHandlers(facts, context.file);
  const handlers = [...facts.handlers(context.file).map((h) => asRegistered(facts, h)), ...registered];
  const registeredAround = (n: Node): Handler | undefined => {
    if (registered.length === 0) return undefined;
    for (let fn = facts.enclosingFunction(n); fn; fn = facts.enclosingFunction(fn)) {
      const h = registered.find((r) => r.fn === fn);
      if (h) return h;
    }
    return undefined;
  };
  const handlerAt = (n: Node): Handler | undefined => {
    const framework = facts.enclosingFrameworkHandler(n, context.file);
    return (framework && asRegistered(facts, framework)) ?? registeredAround(n) ?? middlewareShaped(facts, n);
  };
  const section = (h: Handler | undefined): string | undefined => (h ? FRAMEWORK_SECTION[h.framework] : undefined);
  const reached = (b: Branch): boolean => auditReached(facts, indexes().index, b);
  const consoleReached = (b: Branch): boolean => auditReached(facts, indexes().console, b);
  const line = (n: Node): string => String(lineOf(facts.text, n.range[0]));

  const owned = new Set<Node>(); // functions whose denials authentication owns
  const inChecked: Node[] = []; // branch nodes already judged
  // The outcomes of a login decided by a callback (a Passport verify callback's `done`, a callback
  // check's exits): one finding per outcome of the callback — its failed logins (an unknown user,
  // a wrong password…: one event, `authn_login_fail`, at each exit) and its login — at the first
  // exit that lacks the event, naming the others; the fix writes the event at each.
  const byOutcome = new Map<Node, Decision[]>();
  const exitDecision = (
    stmt: Node,
    outcome: 'success' | 'failure',
    what: 'login' | 'sign-up',
    form: string,
    fn: Node | undefined,
    handler: Handler | undefined,
    group: Node,
  ): void => {
    inChecked.push(stmt);
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) return;
    const event: AuditEvent =
      outcome === 'failure'
        ? { event: 'authn_login_fail', outcome: 'failure' }
        : what === 'sign-up'
          ? { event: 'user_created', outcome: 'success' }
          : { event: 'authn_login_success', outcome: 'success' };
    const consoleOnly = consoleReached(branch);
    const seen = byOutcome.get(group) ?? [];
    const same = seen.find((d) => d.data.outcome === outcome && d.consoleOnly === consoleOnly);
    if (same) {
      same.messageId = outcome === 'failure' ? 'failures' : 'successes';
      same.data.line = same.data.line.replace(/ and /, ', ') + ` and ${line(stmt)}`;
      same.placements.push({ where: 'before', node: stmt, event, actor: 'submitted' });
      return;
    }
    byOutcome.set(group, seen);
    seen.push({
      family: 'authn',
      messageId: outcome,
      consoleOnly: consoleReached(branch),
      handler,
      fn,
      docSection: section(handler) ?? 'Passport',
      span: facts.span(stmt),
      data: {
        form,
        line: line(stmt),
        outcome,
        what: what === 'sign-up' ? 'sign-up' : 'successful login',
        events: `\`${event.event}\``,
      },
      placements: [{ where: 'before', node: stmt, event, actor: 'submitted' }],
    });
    out.push(seen[seen.length - 1]);
  };

  // ---- authentication: Passport username/password strategies, one finding per outcome
  const exits = verifyExits(facts);
  const verifyFns = new Set<Node>(exits.map((e) => e.verify));
  for (const fn of verifyFns) owned.add(fn);
  for (const e of exits) {
    const stmt = statementOf(facts, e.call);
    if (stmt)
      exitDecision(
        stmt,
        e.outcome,
        e.what,
        `done(null, ${e.outcome === 'failure' ? 'false' : 'user'})`,
        e.verify,
        requestShaped(e.verify),
        e.verify,
      );
  }

  // ---- authentication: credential checks and their branches
  const checks = credentialChecks(facts).filter((c) => ![...verifyFns].some((v) => within(c.call, v)));
  for (const check of checks) {
    const fn = facts.enclosingFunction(check.call);
    const handler = handlerAt(check.call);
    // A code checked while a second factor or passkey is being set up is the set-up's own step:
    // the route's event (the factor added) speaks for it, a wrong code there is no failed login.
    if (
      check.kind === 'code' &&
      handler?.kind === 'route' &&
      /^(mfa|sign-in-method)$/.test(routeEventOf(facts, handler) ?? '')
    )
      continue;
    // `passport.authenticate('local', cb)` with the strategy in another module of the project: the
    // strategy's verify callback decides the login and is reported there, outcome by outcome (one
    // decision, one finding; a fix there logs each login once). The callback only acts on it.
    if (check.kind === 'passport' && strategyElsewhere(facts, check.call)) {
      if (check.failure) inChecked.push(...branchExtent(facts, check.failure));
      if (check.success) inChecked.push(...branchExtent(facts, check.success));
      continue;
    }
    if (check.callback) {
      // Each exit of the callback's branches is an outcome of its own (an unknown user, a wrong password, a login).
      if (fn) owned.add(fn);
      owned.add(check.callback);
      for (const [branch, outcome] of [
        [check.failure, 'failure'],
        [check.success, 'success'],
      ] as const) {
        if (branch)
          for (const stmt of branchExits(facts, branch, check.callback))
            exitDecision(stmt, outcome, 'login', `${check.form} callback`, fn, handler, check.callback);
      }
      continue;
    }
    // A helper that returns "no" (`return null`, `return false`) hands the decision to its caller.
    // So does one that passes the outcome to its own caller's callback (`callback(invalidPasswordError, null)`).
    if (
      !handler &&
      check.kind !== 'passport' &&
      check.failure &&
      (defers(facts, check.failure) || handsToCaller(facts, check.failure))
    )
      continue;
    if (fn && check.kind !== 'token' && check.kind !== 'compare') owned.add(fn);
    const needSuccess = check.kind === 'password' || check.kind === 'otp' || check.kind === 'passport';
    const missing: { which: string; branch: Branch; event: AuditEvent }[] = [];
    const failEvent: AuditEvent =
      check.kind === 'token'
        ? { event: 'authn_login_fail', outcome: 'failure', fields: [['reason', "'invalid_token'"]] }
        : check.kind === 'code'
          ? { event: 'authn_login_fail', outcome: 'failure', fields: [['reason', "'invalid_code'"]] }
          : check.kind === 'compare'
            ? { event: 'authn_login_fail', outcome: 'failure', fields: [['reason', "'credential_mismatch'"]] }
            : { event: 'authn_login_fail', outcome: 'failure' };
    if (check.failure) {
      inChecked.push(...branchExtent(facts, check.failure));
      if (!reached(check.failure)) missing.push({ which: 'failure', branch: check.failure, event: failEvent });
    }
    if (needSuccess && check.success) {
      inChecked.push(...branchExtent(facts, check.success));
      if (!reached(check.success))
        missing.push({
          which: 'success',
          branch: check.success,
          event: { event: 'authn_login_success', outcome: 'success' },
        });
    }
    if (missing.length === 0) continue;
    // `passport.authenticate(…, (err, user) => …)` whose callback completes the login with
    // `req.logIn(user, cb)`: the login succeeds there, not where the check passed — a second factor
    // may still be pending (hackathon-starter redirects to it first).
    const callback =
      check.kind === 'passport'
        ? check.call.arguments
            .map((a) => unwrap(a))
            .find((a) => a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression')
        : undefined;
    const logIn = callback && handler ? sessionStart(facts, callback, handler) : undefined;
    const consoleOnly = missing.every((m) => consoleReached(m.branch));
    out.push({
      family: 'authn',
      messageId: 'branch',
      consoleOnly,
      handler,
      fn,
      node: check.call,
      docSection: section(handler) ?? check.form.split('.')[0],
      span: facts.span(check.call.callee),
      data: {
        check: check.form,
        branches:
          missing
            .map((m) => `the ${m.which} branch (line ${line(branchNodes(facts, m.branch)[0] ?? branchNode(m.branch))})`)
            .join(' and ') + (missing.length > 1 ? ' reach' : ' reaches'),
        events: missing.map((m) => `\`${m.event.event}\``).join(', '),
      },
      placements: missing.map((m) =>
        m.which === 'success' && logIn
          ? { where: 'before' as const, node: logIn, event: m.event, actor: 'submitted' as const }
          : placementFor(m.branch, m.event),
      ),
    });
  }

  // ---- routes whose purpose is a security event
  const routeOwned = new Set<Node>();
  for (const h of handlers) {
    const kind = routeEventOf(facts, h);
    if (!kind) continue;
    const spec = ROUTE_EVENTS[kind];
    if (spec.family === 'authn') owned.add(h.fn);
    // A login that establishes the session by a call (`req.logIn(user, cb)`): the event belongs
    // where the session starts, after whatever step decided it (below). (A sign-up stays the
    // route's: its event is the new account.)
    if (kind === 'login' && sessionStarted(facts, h)) continue;
    routeOwned.add(h.fn);
    // The credential check speaks for the route (a one-time code's check only for its failure).
    if (checks.some((c) => c.kind !== 'code' && within(c.call, h.fn))) continue;
    // A change handed to another module's function that stores the new value: reported there.
    if (
      /^(password-reset|password-change|email-change|mfa)$/.test(kind) &&
      facts.nodesOfTypeWithin('CallExpression', h.fn).some((c) => importedFunction(facts, c.callee)?.summary.stores)
    )
      continue;
    if (kind === 'login' && authenticatedBefore(h)) continue; // passport.authenticate('local') decided it in its strategy
    // A change handed to another module's function that decides it (checks the password, then stores): reported there.
    if (
      kind !== 'login' &&
      facts.nodesOfTypeWithin('CallExpression', h.fn).some((c) => importedFunction(facts, c.callee)?.summary.decides)
    )
      continue;
    if (nestAuditDecorated(facts, h)) continue;
    const final = successStatement(h.fn);
    // A logout route's event goes before the call that ends the session: after `req.logout()` or
    // `req.session.destroy()` the user it names is gone (`req.user` is null, `req.session` deleted).
    const ending = kind === 'logout' ? sessionEnd(facts, h) : undefined;
    // The rule looks where its fix writes: an event beside the session's end speaks for the logout
    // even when the success path goes on in the call's callback (`req.logout((err) => …)`), which
    // the walk from the final response does not leave.
    const audited = final
      ? reached({ kind: 'node', node: final }) || (ending !== undefined && reached({ kind: 'after', stmt: ending }))
      : indexWithin(indexes().index, h.fn);
    if (audited) continue;
    const consoleOnly = final ? consoleReached({ kind: 'node', node: final }) : indexWithin(indexes().console, h.fn);
    const event: AuditEvent = { event: spec.event, outcome: spec.outcome, fields: spec.fields };
    // Unless the route refuses on the answer itself (`if (!user) throw new HttpException(…, 401)`): then
    // the function hands the decision back (`return null`), the route decides and its event goes here.
    const checker =
      kind === 'login' && !denials(facts, context.file).some((d) => within(d.node, h.fn))
        ? facts
            .nodesOfTypeWithin('CallExpression', h.fn)
            .map((c) => importedFunction(facts, c.callee))
            .find((f) => f?.summary.decides)
        : undefined;
    out.push({
      family: spec.family,
      messageId: 'route',
      consoleOnly,
      ...(checker ? { checkedIn: `\`${checker.name}\` (from ${checker.module.file.split(/[\\/]/).pop()})` } : {}),
      handler: h,
      fn: h.fn,
      docSection: section(h),
      span: handlerSpan(facts, h),
      data: {
        what: spec.what,
        route: `${h.method.toUpperCase()} ${h.path ?? '(handler)'}`,
        events: `\`${spec.event}\``,
      },
      placements: ending
        ? [{ where: 'before', node: ending, event, actor: 'user' }]
        : final
          ? [
              {
                where: final.type === 'ReturnStatement' || isResponse(final) ? 'before' : 'after',
                node: final,
                event,
                actor: SUBMITTED_ACTOR.has(kind) ? 'submitted' : 'user',
              },
            ]
          : [],
    });
  }

  // ---- access denials (authentication owns those in login handlers and credential-checking functions)
  const byStatement = new Map<Node, ReturnType<typeof denials>[number]>();
  for (const d of denials(facts, context.file)) {
    const stmt = statementOf(facts, d.node);
    const key = stmt ?? d.node;
    if (!byStatement.has(key)) byStatement.set(key, d);
  }
  const throwsAudited = byStatement.size > 0 && errorHandlerAudits(facts, indexes().index, context.file);
  for (const [stmt, d] of byStatement) {
    if (inChecked.some((b) => within(d.node, b))) continue;
    if (answerRejection(facts, d.node)) continue; // a wrong CAPTCHA or quiz answer is not an access decision
    // The refusal of a change another module decides and stores (`ok ? 204 : 403` on what
    // `agents.changePassword(id, old, next)` answered): one decision, reported where it is stored.
    if (decidedElsewhere(facts, d.node)) continue;
    // Malformed input, or the next step of a login asked for: nothing was tried and refused.
    if (rejectsInputOnly(facts, d.node) || stepUpChallenge(facts, d.node)) continue;
    // A thrown denial reaches the file's error handler or exception filter; when that audits, so does the throw.
    if (throwsAudited && (stmt.type === 'ThrowStatement' || /\.throw\(/.test(d.form))) continue;
    const fn = facts.enclosingFunction(d.node);
    const handler = handlerAt(d.node);
    const authn = (fn && owned.has(fn)) || (handler && owned.has(handler.fn));
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const consoleOnly = consoleReached(branch);
    // No one signed in (`if (!req.user) return res.sendStatus(…)`, or any 401 — HTTP's "not
    // authenticated") is authentication failing; a signed-in user refused (a role, an owner) is authorization.
    const anonymous = !authn && (d.status === 401 || noPrincipal(facts, d.node));
    const event: AuditEvent = authn
      ? { event: 'authn_login_fail', outcome: 'failure' }
      : anonymous
        ? { event: 'authn_fail', outcome: 'failure', fields: resourceField(handler) }
        : { event: 'authz_fail', outcome: 'failure', fields: resourceField(handler) };
    // Before the statement, unless the denial is one arm of a condition inside it
    // (`return ok ? next() : res.redirect('/login')`): there the event would be written either way.
    const canPlace = (stmt !== d.node || d.node.type === 'ReturnStatement') && !conditionalArm(facts, d.node, stmt);
    out.push({
      family: authn ? 'authn' : 'authz',
      messageId: authn ? 'failure' : 'denial',
      consoleOnly,
      handler,
      fn,
      node: d.node,
      docSection: section(handler) ?? (d.form.endsWith('Exception') ? 'NestJS' : undefined),
      span: facts.span(d.node),
      data: authn
        ? { form: d.form, line: line(d.node), events: '`authn_login_fail`' }
        : { form: d.form, status: d.redirect ? 'sent to sign in' : String(d.status), events: `\`${event.event}\`` },
      placements: canPlace
        ? [{ where: 'before', node: stmt, event, actor: authn ? 'submitted' : anonymous ? 'none' : 'user' }]
        : [],
    });
  }

  // ---- account and privilege changes made by a call inside an ordinary route
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    const name = calledName(callee);
    if (!name || !ACCOUNT_CALLS.test(name)) continue;
    // A registered route, or a controller (its route registered in another file): the nearest
    // enclosing `(req, res)` function, through the callbacks of a data-access call.
    const handler = handlerAt(call) ?? requestHandlerAround(facts, call);
    if (
      !handler ||
      routeOwned.has(handler.fn) ||
      (handler.kind !== 'route' && !(handler.kind === 'middleware' && handler.response))
    )
      continue;
    // In a controller only the account's creation or deletion: its `resetPassword(…)` hands the
    // change to a service, reported where the new value is stored (passwordWrites: one event, one
    // finding), and a `generateToken()` there is as often a one-time link's token as an API key.
    if (handler.kind !== 'route' && !CONTROLLER_ACCOUNT_CALLS.test(name)) continue;
    if (memberChain(callee).some((s) => /audit/i.test(s))) continue;
    // A function of another module that checks the credential and makes the change itself owns it (reported there).
    if (importedFunction(facts, callee)?.summary.stores) continue;
    const stmt = statementOf(facts, call);
    if (!stmt) continue;
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const event = ACCOUNT_CALL_EVENTS.find(([re]) => re.test(name))![1];
    out.push({
      family: 'account',
      messageId: 'operation',
      consoleOnly: consoleReached(branch),
      handler,
      fn: handler.fn,
      docSection: section(handler),
      span: facts.span(callee),
      data: { call: name, events: `\`${event.event}\`` },
      placements: [{ where: alwaysExits(stmt) ? 'before' : 'after', node: stmt, event, actor: 'user' }],
    });
  }

  // ---- a new password, second-factor setting or e-mail address stored, outside a route that already speaks for it
  for (const w of passwordWrites(facts)) {
    const handler = handlerAt(w.call);
    if (handler && routeOwned.has(handler.fn)) continue;
    if (exits.some((e) => within(w.call, e.verify))) continue; // a sign-up strategy: reported as the new account
    const stmt = statementOf(facts, w.call);
    if (!stmt) continue;
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const account: [string, string][] = w.account ? [['account', w.account]] : [];
    const event: AuditEvent =
      w.kind === 'password'
        ? { event: 'authn_password_change', outcome: 'success', fields: account }
        : {
            event: 'user_updated',
            outcome: 'success',
            fields: [...account, ['change', w.kind === 'mfa' ? "'mfa'" : "'email'"]],
          };
    out.push({
      family: 'account',
      messageId: 'password',
      consoleOnly: consoleReached(branch),
      handler,
      fn: facts.enclosingFunction(w.call),
      node: w.call,
      docSection: section(handler),
      span: facts.span(w.call.callee),
      data: {
        call: w.form,
        what:
          w.kind === 'password' ? 'new password' : w.kind === 'mfa' ? 'second-factor setting' : 'new e-mail address',
        events: `\`${event.event}\``,
      },
      placements: [{ where: alwaysExits(stmt) ? 'before' : 'after', node: stmt, event, actor: 'user' }],
    });
  }

  // ---- an account deleted by a function (not a route) that checks the credential itself first
  for (const d of facts.derive('audit/account-deletions', () => checkedAccountDeletions(facts))) {
    if (handlerAt(d.call) || requestHandlerAround(facts, d.call)) continue; // a route's deletion is judged as the route's
    const stmt = statementOf(facts, d.call);
    if (!stmt) continue;
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const event: AuditEvent = { event: 'user_deleted', outcome: 'success' };
    out.push({
      family: 'account',
      messageId: 'operation',
      consoleOnly: consoleReached(branch),
      fn: facts.enclosingFunction(d.call),
      node: d.call,
      span: facts.span(d.call.callee),
      data: { call: d.form, events: `\`${event.event}\`` },
      placements: [{ where: alwaysExits(stmt) ? 'before' : 'after', node: stmt, event, actor: 'user' }],
    });
  }

  // ---- a logout performed by a call in a handler not registered as a logout route (a controller)
  const loggedOut = new Set<Node>();
  for (const call of facts.nodesOfType('CallExpression')) {
    const chain = memberChain(unwrap(call.callee));
    if (
      !(chain.length === 2 && /^log[oO]ut$/.test(chain[1])) &&
      !(chain.length === 3 && chain[1] === 'session' && chain[2] === 'destroy')
    )
      continue;
    const handler = handlerAt(call);
    if (!handler || chain[0] !== handler.request || routeOwned.has(handler.fn) || loggedOut.has(handler.fn)) continue;
    loggedOut.add(handler.fn); // `req.logout(() => req.session.destroy(…))` is one logout
    const stmt = statementOf(facts, call);
    if (!stmt) continue;
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const spec = ROUTE_EVENTS.logout;
    const event: AuditEvent = { event: spec.event, outcome: spec.outcome, fields: spec.fields };
    out.push({
      family: 'authn',
      messageId: 'logout',
      consoleOnly: consoleReached(branch),
      handler,
      fn: handler.fn,
      docSection: section(handler),
      span: facts.span(call.callee),
      data: { call: `${chain.join('.')}()`, events: `\`${spec.event}\`` },
      placements: [{ where: 'before', node: stmt, event, actor: 'user' }],
    });
  }

  // ---- a login performed by a call in a handler (Passport's `req.logIn(user, cb)`/`req.login(…)`):
  // the session is established here — after a second factor, a login link, a passkey, a sign-up —
  // whatever check decided it before. Once per handler; a check's success branch speaks for its own.
  const loggedIn = new Set<Node>();
  for (const call of facts.nodesOfType('CallExpression')) {
    const chain = memberChain(unwrap(call.callee));
    if (!(chain.length === 2 && /^log[iI]n$/.test(chain[1])) || call.arguments.length === 0) continue;
    const handler = handlerAt(call);
    if (!handler || chain[0] !== handler.request || routeOwned.has(handler.fn) || loggedIn.has(handler.fn)) continue;
    if (inChecked.some((b) => within(call, b)) || checks.some((c) => c.callback && within(call, c.callback))) continue;
    loggedIn.add(handler.fn);
    const stmt = statementOf(facts, call);
    if (!stmt) continue;
    const branch: Branch = { kind: 'node', node: stmt };
    if (reached(branch)) continue;
    const event: AuditEvent = { event: 'authn_login_success', outcome: 'success' };
    out.push({
      family: 'authn',
      messageId: 'success',
      consoleOnly: consoleReached(branch),
      handler,
      fn: handler.fn,
      docSection: section(handler),
      span: facts.span(call.callee),
      data: {
        what: 'login',
        form: `${chain.join('.')}()`,
        line: line(stmt),
        outcome: 'success',
        events: `\`${event.event}\``,
      },
      placements: [{ where: 'before', node: stmt, event, actor: 'submitted' }],
    });
  }

  foldFailures(facts, out);
  creditCallees(facts, out);

  // Browser code writes no server log: its route guards and checks are not unaudited server events.
  // (A module whose exports the server registers as route handlers is server code.)
  if (out.length > 0 && registered.length === 0 && browserSide(facts, context.file)) out.length = 0;
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

/**
 * One security decision, one finding: a refusal in the `catch` around a credential check or a
 * password reset is that decision's failure and joins its finding (message and fix) instead of
 * being reported beside it. Distinct outcomes in the open — an unknown user, a wrong password, the
 * login route's success — are distinct events and stay apart.
 */
function foldFailures(facts: Facts, out: Decision[]): void {
  const owners = out.filter((d) => d.messageId === 'password' || d.messageId === 'branch');
  if (owners.length === 0) return;
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i];
    if (d.messageId !== 'failure' && d.messageId !== 'denial') continue;
    const owner = owners.find(
      (o) =>
        (o.messageId === 'password' || d.messageId === 'failure') &&
        d.node !== undefined &&
        o.node !== undefined &&
        inCatchOf(facts, d.node, o.node),
    );
    if (!owner) continue;
    const at = d.data.line ?? String(lineOf(facts.text, d.span.start));
    owner.data.also = owner.data.also
      ? owner.data.also.replace(/ does the failure at line (.*)$/, ` do the failures at lines $1, ${at}`)
      : `, nor does the failure at line ${at}`;
    // A refused reset is the reset's failure (`authn_password_change`, outcome failure), not an access-control event.
    owner.placements.push(
      ...(owner.messageId === 'password'
        ? d.placements.map((p) => ({ ...p, event: { event: 'authn_password_change', outcome: 'failure' as const } }))
        : d.placements),
    );
    out.splice(i, 1);
  }
}

/**
 * One decision, reported once, at the layer that owns it (issue 23): a refusal in the `catch`
 * around a call of another module's function that writes the audit event itself (a service's
 * `authenticate` records each failed login, then throws) is that function's decision, already
 * audited there; so is a decision in a function that hands the work to such a function.
 */
function creditCallees(facts: Facts, out: Decision[]): void {
  if (out.length === 0) return;
  // A handler registered elsewhere with an audit middleware in its route's chain: the middleware
  // writes the route's event (`app.post('/x', auditTrail('x'), account.changePassword)`).
  const auditedHandlers = (facts.registrations ?? [])
    .filter((r) => r.audited)
    .map((r) => registeredFunction(facts, r.name, r.called))
    .filter((f): f is NonNullable<typeof f> => !!f);
  if (auditedHandlers.length) {
    for (let i = out.length - 1; i >= 0; i--) {
      const at = out[i].node ?? out[i].fn;
      if (at && auditedHandlers.some((h) => within(at, h))) out.splice(i, 1);
    }
  }
  creditCallers(facts, out);
  if (!facts.imports || out.length === 0) return;
  // A refusal in the `catch` around another module's function that stores the change (a service's
  // `issueTemporaryPassword` throws NotAllowed, the controller answers 403) is that function's
  // decision, reported there with its write.
  const storing = facts.nodesOfType('CallExpression').filter((c) => importedFunction(facts, c.callee)?.summary.stores);
  for (let i = out.length - 1; i >= 0 && storing.length; i--) {
    const d = out[i];
    if (
      (d.messageId === 'denial' || d.messageId === 'failure') &&
      d.node &&
      storing.some((c) => inCatchOf(facts, d.node!, c))
    )
      out.splice(i, 1);
  }
  const auditing = facts.nodesOfType('CallExpression').filter((c) => importedFunction(facts, c.callee)?.summary.audit);
  if (auditing.length === 0) return;
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i];
    const at = d.node ?? (d.fn as Node | undefined);
    if (!at) continue;
    if (auditing.some((c) => inCatchOf(facts, at, c) || (d.fn && within(c, d.fn) && d.messageId !== 'denial')))
      out.splice(i, 1);
  }
}

/**
 * A function of this file that other modules call (`Facts.callers`) only from route handlers that
 * audit (an audit middleware in the route's chain, or the handler's own event): the decisions in it
 * are that route's, already recorded there (`changeOwnPassword` behind
 * `app.post('/me/password', auditRoute('x'), staff.changePassword)`). One unaudited caller keeps them.
 */
function creditCallers(facts: Facts, out: Decision[]): void {
  if (!facts.callers?.length || out.length === 0) return;
  const verdict = new Map<Node, boolean>();
  for (const c of facts.callers) {
    const fn = registeredFunction(facts, c.name);
    if (fn) verdict.set(fn, (verdict.get(fn) ?? true) && c.audited);
  }
  const credited = [...verdict].filter(([, audited]) => audited).map(([fn]) => fn);
  if (credited.length === 0) return;
  for (let i = out.length - 1; i >= 0; i--) {
    const at = out[i].node ?? out[i].fn;
    if (at && credited.some((fn) => within(at, fn))) out.splice(i, 1);
  }
}

const AUDIT_DECORATOR = /audit/i;

/**
 * A NestJS route whose method or controller carries an audit decorator (`@Audited('user.email_change')`,
 * `@UseInterceptors(AuditInterceptor)`): the interceptor writes the route's event around the handler.
 */
function nestAuditDecorated(facts: Facts, h: Handler): boolean {
  if (h.framework !== 'nestjs') return false;
  const method = facts.parent(h.fn);
  const cls = [...facts.ancestors(h.fn)].find((a) => a.type === 'ClassDeclaration' || a.type === 'ClassExpression');
  const decorators = [
    ...(method?.type === 'MethodDefinition' ? method.decorators : []),
    ...(cls && (cls.type === 'ClassDeclaration' || cls.type === 'ClassExpression') ? cls.decorators : []),
  ];
  return decorators.some((d) => {
    const e = unwrap(d.expression);
    const call = e.type === 'CallExpression' ? e : undefined;
    const name = memberChain(unwrap(call ? call.callee : e)).at(-1) ?? '';
    if (AUDIT_DECORATOR.test(name)) return true;
    return (
      name === 'UseInterceptors' &&
      !!call?.arguments.some((a) => AUDIT_DECORATOR.test(memberChain(unwrap(a as Node)).at(-1) ?? ''))
    );
  });
}

/**
 * The condition that leads to `node` (an `if` or `?:` it is a branch of) tests what a function of
 * another module answered, and that function stores the change (its summary's `stores`: it is
 * reported there): directly, or through a local assigned once from the call.
 */
function decidedElsewhere(facts: Facts, node: Node): boolean {
  const owning = (n: Node | undefined): boolean => {
    let c = n && unwrap(n);
    if (c?.type === 'AwaitExpression') c = unwrap(c.argument);
    if (c?.type !== 'CallExpression') return false;
    // Only a function that stores the change is reported for it: one that checks a credential and
    // answers null (`findOne({ email, password })`) hands the refusal back to this caller.
    return !!importedFunction(facts, c.callee)?.summary.stores;
  };
  for (let child = node, p = facts.parent(node); p; child = p, p = facts.parent(p)) {
    if (FUNCTION_TYPES.has(p.type)) return false;
    const test =
      (p.type === 'IfStatement' || p.type === 'ConditionalExpression') && child !== p.test ? p.test : undefined;
    if (!test) continue;
    const parts = [
      test,
      ...facts.nodesOfTypeWithin('Identifier', test),
      ...facts.nodesOfTypeWithin('CallExpression', test),
    ];
    return parts.some((t) => {
      const n = unwrap(t);
      if (n.type !== 'Identifier') return owning(n);
      const variable = facts.variableOf(n);
      const def = variable?.defs[0];
      return (
        !!variable &&
        def?.type === 'Variable' &&
        facts.isSingleAssignment(variable) &&
        owning(def.node.init ?? undefined)
      );
    });
  }
  return false;
}

/** `passport.authenticate('local', …)` names a strategy another module of the project defines (`Facts.strategies`). */
function strategyElsewhere(facts: Facts, call: TSESTree.CallExpression): boolean {
  if (!facts.strategies?.length || !call.arguments[0]) return false;
  const name = facts.constantOf(call.arguments[0])?.value;
  return typeof name === 'string' && facts.strategies.some((s) => s.name === name);
}

/** Whether `node` sits in the `catch` of a `try` whose block holds `tried`. */
function inCatchOf(facts: Facts, node: Node, tried: Node): boolean {
  const fn = facts.enclosingFunction(node);
  for (const a of facts.ancestors(node)) {
    if (a === fn) return false;
    if (a.type === 'CatchClause') {
      const t = facts.parent(a);
      if (t?.type === 'TryStatement' && within(tried, t.block)) return true;
    }
  }
  return false;
}

/**
 * A placement next to a statement that starts work whose outcome comes later (a promise chain not
 * awaited, a node-style callback: laterOutcome) moves to where the outcome is known: the end of
 * the success callback (before its last statement when that one always exits). Undefined when
 * no function of the chain sees the outcome: no place, so no edit.
 */
function settled(p: Placement): Placement | undefined {
  if (p.where === 'start') return p;
  // Not a logout: the event goes before the call that ends the session, whose callback runs when
  // `req.user` is null and `req.session` gone (hackathon-starter's `req.logout((err) => …)`).
  if (p.where === 'before' && p.event.event === 'session_expired') return p;
  if (p.where === 'before' && p.event.outcome === 'success' && returnsWork(p.node)) return undefined;
  const later = laterOutcome(p.node);
  if (later === undefined) return p;
  if (later === null || later.body.type !== 'BlockStatement') return undefined;
  const body = later.body.body;
  const last = body[body.length - 1];
  if (!last) return { ...p, where: 'start', node: later.body };
  return { ...p, where: alwaysExits(last) || isResponse(last) ? 'before' : 'after', node: last };
}

/**
 * `return this.users.create(dto)` / `return await repo.delete(id)`: the work the success event
 * reports is still to run (it may throw or reject), so an event before the return claims a success
 * that may not happen (found on nestjs-realworld: `user_created` before a create that refuses a
 * taken name). No place is known without restructuring the return, so no edit. A response
 * (`return res.json(…)`) and a callback handing the outcome back (`return done(null, user)`) are
 * the outcome itself.
 */
function returnsWork(stmt: Node): boolean {
  if (stmt.type !== 'ReturnStatement' || !stmt.argument) return false;
  let e = unwrap(stmt.argument);
  if (e.type === 'AwaitExpression') e = unwrap(e.argument);
  if (e.type !== 'CallExpression' && e.type !== 'NewExpression') return false;
  const callee = unwrap(e.callee);
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? (propertyName(callee) ?? '') : '';
  return !CALLER_CALLBACK.test(name) && name !== 'next' && !RESPONSE_METHODS.test(name);
}

/** Report a family's decisions as one rule's findings. */
export function reportFamily(context: RuleContext, family: Family | 'console'): void {
  for (const d of unauditedDecisions(context)) {
    if (family === 'console' ? !d.consoleOnly : d.family !== family || d.consoleOnly) continue;
    const placements = d.placements.map(settled);
    const fix =
      d.checkedIn && family !== 'console'
        ? loggedWhereChecked(d.checkedIn)
        : placements.length > 0 && placements.every((p) => p !== undefined)
          ? auditFix(context, d.handler, d.fn, placements as Placement[])
          : undefined;
    context.report({
      messageId: family === 'console' ? 'console' : d.messageId,
      data: { also: '', ...d.data, where: describeDecision(d) },
      span: d.span,
      fixes: fix ? [fix] : [],
      ...(d.docSection ? { docSection: d.docSection } : {}),
    });
  }
}

/**
 * The fix of a login route whose credential another module's function checks: no edit. That
 * function is reported where it decides, and its fix writes the failure and the success there; an
 * event in the route as well would log each login twice (applied together, as `--fix-unsafe` does).
 */
function loggedWhereChecked(checkedIn: string): Fix {
  return {
    title: `Log the login in ${checkedIn}, where the credential is checked`,
    kind: 'guidance',
    reason: `the credential is checked in ${checkedIn}, which is reported there and whose fix logs the outcomes of the login; an event in this route as well would log each login twice`,
    edits: [],
  };
}

/** `return;`, `return null`, `return false`, `return undefined` as the whole branch. */
function defers(facts: Facts, b: Branch): boolean {
  return returnsNothing(facts, b.kind === 'node' ? b.node : branchExtent(facts, b)[0]);
}

const CALLER_CALLBACK = /^(cb|callback|done|resolve|reject)$/;

/** A branch that ends by calling back its function's caller: `callback(err, null)`, `return done(null, false)`. */
function handsToCaller(facts: Facts, b: Branch): boolean {
  const extent = branchExtent(facts, b);
  let last: Node | undefined = extent.at(-1);
  if (last?.type === 'BlockStatement') last = last.body.at(-1);
  const e =
    last?.type === 'ReturnStatement'
      ? last.argument
      : last?.type === 'ExpressionStatement'
        ? last.expression
        : undefined;
  const call = e && unwrap(e);
  if (call?.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee);
  if (callee.type !== 'Identifier' || !CALLER_CALLBACK.test(callee.name)) return false;
  return facts.variableOf(callee)?.defs.some((d) => d.type === 'Parameter') ?? false;
}

/**
 * The functions of this file that other modules register as route handlers (`Facts.registrations`),
 * as handlers of their routes. A function registered more than once keeps a state-changing route
 * (`app.get('/x', h)` and `app.post('/x', h)`: the POST).
 */
function registeredHandlers(facts: Facts, file: string): Handler[] {
  const regs = facts.registrations;
  if (!regs?.length) return [];
  const own = new Set<Node>(facts.handlers(file).map((h) => h.fn));
  const out = new Map<Node, Handler>();
  for (const r of regs) {
    const fn = registeredFunction(facts, r.name, r.called) as Handler['fn'] | undefined;
    if (!fn || own.has(fn)) continue;
    const method = r.method === 'del' ? 'delete' : r.method;
    // A function that ends by passing the request on (`next()`) is middleware in the route's chain
    // (a check or a hook), not the handler whose work is the route's event.
    const passesOn = passesToNext(fn);
    const known = out.get(fn);
    if (known && (known.method !== 'get' || method === 'get')) continue;
    if (passesOn) {
      out.set(fn, { fn, framework: 'express', method: 'use', kind: 'middleware', registration: fn, ...paramNames(fn) });
      continue;
    }
    const names = fn.params.map((p) =>
      p.type === 'Identifier'
        ? p.name
        : p.type === 'AssignmentPattern' && p.left.type === 'Identifier'
          ? p.left.name
          : '',
    );
    const koa = /^(ctx|context)$/.test(names[0] ?? '');
    out.set(fn, {
      fn,
      framework: koa ? 'koa' : 'express',
      method,
      path: r.path,
      kind: 'route',
      registration: fn,
      ...(names[0] ? { request: names[0] } : {}),
      ...(!koa && names[1] ? { response: names[1] } : {}),
    });
  }
  return [...out.values()];
}

/**
 * A local function in front of a route whose handler is another value (`app.post('/x', staffOnly,
 * auditRoute('x'), staff.changePassword)`, Fastify's `{ preHandler: signedIn }` before
 * `members.changeRole`): middleware of that route, not its handler. The route's event is judged
 * where its handler is (the other module, through `Facts.registrations`), once.
 */
function asRegistered(facts: Facts, h: Handler): Handler {
  if (h.kind !== 'route' || h.registration.type !== 'CallExpression') return h;
  const args = h.registration.arguments;
  const last = args[args.length - 1];
  if (!last || last.type === 'SpreadElement') return h;
  const n = unwrap(last);
  if (n.type === 'ObjectExpression' || functionOf(facts, n) === h.fn) return h;
  // The last argument is a value of another module (a controller's export): the handler lives there.
  const origin = n.type === 'CallExpression' ? facts.moduleOf(n.callee) : facts.moduleOf(n);
  if (!origin || !/^[./@~#]/.test(origin.module)) return h;
  return { ...h, kind: 'middleware', method: 'use' };
}

/** Whether `node` is one arm of a `?:`, `&&` or `||` inside `stmt`. */
function conditionalArm(facts: Facts, node: Node, stmt: Node): boolean {
  for (let n: Node | undefined = node, p = facts.parent(node); p && n !== stmt; n = p, p = facts.parent(p)) {
    if ((p.type === 'ConditionalExpression' && p.test !== n) || p.type === 'LogicalExpression') return true;
  }
  return false;
}

/** `(req, res, next) => { …; next(); }`: the function's last statement calls its third parameter. */
function passesToNext(fn: Handler['fn']): boolean {
  const next = fn.params[2];
  if (next?.type !== 'Identifier' || fn.body.type !== 'BlockStatement') return false;
  const last = fn.body.body.at(-1);
  const e =
    last?.type === 'ExpressionStatement'
      ? unwrap(last.expression)
      : last?.type === 'ReturnStatement' && last.argument
        ? unwrap(last.argument)
        : undefined;
  return (
    e?.type === 'CallExpression' &&
    unwrap(e.callee).type === 'Identifier' &&
    (unwrap(e.callee) as TSESTree.Identifier).name === next.name
  );
}

function paramNames(fn: Handler['fn']): { request?: string; response?: string } {
  const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
  return { ...(names[0] ? { request: names[0] } : {}), ...(names[1] ? { response: names[1] } : {}) };
}

/** Whether the handler starts the request's session by a call: `req.logIn(user, cb)`, `req.login(user)`. */
function sessionStarted(facts: Facts, h: Handler): boolean {
  if (!h.request) return false;
  return facts.nodesOfTypeWithin('CallExpression', h.fn).some((call) => {
    const chain = memberChain(unwrap(call.callee));
    return chain.length === 2 && chain[0] === h.request && /^log[iI]n$/.test(chain[1]) && call.arguments.length > 0;
  });
}

/** A route registered behind `passport.authenticate(…)` (or another `authenticate(…)` middleware call). */
function authenticatedBefore(h: Handler): boolean {
  if (h.registration.type !== 'CallExpression') return false;
  return h.registration.arguments.some((a) => {
    const n = unwrap(a);
    return n.type === 'CallExpression' && memberChain(unwrap(n.callee)).at(-1) === 'authenticate';
  });
}

/** Whether the file's error middleware `(err, req, res, next)`, Koa `app.on('error')` or a Nest `@Catch` filter audits. */
function errorHandlerAudits(facts: Facts, index: AuditIndex, file: string): boolean {
  const audits = (n: Node): boolean => index.reaching.some((c) => within(c, n));
  for (const h of facts.handlers(file)) {
    if (h.method === 'use' && h.fn.params.length === 4 && audits(h.fn)) return true;
  }
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    if (
      callee.type === 'MemberExpression' &&
      propertyName(callee) === 'on' &&
      facts.constantOf(call.arguments[0] ?? call)?.value === 'error' &&
      audits(call)
    )
      return true;
  }
  for (const cls of facts.nodesOfType('ClassDeclaration')) {
    const isFilter = (cls.decorators ?? []).some((d) => /^Catch\b/.test(facts.source(d.expression)));
    const method = cls.body.body.find(
      (e) => e.type === 'MethodDefinition' && e.key.type === 'Identifier' && e.key.name === 'catch',
    );
    if (isFilter && method && audits(method)) return true;
  }
  return false;
}

/** A function not registered in this file but shaped like middleware: `(req, res, next)` or `(ctx, next)`. */
/** The nearest enclosing function shaped `(req, res…)`, however deep in callbacks `n` sits. */
function requestHandlerAround(facts: Facts, n: Node): Handler | undefined {
  for (let fn = facts.enclosingFunction(n); fn; fn = facts.enclosingFunction(fn)) {
    const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
    if (/^(req|request)$/.test(names[0] ?? '') && /^(res|response)$/.test(names[1] ?? '')) {
      return {
        fn: fn as Handler['fn'],
        framework: 'express',
        method: 'use',
        kind: 'middleware',
        registration: fn,
        request: names[0],
        response: names[1],
      };
    }
  }
  return undefined;
}

function middlewareShaped(facts: Facts, n: Node): Handler | undefined {
  const fn = facts.enclosingFunction(n) as Handler['fn'] | undefined;
  if (!fn) return undefined;
  const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
  if (/^(req|request)$/.test(names[0] ?? '') && /^(res|response)$/.test(names[1] ?? '')) {
    return {
      fn,
      framework: 'express',
      method: 'use',
      kind: 'middleware',
      registration: fn,
      request: names[0],
      response: names[1],
    };
  }
  if (/^(ctx|context)$/.test(names[0] ?? '') && (names.length === 1 || names[1] === 'next')) {
    return { fn, framework: 'koa', method: 'use', kind: 'middleware', registration: fn, request: names[0] };
  }
  return undefined;
}

function describeDecision(d: Decision): string {
  return d.data.line
    ? `${d.messageId === 'failures' || d.messageId === 'successes' ? 'lines' : 'line'} ${d.data.line}`
    : (d.data.route ?? d.data.form ?? d.data.call ?? d.data.check ?? 'this path');
}

/**
 * The statements by which control leaves a branch of a callback (its `return`s and `throw`s, else
 * its last statement), without those that hand an error on (`return next(err)`, `done(err)`).
 */
function branchExits(facts: Facts, b: Branch, cb: TSESTree.FunctionLike): Node[] {
  const extent = branchExtent(facts, b);
  const errName = cb.params[0]?.type === 'Identifier' ? cb.params[0].name : undefined;
  const handsOnError = (stmt: Node): boolean => {
    const e =
      stmt.type === 'ReturnStatement' || stmt.type === 'ThrowStatement'
        ? stmt.argument
        : stmt.type === 'ExpressionStatement'
          ? stmt.expression
          : undefined;
    if (!e || !errName) return false;
    const n = unwrap(e);
    if (n.type === 'Identifier') return n.name === errName;
    const first = n.type === 'CallExpression' ? n.arguments[0] : undefined;
    return first?.type === 'Identifier' && first.name === errName;
  };
  const exits: Node[] = [];
  for (const node of extent) {
    for (const type of ['ReturnStatement', 'ThrowStatement'] as const) {
      for (const r of facts.nodesOfTypeWithin(type, node)) if (facts.enclosingFunction(r) === cb) exits.push(r);
    }
  }
  if (exits.length === 0) {
    const last = extent.at(-1);
    const tail = last?.type === 'BlockStatement' ? last.body.at(-1) : last;
    if (tail) exits.push(tail);
  }
  return exits.filter((x) => !handsOnError(x)).sort((x, y) => x.range[0] - y.range[0]);
}

/** A verify callback that takes the request first (`passReqToCallback`): its request, for the event's source IP. */
function requestShaped(fn: TSESTree.FunctionLike): Handler | undefined {
  const first = fn.params[0];
  if (first?.type !== 'Identifier' || !/^(req|request)$/.test(first.name)) return undefined;
  return {
    fn: fn as Handler['fn'],
    framework: 'express',
    method: 'use',
    kind: 'middleware',
    registration: fn,
    request: first.name,
  };
}

function branchNode(b: Branch): Node {
  return b.kind === 'node' ? b.node : b.stmt;
}

/** The nodes a branch covers: the branch node, or the statements after the deciding `if`. */
function branchExtent(facts: Facts, b: Branch): Node[] {
  if (b.kind === 'node') return [b.node];
  const parent = facts.parent(b.stmt);
  const list = parent && statementList(parent);
  return list ? list.slice(list.indexOf(b.stmt) + 1) : [];
}

/** The statements a branch starts with (for messages). */
function branchNodes(facts: Facts, b: Branch): Node[] {
  if (b.kind === 'node')
    return b.node.type === 'BlockStatement' && b.node.body.length > 0 ? [b.node.body[0]] : [b.node];
  const parent = facts.parent(b.stmt);
  const list = parent && statementList(parent);
  return list ? list.slice(list.indexOf(b.stmt) + 1) : [];
}

function placementFor(b: Branch, event: AuditEvent): Placement {
  return b.kind === 'node'
    ? { where: 'start', node: b.node, event, actor: 'submitted' }
    : { where: 'after', node: b.stmt, event, actor: 'submitted' };
}

/** The statement of the first `req.logIn(user, …)` / `req.login(…)` inside `within`: where the session starts. */
function sessionStart(facts: Facts, inside: Node, h: Handler): Node | undefined {
  const calls = facts
    .nodesOfType('CallExpression')
    .filter((call) => {
      if (!within(call, inside) || call.arguments.length === 0) return false;
      const chain = memberChain(unwrap(call.callee));
      return chain.length === 2 && chain[0] === h.request && /^log[iI]n$/.test(chain[1]);
    })
    .sort((a, b) => a.range[0] - b.range[0]);
  return calls.length ? statementOf(facts, calls[0]) : undefined;
}

/** The statement of a handler's first call ending the request's session (`req.logout()`, `req.logOut()`, `req.session.destroy()`). */
function sessionEnd(facts: Facts, h: Handler): Node | undefined {
  const calls = facts
    .nodesOfType('CallExpression')
    .filter((call) => {
      if (!within(call, h.fn)) return false;
      const chain = memberChain(unwrap(call.callee));
      return (
        chain[0] === h.request &&
        ((chain.length === 2 && /^log[oO]ut$/.test(chain[1])) ||
          (chain.length === 3 && chain[1] === 'session' && chain[2] === 'destroy'))
      );
    })
    .sort((a, b) => a.range[0] - b.range[0]);
  return calls.length ? statementOf(facts, calls[0]) : undefined;
}

function within(n: Node, outer: Node): boolean {
  return n.range[0] >= outer.range[0] && n.range[1] <= outer.range[1];
}

function indexWithin(index: AuditIndex, n: Node): boolean {
  return index.reaching.some((c) => within(c, n));
}

/** A signed-in principal read where an app keeps it: `req.user`, `req.session.userId`, `ctx.state.user`, `session`. */
const PRINCIPAL = /^(user|currentUser|principal|session|userId|user_id|uid|auth|account|me)$/;

/**
 * Whether the denial at `node` is taken because no one is signed in: the condition of the `if`
 * it is in is `!req.user`, `!req.session?.userId`, `!ctx.state.user`, `!session`,
 * `!req.isAuthenticated()` or `req.user == null` — not a property of the user (`!req.user.isAdmin`).
 */
function noPrincipal(facts: Facts, node: Node): boolean {
  let child: Node = node;
  for (const a of facts.ancestors(node)) {
    if (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression')
      return false;
    if (a.type === 'IfStatement' && a.consequent === child) return missingPrincipal(a.test);
    child = a;
  }
  return false;
}

function missingPrincipal(test: Node): boolean {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||')
    return missingPrincipal(t.left) && missingPrincipal(t.right);
  let read: Node | undefined;
  if (t.type === 'UnaryExpression' && t.operator === '!') read = unwrap(t.argument);
  else if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const empty = (n: Node): boolean => {
      const u = unwrap(n);
      return (u.type === 'Literal' && u.value === null) || (u.type === 'Identifier' && u.name === 'undefined');
    };
    read = empty(t.right) ? unwrap(t.left) : empty(t.left) ? unwrap(t.right) : undefined;
  }
  if (!read) return false;
  if (read.type === 'ChainExpression') read = unwrap(read.expression);
  if (read.type === 'CallExpression') {
    const callee = unwrap(read.callee);
    return callee.type === 'MemberExpression' && /^(isAuthenticated|isLoggedIn)$/.test(propertyName(callee) ?? '');
  }
  const last =
    read.type === 'Identifier' ? read.name : read.type === 'MemberExpression' ? propertyName(read) : undefined;
  return !!last && PRINCIPAL.test(last);
}

function resourceField(h: Handler | undefined): [string, string][] {
  const r = h?.request;
  if (!r) return [];
  switch (h.framework) {
    case 'express':
      return [['resource', `${r}.originalUrl`]];
    case 'koa':
    case 'hapi':
      return [['resource', `${r}.path`]];
    case 'fastify':
    case 'node':
    case 'nestjs':
    case 'nextjs':
      return [['resource', `${r}.url`]];
    default:
      return [];
  }
}

/** Where a finding about a whole handler points: the function's head (a Nest method's name). */
function handlerSpan(facts: Facts, h: Handler): Span {
  const p = facts.parent(h.fn);
  if (p?.type === 'MethodDefinition') return facts.span(p.key);
  const end = h.fn.body.type === 'BlockStatement' ? h.fn.body.range[0] : h.fn.body.range[0];
  return { start: h.fn.range[0], end: Math.max(end, h.fn.range[0] + 1) };
}

const RESPONSE_METHODS = /^(json|send|end|redirect|render|sendStatus|sendFile|download|attachment|status|code|write)$/;

function isResponse(stmt: Node): boolean {
  if (stmt.type !== 'ExpressionStatement') return false;
  let e = unwrap(stmt.expression);
  if (e.type === 'AwaitExpression') e = unwrap(e.argument);
  if (e.type === 'AssignmentExpression') {
    return (
      e.left.type === 'MemberExpression' &&
      /^(body|status)$/.test(propertyName(e.left) ?? '') &&
      /^(ctx|context)$/.test(memberChain(e.left)[0] ?? '')
    );
  }
  if (e.type !== 'CallExpression') return false;
  const callee = unwrap(e.callee);
  return callee.type === 'MemberExpression' && RESPONSE_METHODS.test(propertyName(callee) ?? '');
}

/**
 * The callback where the outcome of `stmt`'s work is known, when `stmt` starts work that ends
 * later (see successStatement): the function given to the chain's last `.then`, or a node-style
 * callback (first parameter `err`/`error`). Null: a chain whose outcome no function of it sees.
 * Undefined: `stmt` does not start such work (an awaited chain has its outcome on the next line).
 */
function laterOutcome(stmt: Node): TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | null | undefined {
  const expression =
    stmt.type === 'ExpressionStatement' ? stmt.expression : stmt.type === 'ReturnStatement' ? stmt.argument : undefined;
  if (!expression || isResponse(stmt)) return undefined;
  const e = unwrap(expression);
  if (e.type !== 'CallExpression') return undefined;
  const isFn = (n: Node | undefined): n is TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression =>
    !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression');
  let promise = false;
  for (let c: Node = e; c.type === 'CallExpression'; ) {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression') break;
    const name = propertyName(callee);
    if (name === 'then') {
      const onSuccess = c.arguments[0] ? unwrap(c.arguments[0]) : undefined;
      return isFn(onSuccess) ? onSuccess : null;
    }
    if (name === 'catch' || name === 'finally') promise = true;
    c = unwrap(callee.object);
  }
  if (promise) return null;
  const callback = e.arguments.length ? unwrap(e.arguments[e.arguments.length - 1]) : undefined;
  const first = isFn(callback) ? callback.params[0] : undefined;
  return isFn(callback) && first?.type === 'Identifier' && /^(err|error|e)$/.test(first.name) ? callback : undefined;
}

/**
 * The statement that ends a handler's success path: its last top-level statement (inside a
 * trailing `try`). When that statement starts work whose outcome comes later — a promise chain
 * not awaited (`User.findOne(…).then(user => …)`, `return save().then(…)`) or a call with a
 * node-style callback (`(err, user) => …`) — the success path goes on inside the last `.then`
 * or the callback: an event placed after the chain would be written before the outcome is known
 * (a success logged for a failure). A chain with no function to go into has no place: undefined.
 */
function successStatement(fn: TSESTree.FunctionLike): Node | undefined {
  if (!fn.body || fn.body.type !== 'BlockStatement') return undefined;
  let body: TSESTree.Statement[] = fn.body.body;
  for (let guard = 0; guard < 10; guard++) {
    const last = body[body.length - 1];
    if (!last) return undefined;
    if (last.type === 'TryStatement') {
      body = last.block.body;
      continue;
    }
    const later = laterOutcome(last);
    if (later !== undefined) {
      if (later === null || later.body.type !== 'BlockStatement') return undefined;
      body = later.body.body;
      continue;
    }
    // A final response preceded by the work: the response is where success is certain.
    const responses = body.filter((s) => s.type === 'ReturnStatement' || isResponse(s));
    return responses.length > 0 && responses[responses.length - 1] === last ? last : last;
  }
  return undefined;
}
