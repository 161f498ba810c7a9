// The seatbelt table: for every route the handler facts find (server/engine/handlers.ts), which
// security controls it has — authentication, authorization, input validation, rate limiting (on
// routes that check or set a credential), an audit event (on security decisions) and MFA (on admin
// routes). Each control is `present`, `missing` (it applies and nothing was recognised) or `n/a`.
//
// What counts as a control: the middleware, guards and options on the registration (route-level
// arguments, a router's earlier `use(…)`, Fastify `preHandler`/`schema`/`config.rateLimit`, hapi
// `auth`/`validate` and `server.auth.default`, NestJS `@UseGuards`/`@Throttle`/`@Roles` on the
// method or class and a DTO-typed `@Body()`), well-known libraries (passport, express-jwt,
// express-rate-limit, celebrate, express-validator with its result read, Joi/zod/yup in the
// handler, @nestjs/throttler), checks written in the handler (a verified token, an ownership filter
// on the caller's id, a role test, a schema `parse`/`validate`, an audit call) and the names a team
// declares in `knowledge` (guards, validators, rateLimiters, mfaChecks). Pure: facts in, rows out;
// one table per analysis (facts.derive).

import type { TSESTree } from '@typescript-eslint/types';
import {
  type Facts,
  type Handler,
  type Node,
  decoratorName,
  handlerName,
  isRequireCall,
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
} from '../../../server/engine/facts';
import { functionOf } from '../../../server/engine/facts/handlers';
import type { Mount, MountSummary } from '../../../server/engine/project/types';
import type {
  CalleeRef,
  RouteControlName,
  RouteControls,
  RouteControlState,
  TeamKnowledge,
} from '../../../server/engine/types';
import { ROUTE_CONTROLS } from '../../../server/engine/types';
import { isAuditCall } from '../../audit/shared/audit-calls';
import { importedFunction } from '../../module-summary';
import { objectOf, property } from './objects';

const MAX_ROUTES = 2_000;

/** Names of middleware and guards, by the control they provide (checked in this order). */
const MFA_NAME = /mfa|2fa|two_?factor|totp|\botp|stepup|step_up|recentauth|(?<!requi)reauth|webauthn/i;
const RATE_NAME = /rate_?limit|limiter|throttle|slow_?down|brute|ratelimit/i;
const AUTHZ_NAME = /role|admin|permission|scope|authori[sz]|ability|policy|\bacl|owner|staff|superuser/i;
const CAN_NAME = /(^|\.)can[A-Z]/;
const AUTHN_NAME =
  /passport|authenticat|requireUser|requireAuth|requireLogin|requireSession|ensureLogged|ensureAuth|isLoggedIn|loggedIn|verifyToken|verifyJwt|verifyJWT|jwtAuth|checkJwt|authGuard|AuthGuard|(^|\.)protect(ed|Route|Routes)?$|withAuth|withSession|withUser|auth(?:enticated|Required|Middleware)?$|^auth/i;
/** `requireOperator()`, `ensureMember`, `mustBeCustomer`: a guard that demands a signed-in principal of some kind. */
const PRINCIPAL_GUARD =
  /^(require|ensure|must(Be)?|needs?)(User|Operator|Member|Merchant|Customer|Account|Staff|Employee|Agent|Partner|Tenant|Principal|Identity|Session|Login|Signed_?In|LoggedIn|Token|Jwt|ApiKey|Bearer|Patient|Clinician|Doctor|Driver|Vendor|Seller|Buyer)s?$/i;
/** Guards that only read role metadata set by a decorator (`@Roles('admin')` + `RolesGuard`): without that metadata they let everyone through. */
const METADATA_GUARD = /^(Roles?|Permissions?|Scopes?|Policies|Polic(y|ies)s?|Abilit(y|ies)|Casl\w*|Acl)Guard$/;
const NOT_A_GUARD_MODULE =
  /^(helmet|feature-policy|lusca|cors|csurf|hpp|compression|morgan|cookie-parser|body-parser|express-session|cookie-session|serve-static|serve-favicon|express-mongo-sanitize|xss-clean|permissions-policy)$/;
const NOT_A_GUARD_VERB =
  /^(update|refresh|load|attach|populate|track|store|save|log|record|count|deserialize|serialize|init)[A-Z_]/;
const VALIDATE_NAME = /validat|celebrate|zValidator|checkSchema|ValidationPipe|sanitiz/i;
/** express-validator chain roots: only a validation when its result is read. */
const EXPRESS_VALIDATOR = new Set(['body', 'param', 'query', 'check', 'header', 'cookie', 'checkSchema', 'oneOf']);

/** Paths of routes that check a credential or let a user set one. */
const AUTH_PATH =
  /log-?in|sign-?in|sign-?up|register|forgot|reset|passw|passcode|\bpin\b|invite|magic|otp|2fa|mfa|verify|redeem|unlock|recover/i;
/** Paths where a user signs in (the credential is checked there, nobody is signed in yet). */
const SIGN_IN_PATH = /log-?in\b|sign-?in\b/i;
/** The first leg of a single sign-on: a redirect to the identity provider. */
const SSO_START_PATH = /\/(sso|oauth2?|saml|oidc|openid|lti)(\/(login|start|authorize|initiate))?\/?$/i;
/** Exchanging a refresh token for a new access token: the refresh token is the credential checked. */
const REFRESH_PATH = /\/(refresh|token\/refresh|refresh-?token)\/?$/i;
/** Asking for a reset or sign-in link, or for an e-mail check: the decision comes when the link is used. */
const REQUEST_LINK_PATH = /forgot|reset-?request|request-?reset|verify-?email|send-verification|magic-?link\/?$/i;
/** Issuing recovery or backup codes to a signed-in user (not redeeming one). */
const ISSUE_CODES_PATH = /(recovery|backup)[-_]?codes?\/?$/i;
const CHANGE_PATH = /change|update|\bpin\b|admin-?pass|set-?pass/i;
const ADMIN_PATH = /admin|staff|internal|backoffice|back-office|superuser|\bops\b|\/roles?\b|impersonat/i;
const PUBLIC_PATH =
  /health|ready|readiness|liveness|\/live\b|ping|\/status\b|version|public|feeds?\b|rss|sitemap|robots|logout|log-out|sign-?out|openapi|swagger|docs\b|favicon|\/static\/|\/assets\//i;
const SECURITY_DECISION_PATH =
  /role|permission|api-?key|\btokens?\b|export|impersonat|recovery|giftcard|gift-card|voucher|refund|payout|write-?off/i;
const ADMIN_ROLE = /admin|staff|superuser|root|ops/i;
const ACCOUNT_COLLECTION = /\/(users|members|accounts|staff|operators|admins|employees|agents|team-?members)\/?$/i;
const SELF_PATH = /\/(me|self|profile|account|settings|session)(\/|$)/i;
const PARAM = /\/:[A-Za-z_]|\{[A-Za-z_]+\}|\[[A-Za-z_.]+\]/;

/** Request expressions that carry the caller's identity. */
const PRINCIPAL =
  /\b(req|request|ctx|context)\.(user|session|auth|state\.user|merchant|tenant|operator|member|customer|partner|principal|identity|organization|org)\b|\bres\.locals\.(user|operator|merchant|account|principal|auth|session|tenant|member|customer|partner|claims|identity)\b|\bclaims\b|\bcurrentUser\b|\bprincipal\b|\bsession\.user\b|\bpayload\.sub\b|\.credentials\b|\bme\.id\b/;
const OWNER_KEY =
  /^(user|owner|customer|merchant|partner|account|tenant|author|created_?by|member|org(anization)?)_?id$|^(user|owner|customer|author)$/i;

/** What the applicability tests read besides controls: never shown as a control. */
type Signal = 'reads-input' | 'credential-check' | 'validator-chain' | 'validation-read' | 'public' | 'serves-nothing';
type Kind = RouteControlName | Signal;
type Add = (c: Kind, what: string) => void;
interface Evidence {
  control: Kind;
  what: string;
}

/** Every route of the file with its controls, in source order. */
export function routeControls(facts: Facts, file: string, knowledge: Readonly<TeamKnowledge>): RouteControls[] {
  return facts.derive('defaults/routes', () => computeRoutes(facts, file, knowledge));
}

function computeRoutes(facts: Facts, file: string, knowledge: Readonly<TeamKnowledge>): RouteControls[] {
  const rows: Row[] = [];
  const handlers = facts.handlers(file);
  // hapi's default strategy, set in this file or in another module of the server (a plugin: the project's `globalGuards`).
  const hapiDefaultAuth =
    !!hapiDefaultAuthOf(facts) || (facts.mounts ?? []).some((m) => m.global && m.framework === 'hapi');
  const sites = [
    ...handlers.filter((h) => h.kind === 'route' && h.framework !== 'node'),
    ...externalRoutes(facts, handlers),
    ...nextExternalRoutes(facts, file, handlers),
  ].sort(
    // Source order; a chain's inner registration (`.route('/x').put(a)`) before the outer (`.delete(b)`).
    (a, b) => a.registration.range[0] - b.registration.range[0] || a.registration.range[1] - b.registration.range[1],
  );
  for (const h of sites) {
    if (rows.length >= MAX_ROUTES) break;
    rows.push(rowOf(facts, file, knowledge, h, handlers, hapiDefaultAuth));
  }
  // A write that is only scoped to the caller's own data (`WHERE merchant_id = me`) where another
  // write on the same resource in this file demands a role or scope (`requireScope('keys:write')`):
  // the scope check it lacks is the one its siblings have.
  for (const r of rows) {
    if (
      r.row.method === 'GET' ||
      r.row.controls.authorization !== 'present' ||
      r.row.evidence.authorization !== 'ownership filter' ||
      r.row.path === undefined
    )
      continue;
    const base = resourceOf(r.row.path);
    const sibling = rows.find(
      (o) =>
        o !== r && o.roleGuard && o.row.method !== 'GET' && o.row.path !== undefined && resourceOf(o.row.path) === base,
    );
    if (!sibling) continue;
    r.row.controls.authorization = 'missing';
    delete r.row.evidence.authorization;
  }
  return rows.map((r) => r.row);
}

/** A route whose handler is not a function of this file: `fn` is the reference to it (`orders.list`). */
type ExternalRoute = Handler & { external: true };

function isExternal(h: Handler): h is ExternalRoute {
  return (h as Partial<ExternalRoute>).external === true;
}

const ROUTE_VERB = /^(get|post|put|patch|delete|del|all|head|options)$/;
const ROUTER_RECEIVER = /(app|router|routes|server|api|fastify|instance)$/i;

/**
 * Route registrations whose handler is not a function of this file — `router.get('/', requireUser,
 * orders.list)` with `orders` imported, `router.route('/x').post(users.create)`, hapi
 * `server.route({ method, path, handler: users.create })` and route lists kept in a variable
 * (`server.route(routes)`) — which the handler facts (a function to analyse) do not list. They get a
 * row all the same, judged by what the registration shows; the handler's own checks are read from
 * its module's summary where the project has one (an audit event, a credential check).
 */
function externalRoutes(facts: Facts, handlers: readonly Handler[]): ExternalRoute[] {
  const registered = new Set<Node>(handlers.map((h) => h.registration));
  const fileFramework = handlers.find((h) => h.framework !== 'node' && h.framework !== 'nestjs')?.framework;
  const out: ExternalRoute[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    if (out.length >= MAX_ROUTES) break;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const method = propertyName(callee) ?? '';
    const receiver = unwrap(callee.object);
    if (ROUTE_VERB.test(method) && call.arguments.length >= 1 && !registered.has(call)) {
      const last = call.arguments[call.arguments.length - 1] as Node;
      if (!handlerReference(facts, last)) continue;
      let path: string | undefined;
      let base: Node = receiver;
      // `router.route('/orders/:id').get(requireUser, orders.show)`: the path is on the inner call, every argument is middleware or the handler.
      const inner = routeChainPath(facts, receiver);
      if (inner) {
        path = inner.path;
        base = inner.receiver;
      } else {
        const p = call.arguments.length >= 2 ? facts.constantOf(call.arguments[0] as Node)?.value : undefined;
        if (typeof p !== 'string' || !/^[/*]/.test(p)) continue;
        path = p;
      }
      const known = frameworkOf(facts, base);
      if (!known && !ROUTER_RECEIVER.test(memberChain(base).join('.'))) continue;
      out.push({
        fn: last as unknown as Handler['fn'],
        framework: known ?? fileFramework ?? 'express',
        method: method === 'del' ? 'delete' : method,
        path,
        kind: 'route',
        registration: call,
        external: true,
      });
    } else if (method === 'route' && call.arguments.length === 1) {
      // hapi/Fastify route objects whose handler is another module's, or a route list kept in a variable.
      const arg = unwrap(call.arguments[0]);
      const list = arg.type === 'Identifier' ? variableInit(facts, arg) : arg;
      if (!list) continue;
      const objects = list.type === 'ArrayExpression' ? list.elements : [list];
      for (const o of objects.slice(0, 200)) {
        const object = o && o.type !== 'SpreadElement' ? objectOf(facts, o) : undefined;
        if (!object) continue;
        const site = routeObjectSite(facts, object, call, list !== arg);
        if (site) out.push(site);
      }
    }
  }
  return out;
}

const NEXT_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Next.js route files whose handler is made elsewhere: `export default NextAuth(authOptions)` in
 * pages/api, `export { handler as GET, handler as POST }` and `export const GET = imported` in an
 * app/ route file. The file's path is the route's.
 */
function nextExternalRoutes(facts: Facts, file: string, handlers: readonly Handler[]): ExternalRoute[] {
  const normalized = file.replace(/\\/g, '/');
  const app = /(^|\/)app\/(.*\/)?route\.[cm]?[jt]sx?$/.test(normalized);
  const api = /(^|\/)pages\/api\/(.*)\.[cm]?[jt]sx?$/.exec(normalized);
  if (!app && !api) return [];
  const registered = new Set<Node>(handlers.map((h) => h.registration));
  const path = app
    ? `/${(normalized.split(/(?:^|\/)app\//).pop() ?? '').replace(/\/?route\.[cm]?[jt]sx?$/, '')}`.replace(
        /\/\([^/)]*\)/g,
        '',
      )
    : `/api/${api![2].replace(/\/index$/, '')}`;
  const out: ExternalRoute[] = [];
  const site = (ref: Node, method: string, registration: Node): void => {
    if (out.length >= 16) return;
    // `export { handler as GET }` of a function of this file: its body is read like any handler's.
    const local = functionOf(facts, ref);
    const h: ExternalRoute = {
      fn: (local ?? ref) as Handler['fn'],
      framework: 'nextjs',
      method,
      path,
      kind: 'route',
      registration,
      external: true,
    };
    if (local) (h as Partial<ExternalRoute>).external = undefined;
    out.push(h);
  };
  if (api)
    for (const e of facts.nodesOfType('ExportDefaultDeclaration'))
      if (!registered.has(e) && handlerReference(facts, e.declaration as Node)) site(e.declaration as Node, 'all', e);
  if (app)
    for (const e of facts.nodesOfType('ExportNamedDeclaration')) {
      if (registered.has(e)) continue;
      for (const sp of e.specifiers) {
        const name = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
        if (NEXT_METHODS.has(name)) site(sp.local as Node, name.toLowerCase(), e);
      }
      if (e.declaration?.type === 'VariableDeclaration')
        for (const d of e.declaration.declarations)
          if (d.id.type === 'Identifier' && NEXT_METHODS.has(d.id.name) && d.init && handlerReference(facts, d.init))
            site(d.init, d.id.name.toLowerCase(), e);
    }
  return out;
}

/** A sign-in library's request handler (`NextAuth(authOptions)`): the route where credentials are checked. */
function signInLibrary(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  const m = facts.moduleOf(n.type === 'CallExpression' ? n.callee : n)?.module ?? '';
  return /^(next-auth|@auth\/[\w-]+)(\/|$)/.test(m);
}

/** A handler given by reference: an imported function, a controller's method, a wrapped one (`catchAsync(users.create)`). */
function handlerReference(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'Identifier' && n.type !== 'MemberExpression' && n.type !== 'CallExpression') return false;
  if (n.type === 'CallExpression' && isRequireCall(n)) return false;
  if (functionOf(facts, n)) return false;
  // A string, a number or an options object is no handler; an identifier bound to one is not either.
  const c = facts.constantOf(n);
  return c === undefined;
}

/** `router.route('/x')` (or `.route('/x').get(…)` further down the chain): its path and the router. */
function routeChainPath(facts: Facts, node: Node): { path: string; receiver: Node } | undefined {
  let n = unwrap(node);
  for (let i = 0; i < 10 && n.type === 'CallExpression'; i++) {
    const c = unwrap(n.callee);
    if (c.type !== 'MemberExpression') return undefined;
    if (propertyName(c) === 'route' && n.arguments.length === 1) {
      const p = facts.constantOf(n.arguments[0] as Node)?.value;
      return typeof p === 'string' ? { path: p, receiver: unwrap(c.object) } : undefined;
    }
    n = unwrap(c.object);
  }
  return undefined;
}

/** The framework a router or server comes from, when its module says so. */
function frameworkOf(facts: Facts, receiver: Node): Handler['framework'] | undefined {
  const m = facts.moduleOf(receiver)?.module;
  if (!m) return undefined;
  if (m === 'express' || m.startsWith('express/')) return 'express';
  if (m === 'koa' || m === '@koa/router' || m === 'koa-router') return 'koa';
  if (m === 'fastify') return 'fastify';
  if (m === '@hapi/hapi' || m === 'hapi') return 'hapi';
  return undefined;
}

/** The initialiser of a variable assigned once (`const routes = [...]`). */
function variableInit(facts: Facts, id: TSESTree.Identifier): Node | undefined {
  const variable = facts.variableOf(id);
  const def = variable?.defs[0];
  if (!variable || !facts.isSingleAssignment(variable) || def?.type !== 'Variable' || !def.node.init) return undefined;
  return unwrap(def.node.init);
}

/**
 * A hapi (`path`) or Fastify (`url`) route object the handler facts did not take: its handler is a
 * reference, or the object came through a variable (`server.route(routes)`).
 */
function routeObjectSite(
  facts: Facts,
  object: TSESTree.ObjectExpression,
  registration: Node,
  viaVariable: boolean,
): ExternalRoute | undefined {
  const pathProp = property(object, 'path') ?? property(object, 'url');
  const path = pathProp ? facts.constantOf(pathProp.value as Node)?.value : undefined;
  if (typeof path !== 'string') return undefined;
  const options = objectOf(facts, property(object, 'options')?.value ?? property(object, 'config')?.value);
  const handler = property(object, 'handler') ?? (options ? property(options, 'handler') : undefined);
  if (!handler) return undefined;
  const local = functionOf(facts, handler.value as Node);
  if (local && !viaVariable) return undefined;
  if (!local && !handlerReference(facts, handler.value as Node)) return undefined;
  const m = property(object, 'method');
  const method = m ? facts.constantOf(m.value as Node)?.value : undefined;
  const site: ExternalRoute = {
    fn: (local ?? handler.value) as Handler['fn'],
    framework: property(object, 'url') ? 'fastify' : 'hapi',
    method: typeof method === 'string' ? method.toLowerCase() : 'all',
    path,
    kind: 'route',
    registration,
    external: true,
  };
  // A same-file handler reached through a variable is still read as the handler.
  if (local) (site as Partial<ExternalRoute>).external = undefined;
  return site;
}

/**
 * What a handler of another module is known to do: from its summary (the project model), an audit
 * event and a credential check; and a body-carrying method reads input.
 */
function externalHandlerEvidence(facts: Facts, h: ExternalRoute, add: Add): void {
  if (/^(post|put|patch)$/.test(h.method)) add('reads-input', 'request body');
  let ref = unwrap(h.fn as Node);
  // `NextAuth(authOptions)`, also through `const handler = NextAuth(…)`: the sign-in endpoint itself.
  if (ref.type === 'Identifier') ref = variableInit(facts, ref) ?? ref;
  if (signInLibrary(facts, ref)) {
    add('credential-check', 'sign-in endpoint');
    return;
  }
  // `catchAsync(users.create)`: the wrapped function.
  if (ref.type === 'CallExpression' && ref.arguments.length === 1) ref = unwrap(ref.arguments[0] as Node);
  const summary = importedFunction(facts, ref)?.summary;
  if (!summary) return;
  if (summary.audit) add('auditEvent', `${memberChain(ref).join('.')} (audit event)`);
  if (summary.decides) add('credential-check', 'credential check');
}

/** A route's row with what the file-wide pass needs to know about it. */
interface Row {
  row: RouteControls;
  roleGuard: boolean;
}

/** `/api-keys/:prefix` → `/api-keys`: the collection a route acts on. */
function resourceOf(path: string): string {
  return path.replace(/(\/(:[A-Za-z_]\w*|\{[A-Za-z_]+\}|\[[A-Za-z_.]+\]))+\/?$/, '').replace(/\/$/, '') || '/';
}

function rowOf(
  facts: Facts,
  file: string,
  knowledge: Readonly<TeamKnowledge>,
  h: Handler,
  handlers: readonly Handler[],
  hapiDefaultAuth: boolean,
): Row {
  const evidence: Evidence[] = [];
  const add: Add = (control, what) => {
    evidence.push({ control, what });
  };
  let hapiPublic = false;
  let registrationSpan = facts.span(h.registration);
  let mountPrefix = '';

  // Guards and options on the registration.
  if (h.framework === 'nestjs') {
    const method = h.registration as TSESTree.MethodDefinition;
    const cls = [...facts.ancestors(method)].find(
      (a) => a.type === 'ClassDeclaration' || a.type === 'ClassExpression',
    ) as TSESTree.ClassDeclaration | undefined;
    const decorators = [...(method.decorators ?? []), ...(cls?.decorators ?? [])];
    // A RolesGuard reads the roles from metadata (`@Roles('admin')`); with none on the method or class it admits every caller.
    const metadata = decorators.some((d) => {
      const n = decoratorName(d)?.name ?? '';
      return (
        n !== 'UseGuards' &&
        (AUTHZ_NAME.test(n) || CAN_NAME.test(n) || /^(CheckPolicies|RequirePermissions?|SetMetadata)$/.test(n))
      );
    });
    const addFromDecorators: Add = (c, what) => {
      // (`RolesGuard (APP_GUARD) (in app.module.ts:41)`: the guard's name is the first word.)
      if (c === 'authorization' && !metadata && METADATA_GUARD.test(what.split(' ')[0])) return;
      add(c, what);
    };
    for (const d of decorators) decoratorEvidence(facts, knowledge, d, addFromDecorators);
    // Global guards (this file's, and other modules' through the project's summaries), unless the route is marked public.
    if (!evidence.some((e) => e.control === 'public')) {
      const covers = (routes: NestRouteSpec[] | undefined): boolean =>
        !routes || routes.some((r) => nestRouteCovers(r, cls?.id?.name, h.method, h.path));
      for (const g of globalGuardsOf(facts, knowledge))
        if (!g.framework && covers(g.routes))
          for (const c of g.controls) addFromDecorators(c.control as Kind, `${c.what} (line ${g.line})`);
      for (const m of facts.mounts ?? [])
        if (m.global && m.matchers === undefined && !m.framework && covers(m.routes))
          for (const c of m.controls)
            addFromDecorators(c.control as Kind, `${c.what} (in ${m.file.split(/[\\/]/).pop()}:${m.line})`);
    }
    const verb = (method.decorators ?? []).find((d) =>
      /^(Get|Post|Put|Patch|Delete|All|Head|Options)$/.test(decoratorName(d)?.name ?? ''),
    );
    if (verb) registrationSpan = facts.span(verb);
    // A DTO-typed @Body()/@Query()/@Param(): validated by the ValidationPipe.
    for (const p of h.fn.params) {
      const param = p.type === 'TSParameterProperty' ? p.parameter : p;
      const decorators = ((param as { decorators?: TSESTree.Decorator[] }).decorators ?? []).map(
        (d) => decoratorName(d)?.name,
      );
      const annotation = (param as { typeAnnotation?: TSESTree.TSTypeAnnotation }).typeAnnotation?.typeAnnotation;
      if (
        decorators.some((n) => n === 'Body' || n === 'Query' || n === 'Param') &&
        annotation?.type === 'TSTypeReference' &&
        /^[A-Z]\w*(Dto|Input|Body|Params|Query|Request)$/.test(facts.source(annotation.typeName))
      )
        add('inputValidation', `${facts.source(annotation.typeName)} (ValidationPipe)`);
      if (
        decorators.some((n) => n === 'Body' || n === 'Query' || n === 'Param') &&
        decorators.some((n) => /Pipe$/.test(n ?? ''))
      )
        add('inputValidation', 'validation pipe');
      // `@Param('id', ParseUUIDPipe)`, `@Query('page', new ParseIntPipe())`: a pipe given to the decorator.
      for (const d of (param as { decorators?: TSESTree.Decorator[] }).decorators ?? []) {
        const e = unwrap(d.expression);
        if (e.type !== 'CallExpression' || !/^(Body|Query|Param)$/.test(decoratorName(d)?.name ?? '')) continue;
        const pipe = e.arguments
          .map((a) => unwrap(a))
          .find((a) => /Pipe$/.test(memberChain(a.type === 'NewExpression' ? a.callee : a).join('.')));
        if (pipe) add('inputValidation', facts.source(pipe).length <= 60 ? facts.source(pipe) : 'validation pipe');
      }
    }
  } else if (h.registration.type === 'CallExpression') {
    const call = h.registration;
    for (const arg of call.arguments) {
      if (functionNode(arg) === h.fn || (arg as Node) === (h.fn as Node)) continue;
      const a = unwrap(arg);
      if (a.type === 'ObjectExpression')
        optionsEvidence(facts, knowledge, a, add, (p) => {
          hapiPublic = p;
        });
      else guardEvidence(facts, knowledge, a, add);
    }
    // `router.use(mw…)` earlier in the file on the same router (no path, or a prefix of this route).
    for (const use of routerUses(facts, call))
      for (const arg of middlewareOf(facts, use)) guardEvidence(facts, knowledge, unwrap(arg), add);
    // Where another module mounts this router (`app.use('/feeds', requireUser, catalogRoutes)`): its prefix and guards.
    const mounted = mountsOf(facts, call);
    if (mounted.length) {
      const [first, ...others] = mounted;
      // A control counts only when every mount provides it (a route reachable without a guard lacks it).
      for (const c of first.controls)
        if (others.every((m) => m.controls.some((o) => o.control === c.control)))
          add(c.control as Kind, `${c.what} (mounted in ${first.file.split(/[\\/]/).pop()}:${first.line})`);
      if (others.every((m) => m.prefix === first.prefix)) mountPrefix = first.prefix;
    }
    // Fastify `addHook('onRequest'|'preHandler', fn)` on the same instance, its parent scopes and the fastify-plugin (fp) plugins registered there.
    fastifyScopeHooks(facts, knowledge, call, add);
    // hapi: `server.ext('onPostAuth', requireRecentMfa)` in the plugin that registers the route.
    if (h.framework === 'hapi') hapiExtensions(facts, knowledge, call, add);
    // hapi: `server.auth.default(…)` covers every route unless it opts out.
    if (
      h.framework === 'hapi' &&
      hapiDefaultAuth &&
      !hapiPublic &&
      !evidence.some((e) => e.control === 'authentication')
    )
      add('authentication', 'server.auth.default');
  } else if (h.registration.type === 'ExportDefaultDeclaration') {
    // Next.js `export default withAuth(handler)`.
    const d = unwrap(h.registration.declaration as Node);
    if (d.type === 'CallExpression' && !signInLibrary(facts, d)) guardEvidence(facts, knowledge, d, add);
  }
  // Next.js `middleware.ts` that signs the caller in, where its matcher covers the route's path (server/host/project.ts).
  if (h.framework === 'nextjs' && h.path !== undefined)
    for (const m of facts.mounts ?? [])
      if (m.global && m.matchers !== undefined && nextMatcherCovers(m.matchers, h.path))
        for (const c of m.controls) add(c.control as Kind, `${c.what} (${m.file.split(/[\\/]/).pop()}:${m.line})`);

  // `passport.authenticate('local')` in front of `POST /login` checks the password: it is the sign-in, not a signed-in caller.
  if (h.path !== undefined && SIGN_IN_PATH.test(h.path))
    for (let i = evidence.length - 1; i >= 0; i--)
      if (evidence[i].control === 'authentication' && /^passport\.authenticate\b/.test(evidence[i].what))
        evidence[i] = { control: 'credential-check', what: 'credential check' };

  // What the registration, its routers and mounts provide, before the handler's own checks.
  const guarded = evidence.length;
  // Checks written in the handler; for a handler of another module, what its summary says.
  if (!isExternal(h)) handlerEvidence(facts, knowledge, h, add);
  else externalHandlerEvidence(facts, h, add);

  // Which controls apply.
  const method = h.method.toUpperCase();
  const path = h.path === undefined ? undefined : joinPath(mountPrefix, h.path);
  const where = `${path ?? ''} ${(isExternal(h) ? memberChain(h.fn as Node).pop() : handlerName(facts, h)) ?? ''}`;
  const fileAdmin = /(^|[\\/])admin([\\/.-]|$)/i.test(file);
  // An admin-only guard; one that also admits other roles (`requireRole('admin', 'support')`) is not.
  const adminGuard = evidence.some(
    (e) =>
      e.control === 'authorization' &&
      /admin|staff|superuser/i.test(e.what) &&
      !(e.what.match(/'[^']*'|"[^"]*"/g) ?? []).some((q) => !ADMIN_ROLE.test(q)),
  );
  const admin = ADMIN_PATH.test(path ?? '') || fileAdmin || adminGuard;
  const credentialCheck = evidence.some((e) => e.control === 'credential-check');
  const readsInputEarly = evidence.some((e) => e.control === 'reads-input') || PARAM.test(path ?? '');
  // express-validator chains count once their result is read (a `checkValidation`-style middleware is a validator by name).
  const chain = evidence.find((e) => e.control === 'validator-chain');
  if (chain && evidence.some((e) => e.control === 'validation-read'))
    add('inputValidation', `${chain.what} + validationResult`);
  // A refresh endpoint checks the refresh token it is sent: a credential route, and the token authenticates the caller.
  const refreshRoute = method !== 'GET' && REFRESH_PATH.test(h.path ?? '');
  if (
    refreshRoute &&
    !evidence.some((e) => e.control === 'authentication') &&
    !isExternal(h) &&
    /Unauthorized|\b401\b/.test(facts.source(h.fn as Node))
  )
    add('authentication', 'refresh token check');
  const guardedAuth = evidence.slice(0, guarded).some((e) => e.control === 'authentication');
  // A signed-in caller sending someone an invitation (`POST /employees/:id/invite`) sets no credential of their own.
  const sendsInvite =
    !credentialCheck &&
    /invit/i.test(where) &&
    !AUTH_PATH.test(where.replace(/invit\w*/gi, '')) &&
    !/accept|redeem|claim|join|activat/i.test(where) &&
    evidence.some((e) => e.control === 'authentication' && e.what !== 'a 401 when no user');
  // A GET that takes no input only shows a form (`GET /login`): the credential is checked where it is posted.
  // Starting a single sign-on (`POST /lti/login`) only redirects to the provider; a signed-in caller issuing themselves recovery codes checks no credential.
  const authRoute =
    !PUBLIC_PATH.test(path ?? '') &&
    !sendsInvite &&
    !(SSO_START_PATH.test(path ?? '') && !credentialCheck) &&
    !(ISSUE_CODES_PATH.test(path ?? '') && guardedAuth && !credentialCheck) &&
    (AUTH_PATH.test(where) || credentialCheck || refreshRoute) &&
    (method !== 'GET' || readsInputEarly || credentialCheck);
  // Signing in is never a change, not even on an admin path (`POST /staff/login`).
  const signInRoute = SIGN_IN_PATH.test(path ?? '');
  const changeRoute =
    authRoute &&
    !(signInRoute && !CHANGE_PATH.test(where)) &&
    (CHANGE_PATH.test(where) || method === 'PUT' || method === 'PATCH' || admin);
  // A sign-in page or the start of a single sign-on (`GET /login`, `GET /auth/sso`) that takes no input: a form or a redirect to the provider.
  const signInPage =
    method === 'GET' && !readsInputEarly && (signInRoute || SSO_START_PATH.test(path ?? '')) && !credentialCheck;
  // A response marked publicly cacheable is the same for everyone: nobody is signed in for it.
  const publiclyCached = /Cache-Control['"]?\s*,\s*['"`]public\b/i.test(facts.source(h.fn as Node));
  // (A login handler's own "401 when no such user" is its credential check, not a signed-in caller.)
  // A guard in front of the handler signs the caller in even where the handler then checks a password
  // (`POST /account/password` behind requireUser, a kiosk PIN behind the device token).
  const signedIn =
    evidence.slice(0, guarded).some((e) => e.control === 'authentication') ||
    (!credentialCheck && evidence.some((e) => e.control === 'authentication' && e.what !== 'a 401 when no user'));
  // A handler that serves nothing needs no guard, but one the team put there is shown.
  const servesNothing =
    evidence.some((e) => e.control === 'serves-nothing') &&
    !evidence.some((e) => e.control === 'authentication' || e.control === 'authorization' || e.control === 'mfa');
  // Self sign-up: an unguarded POST to a users collection that takes a password (`POST /api/Users`) is public by design.
  const signUp =
    method === 'POST' &&
    !admin &&
    ACCOUNT_COLLECTION.test(path ?? '') &&
    /\bpassword\b/i.test(facts.source(h.fn as Node)) &&
    !evidence.some((e) => e.control === 'authentication' || e.control === 'authorization' || e.control === 'mfa');
  // A public marker (`@Public()`) lifts the global guards; a guard of the route's own (`@UseGuards(AuthGuard('jwt-refresh'))`) still signs the caller in.
  const ownAuth =
    (guardedAuth && !SIGN_IN_PATH.test(path ?? '')) ||
    (refreshRoute && evidence.some((e) => e.control === 'authentication'));
  const publicRoute =
    hapiPublic ||
    servesNothing ||
    signUp ||
    (evidence.some((e) => e.control === 'public') && !ownAuth) ||
    (authRoute && !changeRoute && !signedIn) ||
    signInPage ||
    (publiclyCached && !signedIn) ||
    PUBLIC_PATH.test(path ?? '');
  // Validator chains in front of the handler (`body('username').notEmpty()`) say the route takes that input.
  const readsInput =
    evidence.some((e) => e.control === 'reads-input' || e.control === 'validator-chain') || PARAM.test(path ?? '');
  // On an admin route only a role check authorizes: acting on the caller's own id is no privilege check.
  const has = (c: RouteControlName): string | undefined =>
    evidence.find((e) => e.control === c && !(c === 'authorization' && admin && e.what === 'ownership filter'))?.what;

  // A role or scope guard on the route is shown even where the table would not ask for one (a create-for-self POST).
  const roleGuard = evidence.some(
    (e) => e.control === 'authorization' && e.what !== 'ownership filter' && e.what !== 'role check in the handler',
  );
  const fixedPath = (path ?? '').replace(/\/:[A-Za-z_]\w*|\{[A-Za-z_]+\}|\[[A-Za-z_.]+\]/g, '/*');
  // Creating an account (`POST /users`, `POST /merchants/:id/members`) is a security decision like deleting one.
  const createsAccount = method === 'POST' && ACCOUNT_COLLECTION.test(fixedPath);
  // A router whose mount is not known (not mounted in the scanned files): its file name stands for the prefix (`routes/giftcards.js`).
  const unmountedRouter =
    h.registration.type === 'CallExpression' &&
    !mountPrefix &&
    !fixedPath.split('/').some((s) => SECURITY_DECISION_PATH.test(s)) &&
    SECURITY_DECISION_PATH.test((file.split(/[\\/]/).pop() ?? '').replace(/\.[cm]?[jt]sx?$/, ''));
  const applies: Record<RouteControlName, boolean> = {
    authentication: !publicRoute,
    authorization:
      !publicRoute &&
      (PARAM.test(path ?? '') || admin || (method === 'GET' && !SELF_PATH.test(path ?? '')) || roleGuard),
    inputValidation: readsInput,
    rateLimit: authRoute,
    // Asking for a link or a code (`POST /password/forgot`, `/verify-email`, `/magic-link`) and refreshing a token decide nothing yet.
    auditEvent:
      (authRoute && !refreshRoute && !REQUEST_LINK_PATH.test(path ?? '')) ||
      (admin && method !== 'GET') ||
      SECURITY_DECISION_PATH.test(fixedPath) ||
      (unmountedRouter && method !== 'GET') ||
      createsAccount ||
      (method === 'DELETE' && /user|account|member/i.test(`${path ?? ''} ${file}`)),
    mfa: admin && !publicRoute,
  };
  // Role and MFA guards imply a signed-in caller.
  if (
    !has('authentication') &&
    (has('authorization') || has('mfa')) &&
    evidence.some(
      (e) =>
        (e.control === 'authorization' || e.control === 'mfa') &&
        e.what !== 'ownership filter' &&
        e.what !== 'role check in the handler',
    )
  )
    add('authentication', has('authorization') ?? has('mfa')!);
  const controls = {} as Record<RouteControlName, RouteControlState>;
  const shown: Partial<Record<RouteControlName, string>> = {};
  for (const c of ROUTE_CONTROLS) {
    const what = has(c);
    controls[c] = !applies[c] ? 'n/a' : what ? 'present' : 'missing';
    if (what && applies[c]) shown[c] = what;
  }
  const kinds: RouteControls['kinds'] = [];
  if (authRoute) kinds.push('auth');
  if (admin) kinds.push('admin');
  if (publicRoute) kinds.push('public');
  return {
    row: {
      span: registrationSpan,
      framework: h.framework,
      method: method === 'USE' ? 'ALL' : method,
      ...(path !== undefined ? { path } : {}),
      kinds,
      controls,
      evidence: shown,
    },
    roleGuard,
  };
}

function functionNode(arg: Node): Node | undefined {
  const a = unwrap(arg);
  return a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression' ? a : undefined;
}

function matchesAny(facts: Facts, call: Node, refs: readonly CalleeRef[] | undefined): CalleeRef | undefined {
  if (!refs?.length) return undefined;
  const n = unwrap(call);
  if (n.type === 'CallExpression') {
    const ref = refs.find((r) => facts.calleeMatches(n, r));
    if (ref) return ref;
  }
  // A middleware passed by name: `requireUser`, `auth.requireUser`.
  const written = memberChain(n.type === 'CallExpression' ? n.callee : n).join('.');
  return refs.find(
    (r) =>
      r.name === written &&
      (!r.module || facts.moduleOf(n.type === 'CallExpression' ? n.callee : n)?.module === r.module),
  );
}

/** What a middleware or guard expression provides: team knowledge first, then well-known names and libraries. */
function guardEvidence(facts: Facts, knowledge: Readonly<TeamKnowledge>, node: Node, add: Add, depth = 0): void {
  const n = unwrap(node);
  if (n.type === 'ArrayExpression') {
    for (const e of n.elements) if (e && e.type !== 'SpreadElement') guardEvidence(facts, knowledge, e, add, depth);
    return;
  }
  if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return;
  // hapi's route prerequisites and extensions: `pre: [{ method: requireRecentMfa, assign: 'mfa' }]`.
  if (n.type === 'ObjectExpression') {
    const method = property(n, 'method');
    if (method) guardEvidence(facts, knowledge, method.value as Node, add, depth + 1);
    return;
  }
  // A list of middleware kept in a constant (`const registerRules = [body('email').isEmail(), …]`).
  if (n.type === 'Identifier' && depth < 3) {
    const variable = facts.variableOf(n);
    const def = variable?.defs[0];
    const init =
      def?.type === 'Variable' && variable && facts.isSingleAssignment(variable) && def.node.init
        ? unwrap(def.node.init)
        : undefined;
    if (init?.type === 'ArrayExpression') {
      guardEvidence(facts, knowledge, init, add, depth + 1);
      return;
    }
  }
  const written = memberChain(n.type === 'CallExpression' ? n.callee : n)
    .filter((s) => s !== '*')
    .join('.');
  // passport.initialize() and passport.session() restore a session when there is one; they let every request through.
  if (/^passport\.(initialize|session)$/.test(written)) return;
  // Header, parsing and logging middleware guard nothing (`featurePolicy(…)` is no policy check, `lusca.xssProtection` no sign-in).
  if (NOT_A_GUARD_MODULE.test(facts.moduleOf(n.type === 'CallExpression' ? n.callee : n)?.module ?? '')) return;
  // A middleware that keeps or refreshes what it finds (`updateAuthenticatedUsers()`, `loadUser`) lets every request through.
  if (NOT_A_GUARD_VERB.test(written.split('.').pop() ?? '')) return;
  const label = facts.source(n).length <= 60 ? facts.source(n) : written;
  const guard = matchesAny(facts, n, knowledge.guards) as (CalleeRef & { provides?: RouteControlName[] }) | undefined;
  if (guard) {
    for (const c of guard.provides ?? ['authentication']) add(c, `${label} (team guard)`);
    return;
  }
  if (matchesAny(facts, n, knowledge.validators)) {
    add('inputValidation', `${label} (team validator)`);
    return;
  }
  if (matchesAny(facts, n, knowledge.rateLimiters)) {
    add('rateLimit', `${label} (team rate limiter)`);
    return;
  }
  if (matchesAny(facts, n, knowledge.mfaChecks)) {
    add('mfa', `${label} (team MFA check)`);
    return;
  }
  const module = facts.moduleOf(n.type === 'CallExpression' ? n.callee : n)?.module ?? '';
  // express-validator chains validate only when their result is read (in a later middleware or the handler).
  const root = memberChain(n.type === 'CallExpression' ? n.callee : n)[0] ?? '';
  if (
    module === 'express-validator' ||
    (EXPRESS_VALIDATOR.has(root) && n.type === 'CallExpression' && memberChain(n.callee).length > 1)
  ) {
    add('validator-chain', label);
    return;
  }
  if (
    /^(express-rate-limit|rate-limiter-flexible|koa-ratelimit|express-slow-down|express-brute|@fastify\/rate-limit)$/.test(
      module,
    ) ||
    RATE_NAME.test(written)
  ) {
    add('rateLimit', label);
    return;
  }
  if (
    MFA_NAME.test(written) ||
    (n.type === 'CallExpression' && n.arguments.some((a) => MFA_NAME.test(String(facts.constantOf(a)?.value ?? ''))))
  ) {
    add('mfa', label);
    return;
  }
  if (
    /^(celebrate|express-joi-validation|express-zod-api|zod-express-middleware)$/.test(module) ||
    VALIDATE_NAME.test(written)
  ) {
    add('inputValidation', label);
    return;
  }
  const last = written.split('.').pop() ?? '';
  if (
    AUTHZ_NAME.test(written) ||
    CAN_NAME.test(written) ||
    (n.type === 'CallExpression' &&
      /^(ensure|require|check|has|is|must)/i.test(last) &&
      n.arguments.some((a) => roleArgument(facts, a)))
  ) {
    add('authorization', label);
    // `requireOperator(['manager'])`: a principal guard given the roles it admits signs the caller in too.
    if (PRINCIPAL_GUARD.test(last)) add('authentication', label);
    return;
  }
  if (
    /^(express-jwt|passport|express-openid-connect|@clerk\/|express-oauth2-jwt-bearer|koa-jwt|koa-passport|@fastify\/jwt)/.test(
      module,
    ) ||
    AUTHN_NAME.test(written) ||
    PRINCIPAL_GUARD.test(last)
  ) {
    add('authentication', label);
    return;
  }
  // A middleware of this file whose name says nothing (`requireKioskDevice`): what its body does.
  const own = n.type === 'Identifier' ? ownFunction(facts, n) : undefined;
  if (own && verifiesCaller(facts, own)) add('authentication', `${label} (verifies a token)`);
}

/** The function a name of this file is declared as (`function f`, `const f = (req, res, next) => …`). */
function ownFunction(facts: Facts, id: TSESTree.Identifier): Node | undefined {
  const def = facts.variableOf(id)?.defs[0];
  if (def?.type === 'FunctionName') return def.node as Node;
  if (def?.type === 'Variable' && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression') return init;
  }
  return undefined;
}

/** A token or session verified and a failure answered 401/403 or thrown: the function signs the caller in and fails closed. */
function verifiesCaller(facts: Facts, fn: Node): boolean {
  const body = facts.source(fn);
  const catchAt = body.search(/\bcatch\b/);
  const failsClosed = catchAt < 0 || /\b40[13]\b|\bthrow\b|Unauthori[sz]ed|Forbidden/.test(body.slice(catchAt));
  return (
    /\.jwtVerify\(|\bjwtVerify\(|\bjwt\.verify\(|\bverify\w*(Token|Jwt|JWT|Session)\(|\bgetSession\(/.test(body) &&
    /\b40[13]\b|Unauthori[sz]ed|Forbidden|\bthrow\b/.test(body) &&
    failsClosed
  );
}

const ROLE_WORD = /admin|staff|support|manager|owner|editor|moderator|supervisor|superuser/i;

/** `'admin'`, `['manager', 'lead']`: an argument naming the roles a guard admits. */
function roleArgument(facts: Facts, arg: Node): boolean {
  const a = unwrap(arg);
  if (a.type === 'ArrayExpression')
    return a.elements.some(
      (e) => !!e && e.type !== 'SpreadElement' && ROLE_WORD.test(String(facts.constantOf(e)?.value ?? '')),
    );
  return ROLE_WORD.test(String(facts.constantOf(a)?.value ?? ''));
}

function decoratorEvidence(facts: Facts, knowledge: Readonly<TeamKnowledge>, d: TSESTree.Decorator, add: Add): void {
  const name = decoratorName(d)?.name;
  const e = unwrap(d.expression);
  if (!name) return;
  if (name === 'UseGuards' && e.type === 'CallExpression') {
    for (const a of e.arguments) guardEvidence(facts, knowledge, a, add);
    return;
  }
  if (name === 'Throttle') {
    add('rateLimit', '@Throttle');
    return;
  }
  if (name === 'Roles' || name === 'Permissions' || name === 'Scopes') {
    add('authorization', `@${name}`);
    return;
  }
  if (name === 'UsePipes') {
    add('inputValidation', '@UsePipes');
    return;
  }
  if (PUBLIC_MARKER.test(name) || publicMetadata(facts, e) || publicDecoratorFactory(facts, d))
    add('public', `@${name}`);
}

/** NestJS public markers that a global guard honours (the docs' `@Public()`, and the common spellings). */
const PUBLIC_MARKER = /^(Public|IsPublic|PublicRoute|SkipAuth|SkipJwt|NoAuth|AllowAnonymous|Anonymous)$/;

/** `SetMetadata(IS_PUBLIC_KEY, true)` / `SetMetadata('isPublic', true)`: the metadata a global guard reads to let a route through. */
function publicMetadata(facts: Facts, e: Node): boolean {
  if (e.type !== 'CallExpression' || memberChain(e.callee).pop() !== 'SetMetadata' || e.arguments.length < 2)
    return false;
  const key = unwrap(e.arguments[0]);
  const keyText = key.type === 'Identifier' ? key.name : String(facts.constantOf(key)?.value ?? '');
  return /public|anonymous|skip_?auth|no_?auth/i.test(keyText) && facts.constantOf(e.arguments[1])?.value === true;
}

/** A decorator defined in this file as `const Open = () => SetMetadata(IS_PUBLIC_KEY, true)`. */
function publicDecoratorFactory(facts: Facts, d: TSESTree.Decorator): boolean {
  const e = unwrap(d.expression);
  const callee = unwrap(e.type === 'CallExpression' ? e.callee : e);
  if (callee.type !== 'Identifier') return false;
  const variable = facts.variableOf(callee);
  const def = variable?.defs[0];
  const init = def?.type === 'Variable' && def.node.init ? unwrap(def.node.init) : undefined;
  if (!init || (init.type !== 'ArrowFunctionExpression' && init.type !== 'FunctionExpression')) return false;
  const body = init.body.type === 'BlockStatement' ? undefined : unwrap(init.body);
  return !!body && publicMetadata(facts, body);
}

/** A guard that covers every route of the application (NestJS), or every route of the server (hapi's default strategy). */
type GlobalGuard = {
  controls: { control: string; what: string }[];
  line: number;
  routes?: NestRouteSpec[];
  framework?: 'hapi';
};

/** hapi's `server.auth.default('session')` (not in `try`/`optional` mode) in this file: the node, or undefined. */
function hapiDefaultAuthOf(facts: Facts): TSESTree.CallExpression | undefined {
  return facts.derive('defaults/hapi-default-auth', () =>
    facts.nodesOfType('CallExpression').find((c) => {
      if (memberChain(unwrap(c.callee)).slice(-2).join('.') !== 'auth.default' || !c.arguments[0]) return false;
      const o = objectOf(facts, c.arguments[0] as Node);
      const mode = o && property(o, 'mode') && facts.constantOf(property(o, 'mode')!.value)?.value;
      return mode !== 'try' && mode !== 'optional';
    }),
  );
}

/**
 * NestJS global guards in this file: `{ provide: APP_GUARD, useClass: JwtAuthGuard }` in a module's
 * providers and `app.useGlobalGuards(new JwtAuthGuard())`. They cover every controller route of the
 * application (a route opts out with a public marker); carried to the controllers' files by the
 * module summaries (rules/module-summary.ts `globalGuards`, server/host/project.ts `mountsFor`).
 */
export function globalGuardsOf(facts: Facts, knowledge: Readonly<TeamKnowledge>): GlobalGuard[] {
  const out: GlobalGuard[] = [];
  const lineOf = (n: Node): number => facts.text.slice(0, n.range[0]).split('\n').length;
  // hapi: the default strategy set in a plugin covers the routes every other plugin of the server adds.
  const hapiDefault = hapiDefaultAuthOf(facts);
  if (hapiDefault)
    out.push({
      controls: [{ control: 'authentication', what: 'server.auth.default' }],
      line: lineOf(hapiDefault),
      framework: 'hapi',
    });
  const classify = (n: Node, via: string, at: Node): void => {
    if (out.length >= 16) return;
    const g = unwrap(n);
    const target = g.type === 'NewExpression' ? unwrap(g.callee) : g;
    const controls: { control: string; what: string }[] = [];
    guardEvidence(facts, knowledge, target, (control, what) => {
      if (controls.length < 8)
        controls.push({ control, what: `${what.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'").slice(0, 60)} (${via})` });
    });
    if (controls.length) out.push({ controls, line: lineOf(at) });
  };
  for (const o of facts.nodesOfType('ObjectExpression')) {
    const provide = o.properties.find((p) => p.type === 'Property' && propertyKeyName(p.key) === 'provide') as
      | TSESTree.Property
      | undefined;
    if (!provide || memberChain(provide.value).pop() !== 'APP_GUARD') continue;
    const use = o.properties.find(
      (p) => p.type === 'Property' && /^(useClass|useExisting)$/.test(propertyKeyName(p.key) ?? ''),
    ) as TSESTree.Property | undefined;
    if (use) classify(use.value, 'APP_GUARD', o);
  }
  for (const c of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'useGlobalGuards') continue;
    for (const a of c.arguments) if (a.type !== 'SpreadElement') classify(a, 'useGlobalGuards', c);
  }
  // `consumer.apply(AuthMiddleware).forRoutes({ path: 'user', method: RequestMethod.GET }, ArticlesController, 'profiles/*')`
  // in a module's `configure`: the middleware runs before the routes it names (a chain with `exclude` is not followed).
  for (const c of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'forRoutes') continue;
    const applied = unwrap(callee.object);
    if (applied.type !== 'CallExpression') continue;
    const ac = unwrap(applied.callee);
    if (ac.type !== 'MemberExpression' || propertyName(ac) !== 'apply') continue;
    const routes: NestRouteSpec[] = [];
    let understood = true;
    for (const a of c.arguments.slice(0, 32)) {
      const n = unwrap(a);
      const str = facts.constantOf(n)?.value;
      if (typeof str === 'string') routes.push({ path: str.slice(0, 200) });
      else if (n.type === 'Identifier') routes.push({ controller: n.name.slice(0, 100) });
      else if (n.type === 'ObjectExpression') {
        const pathProp = property(n, 'path');
        const methodProp = property(n, 'method');
        const pv = pathProp ? facts.constantOf(pathProp.value as Node)?.value : undefined;
        if (typeof pv !== 'string') understood = false;
        else
          routes.push({
            path: pv.slice(0, 200),
            ...(methodProp ? { method: memberChain(methodProp.value as Node).pop() ?? 'ALL' } : {}),
          });
      } else understood = false;
    }
    if (!understood || !routes.length) continue;
    const before = out.length;
    for (const a of applied.arguments) if (a.type !== 'SpreadElement') classify(a, 'MiddlewareConsumer', c);
    for (const g of out.slice(before)) g.routes = routes;
  }
  return out;
}

/** A route named to `forRoutes`: a path (`'articles/:slug'`, `'profiles/*'`, `'*'`) with an optional method, or a controller class. */
export interface NestRouteSpec {
  path?: string;
  method?: string;
  controller?: string;
}

function nestRouteCovers(
  spec: NestRouteSpec,
  controller: string | undefined,
  method: string,
  path: string | undefined,
): boolean {
  if (spec.controller !== undefined) return spec.controller === controller;
  if (spec.method && spec.method !== 'ALL' && spec.method !== method.toUpperCase()) return false;
  if (spec.path === undefined || path === undefined) return false;
  const want = spec.path.replace(/^\/+|\/+$/g, '');
  const have = path.replace(/^\/+|\/+$/g, '');
  if (want === '*' || want === '(.*)') return true;
  const star = /^(.*?)\/?(\*|\(\.\*\))$/.exec(want);
  if (star) return have === star[1] || have.startsWith(`${star[1]}/`);
  return want === have;
}

/** Route options objects: Fastify `{ preHandler, onRequest, schema, config: { rateLimit } }`, hapi `{ method, path, options: { auth, validate } }`. */
function optionsEvidence(
  facts: Facts,
  knowledge: Readonly<TeamKnowledge>,
  o: TSESTree.ObjectExpression,
  add: Add,
  setPublic: (p: boolean) => void,
): void {
  const options = objectOf(facts, property(o, 'options')?.value ?? property(o, 'config')?.value) ?? o;
  for (const key of ['preHandler', 'onRequest', 'preValidation', 'pre']) {
    const p = property(options, key) ?? property(o, key);
    if (p) guardEvidence(facts, knowledge, p.value, add);
  }
  const schema = property(options, 'schema') ?? property(o, 'schema');
  if (schema) add('inputValidation', 'route schema');
  const validate = property(options, 'validate');
  if (validate) add('inputValidation', 'route validate');
  const config = objectOf(facts, property(options, 'config')?.value ?? property(o, 'config')?.value);
  if (config && property(config, 'rateLimit')) add('rateLimit', 'config.rateLimit');
  // `plugins: { 'hapi-rate-limit': { … } }` (also built by a helper: `plugins: limited(5)`), unless it turns the limiter off.
  const plugins = objectOf(facts, property(options, 'plugins')?.value);
  if (
    plugins &&
    plugins.properties.some(
      (p) =>
        p.type === 'Property' && /rate|limit/i.test(propertyKeyName(p.key) ?? '') && !turnedOff(facts, p.value as Node),
    )
  )
    add('rateLimit', 'rate-limit plugin');
  const auth = property(options, 'auth');
  if (auth) {
    // `auth: adminAuth` with `const adminAuth = { strategy: 'session', scope: 'admin' }`.
    const value = objectOf(facts, auth.value) ?? unwrap(auth.value);
    const c = facts.constantOf(value);
    if (c?.value === false) setPublic(true);
    else if (typeof c?.value === 'string') add('authentication', `auth: '${c.value}'`);
    else if (value.type === 'ObjectExpression') {
      const mode = property(value, 'mode');
      const m = mode && facts.constantOf(mode.value)?.value;
      if (m === 'try' || m === 'optional') setPublic(true);
      else add('authentication', 'route auth');
      if (property(value, 'scope') || property(value, 'access')) add('authorization', 'auth scope');
    }
  }
}

/** A plugin's route options that switch it off: `{ enabled: false }`. */
function turnedOff(facts: Facts, value: Node): boolean {
  const o = objectOf(facts, value);
  const enabled = o && property(o, 'enabled');
  return !!enabled && facts.constantOf(enabled.value)?.value === false;
}

/** `/feeds` + `/featured.json`; `/api` + `/` → `/api`. */
function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  const p = prefix.replace(/\/+$/, '');
  return path === '/' || path === '' ? p || '/' : `${p}${path.startsWith('/') ? '' : '/'}${path}`;
}

/**
 * The middleware of a `use` call: every argument but a leading path and a mounted router of another
 * module. An imported middleware and an imported router look alike (`app.use(ensureLoggedIn)`,
 * `app.use(catalogRoutes)`): the last argument is taken for a router only when it is required
 * inline, is a Koa `x.routes()`, or is named for one.
 */
function middlewareOf(facts: Facts, use: TSESTree.CallExpression): Node[] {
  const args = use.arguments.filter((a) => a.type !== 'SpreadElement') as Node[];
  const rest = args.length && typeof facts.constantOf(args[0])?.value === 'string' ? args.slice(1) : args;
  const last = rest[rest.length - 1] as Node | undefined;
  if (!last || !routerRef(facts, last)) return rest;
  const l = unwrap(last);
  const router = l.type === 'CallExpression' || ROUTER_NAME.test(memberChain(l).join('.'));
  return router ? rest.slice(0, -1) : rest;
}

const ROUTER_NAME = /router|routes|controller|(^|\.)(api|app)$/i;

/** A router read from another module: `catalogRoutes` (imported), `require('./routes/account')`, `users.router`, `router.routes()` of an imported Koa router. */
function routerRef(facts: Facts, node: Node): { module: string; path: string[] } | undefined {
  let n = unwrap(node);
  if (n.type === 'CallExpression' && !isRequireCall(n)) {
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'routes') return undefined;
    n = unwrap(callee.object);
  }
  if (n.type !== 'Identifier' && n.type !== 'MemberExpression' && n.type !== 'CallExpression') return undefined;
  const origin = facts.moduleOf(n);
  // A module of the project (the front door resolves the specifier; a package never resolves to a scanned file).
  if (!origin || !/^[.@~#/]/.test(origin.module) || origin.module.length > 300) return undefined;
  return { module: origin.module, path: origin.path.slice(0, 4) };
}

const MAX_MOUNTS = 100;

/** Routers of other modules this file mounts, with what the middleware in front of each provides (rules/module-summary.ts). */
export function mountSummaries(facts: Facts, knowledge: Readonly<TeamKnowledge>): MountSummary[] {
  const out: MountSummary[] = [];
  for (const uses of usesByReceiver(facts).values()) {
    for (const use of uses) {
      if (out.length >= MAX_MOUNTS) return out;
      const args = use.arguments.filter((a) => a.type !== 'SpreadElement') as Node[];
      const first = args.length ? facts.constantOf(args[0])?.value : undefined;
      const rest = typeof first === 'string' ? args.slice(1) : args;
      const router = rest.length ? routerRef(facts, rest[rest.length - 1]) : undefined;
      if (!router) continue;
      const controls: { control: string; what: string }[] = [];
      // A summary is cached and handed to other files: no string of the code in it but role names (a middleware's argument may be a secret: `basicAuth({ users: { admin: 'pw' } })`).
      const add: Add = (control, what) => {
        if (controls.length < 16)
          controls.push({
            control,
            what: what
              .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, (q) => (ROLE_WORD.test(q) && q.length <= 24 ? q : "'…'"))
              .slice(0, 80),
          });
      };
      for (const a of rest.slice(0, -1)) guardEvidence(facts, knowledge, a, add);
      for (const earlier of routerUses(facts, use))
        for (const a of middlewareOf(facts, earlier)) guardEvidence(facts, knowledge, a, add);
      const by = routerExportNames(facts, use).slice(0, 4);
      out.push({
        router,
        prefix: typeof first === 'string' ? first.slice(0, 200) : '',
        controls,
        line: facts.text.slice(0, use.range[0]).split('\n').length,
        ...(by.length ? { by } : {}),
      });
    }
  }
  // Fastify: `scope.register(require('./routes/x') | import('./routes/x'), { prefix })`: the plugin's routes get the prefix and the scope's hooks.
  // hapi: `server.register(require('./routes/x'), { routes: { prefix } })`, a list of plugins, and `{ plugin, routes: { prefix } }` entries.
  for (const c of facts.nodesOfType('CallExpression')) {
    if (out.length >= MAX_MOUNTS) break;
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'register' || !c.arguments.length) continue;
    const first = unwrap(c.arguments[0]);
    const entries = first.type === 'ArrayExpression' ? first.elements.slice(0, 50) : [first];
    const opts = c.arguments[1] ? objectOf(facts, c.arguments[1] as Node) : undefined;
    for (const entry of entries) {
      if (!entry || entry.type === 'SpreadElement' || out.length >= MAX_MOUNTS) continue;
      const e = unwrap(entry);
      const pluginEntry = e.type === 'ObjectExpression' ? property(e, 'plugin') : undefined;
      let plugin = pluginEntry ? unwrap(pluginEntry.value as Node) : e;
      // `register(fp(require('./x')))` and `register(import('./x'))`.
      if (plugin.type === 'CallExpression' && !isRequireCall(plugin) && plugin.arguments.length === 1)
        plugin = unwrap(plugin.arguments[0]);
      const router =
        plugin.type === 'ImportExpression'
          ? plugin.source.type === 'Literal' &&
            typeof plugin.source.value === 'string' &&
            /^[.@~#/]/.test(plugin.source.value)
            ? { module: plugin.source.value.slice(0, 300), path: ['default'] }
            : undefined
          : plugin.type === 'Identifier' || (plugin.type === 'CallExpression' && isRequireCall(plugin))
            ? routerRef(facts, plugin)
            : undefined;
      if (!router) continue;
      const controls: { control: string; what: string }[] = [];
      fastifyScopeHooks(facts, knowledge, c, (control, what) => {
        if (controls.length < 16)
          controls.push({ control, what: what.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "'…'").slice(0, 80) });
      });
      const prefix =
        registerPrefix(facts, pluginEntry ? (e as TSESTree.ObjectExpression) : undefined) ??
        registerPrefix(facts, opts);
      const by = routerExportNames(facts, c).slice(0, 4);
      out.push({
        router: router.path.length ? router : { ...router, path: ['default'] },
        prefix: prefix ? prefix.slice(0, 200) : '',
        controls,
        line: facts.text.slice(0, c.range[0]).split('\n').length,
        ...(by.length ? { by } : {}),
      });
    }
  }
  return out;
}

/** The prefix a `register` gives a plugin's routes: Fastify's `{ prefix }`, hapi's `{ routes: { prefix } }`. */
function registerPrefix(facts: Facts, options: TSESTree.ObjectExpression | undefined): string | undefined {
  if (!options) return undefined;
  const routes = objectOf(facts, property(options, 'routes')?.value as Node | undefined);
  const p = property(routes ?? options, 'prefix');
  const value = p ? facts.constantOf(p.value as Node)?.value : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** The mounts (from other modules) of the router a route is registered on, by the names this file exports it under. */
function mountsOf(facts: Facts, call: TSESTree.CallExpression): Mount[] {
  if (!facts.mounts?.length) return [];
  const names = routerExportNames(facts, call);
  if (!names.length) return [];
  return facts.mounts.filter((m) => !m.global && names.includes(m.name.length ? m.name[0] : 'default'));
}

/** The names this file exports the router of a call under (`router.get(…)`, `router.route(…).get(…)`, `api.use(…)`, a Fastify plugin's `scope.register(…)`). */
function routerExportNames(facts: Facts, call: TSESTree.CallExpression): string[] {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return [];
  let receiver = unwrap(callee.object);
  if (receiver.type === 'CallExpression' && unwrap(receiver.callee).type === 'MemberExpression')
    receiver = unwrap((unwrap(receiver.callee) as TSESTree.MemberExpression).object);
  if (receiver.type !== 'Identifier') return [];
  return [...new Set([...exportNamesOf(facts, receiver), ...pluginExportNames(facts, call, receiver)])];
}

/** The names a variable is exported under: `export const r`, `export { r as x }`, `export default r`, `module.exports = r` / `= { r }`, `exports.r = r`. */
function exportNamesOf(facts: Facts, id: TSESTree.Identifier): string[] {
  const variable = facts.variableOf(id);
  if (!variable) return [];
  const names: string[] = [];
  const def = variable.defs[0];
  if (def?.type === 'Variable') {
    const decl = facts.parent(def.node as Node);
    if (decl && facts.parent(decl)?.type === 'ExportNamedDeclaration') names.push(variable.name);
  }
  for (const ref of variable.references) {
    const ident = ref.identifier as Node;
    const p = facts.parent(ident);
    if (!p) continue;
    if (p.type === 'ExportDefaultDeclaration' || p.type === 'TSExportAssignment') names.push('default');
    else if (p.type === 'ExportSpecifier' && p.local === ident)
      names.push(p.exported.type === 'Identifier' ? p.exported.name : String(p.exported.value));
    else if (p.type === 'AssignmentExpression' && p.right === ident) {
      const target = memberChain(p.left).join('.');
      if (target === 'module.exports') names.push('default');
      else if (/^(module\.)?exports\.\w+$/.test(target)) names.push(target.split('.').pop()!);
    } else if (p.type === 'Property' && p.value === ident) {
      const object = facts.parent(p);
      const assign = object && facts.parent(object);
      const key = propertyKeyName(p.key);
      if (key && assign?.type === 'AssignmentExpression' && memberChain(assign.left).join('.') === 'module.exports')
        names.push(key);
    }
  }
  return names;
}

/** Every `x.use(…)` call of the file by receiver name, in source order (computed once per file). */
function usesByReceiver(facts: Facts): Map<string, TSESTree.CallExpression[]> {
  return facts.derive('defaults/uses-by-receiver', () => computeUses(facts));
}

function computeUses(facts: Facts): Map<string, TSESTree.CallExpression[]> {
  const map = new Map<string, TSESTree.CallExpression[]>();
  for (const c of facts.nodesOfType('CallExpression')) {
    const cc = unwrap(c.callee);
    if (cc.type !== 'MemberExpression' || propertyName(cc) !== 'use') continue;
    const name = memberChain(cc.object).join('.');
    if (!name) continue;
    const list = map.get(name);
    if (list) list.push(c);
    else map.set(name, [c]);
  }
  return map;
}

/** Earlier `router.use(…)` calls on the same receiver, without a path or with a prefix of this route's. */
function routerUses(facts: Facts, call: TSESTree.CallExpression): TSESTree.CallExpression[] {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return [];
  let receiver = unwrap(callee.object);
  // `router.route('/x').get(fn)`
  if (receiver.type === 'CallExpression' && unwrap(receiver.callee).type === 'MemberExpression')
    receiver = unwrap((unwrap(receiver.callee) as TSESTree.MemberExpression).object);
  const name = memberChain(receiver).join('.');
  if (!name) return [];
  const path = call.arguments[0] ? facts.constantOf(call.arguments[0])?.value : undefined;
  const out: TSESTree.CallExpression[] = [];
  for (const c of usesByReceiver(facts).get(name) ?? []) {
    if (c.range[0] >= call.range[0]) break;
    const first = c.arguments[0] && facts.constantOf(c.arguments[0])?.value;
    // A prefix by whole segments: `use('/admin', …)` covers `/admin/users`, not `/admin-reports`.
    if (typeof first === 'string' && !(typeof path === 'string' && underPrefix(path, first))) continue;
    // Only the enclosing scope's own `use` (not one inside another function).
    if (facts.enclosingFunction(c) !== facts.enclosingFunction(call)) continue;
    out.push(c);
  }
  return out;
}

function underPrefix(path: string, prefix: string): boolean {
  const p = prefix.replace(/\/+$/, '');
  return p === '' || path === p || path.startsWith(`${p}/`);
}

/** `validSignature(raw, header)`, `verifyWebhookSignature`, `stripe.webhooks.constructEvent`: a signature checked on the request. */
const SIGNATURE_CHECK =
  /^(constructEvent|(is)?valid\w*Signature|verify\w*(Signature|Hmac|Webhook)\w*|check\w*(Signature|Hmac)|signature\w*(Valid|Ok|Matches))$/i;
const INPUT =
  /\b(req|request)\.(body|query|params|payload|file|files)\b|\b(ctx|context)\.(query|params|request\.body|request\.query|request\.files?)\b|\bsearchParams\b|\brequest\.json\(\)|\brequest\.formData\(\)|@(Body|Query|Param)\(/;
const PARSE_RECEIVER_EXCLUDED = /^(JSON|Date|Number|URL|path|qs|querystring|cookie|url|new URL|Buffer|Math|BigInt)$/;

/** Checks written in the handler body (and its parameters). */
function handlerEvidence(facts: Facts, knowledge: Readonly<TeamKnowledge>, h: Handler, add: Add): void {
  const fn = h.fn as Node;
  const source = facts.source(fn);
  if (
    INPUT.test(source) ||
    (h.framework === 'nestjs' && h.fn.params.some((p) => /@(Body|Query|Param)\(/.test(facts.source(p))))
  )
    add('reads-input', 'reads input');
  for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
    const callee = unwrap(call.callee);
    const chain = memberChain(callee);
    const last = chain[chain.length - 1] ?? '';
    const receiver = chain.slice(0, -1).join('.');
    const module = facts.moduleOf(callee)?.module ?? '';
    const team = matchesAny(facts, call, knowledge.guards) as
      | (CalleeRef & { provides?: RouteControlName[] })
      | undefined;
    if (team) for (const c of team.provides ?? ['authentication']) add(c, `${chain.join('.')} (team guard)`);
    if (matchesAny(facts, call, knowledge.validators)) add('inputValidation', `${chain.join('.')} (team validator)`);
    if (matchesAny(facts, call, knowledge.rateLimiters)) add('rateLimit', `${chain.join('.')} (team rate limiter)`);
    if (matchesAny(facts, call, knowledge.mfaChecks)) add('mfa', `${chain.join('.')} (team MFA check)`);
    if (isAuditCall(facts, call, knowledge) || /(^|[/.-])audit([/.-]|$)|security-?log/i.test(module))
      add('auditEvent', chain.join('.'));
    // A function of another module that writes the event (`this.auth.validateCredentials(…)` of an injected service).
    else if (module && importedFunction(facts, callee)?.summary.audit)
      add('auditEvent', `${chain.join('.')} (writes an audit event)`);
    // Authentication: a verified token or session.
    if (
      (last === 'verify' && (module === 'jsonwebtoken' || /jwt/i.test(receiver))) ||
      /^(jwtVerify|getServerSession|getSession|verifyIdToken|verifySession|isAuthenticated|currentUser|requireUser|requireAuth|getUserFromSession|validateSession)$/.test(
        last,
      ) ||
      (last === 'auth' && chain.length === 1 && /next-auth|@\/auth|auth$/.test(module)) ||
      // `verifyMobileToken(bearer)`, `verifyApiJwt(…)`: a named verification of the caller's token.
      (/^verify\w*(Token|Jwt|JWT)$/.test(last) && !/reset|invite|magic|email|refresh/i.test(last))
    )
      add('authentication', chain.join('.'));
    // A webhook's HMAC compared in constant time: a signed request, not a user's credential.
    if (last === 'timingSafeEqual' && /\bcreateHmac\(/.test(source)) {
      add('authentication', 'signed request');
      add('inputValidation', 'signature check');
      add('reads-input', 'a signed body');
      continue;
    }
    // A credential check: this route checks a password or a code.
    if (
      (last === 'compare' && /bcrypt|bcryptjs/.test(module)) ||
      (last === 'verify' && /argon2/.test(module)) ||
      /^(timingSafeEqual|comparePassword|verifyPassword|checkPassword)$/.test(last) ||
      /^(compare|verify|check)(Pin|Passcode|Passphrase|Password)s?$/.test(last)
    )
      add('credential-check', 'credential check');
    // Validation: a schema's validate/parse, or express-validator's result read.
    if (
      /^(validate|validateAsync|validateSync|parse|parseAsync|safeParse|safeParseAsync|assert|attempt|cast)$/.test(
        last,
      ) &&
      chain.length >= 2 &&
      !PARSE_RECEIVER_EXCLUDED.test(receiver) &&
      call.arguments.length >= 1
    )
      add('inputValidation', `${chain.join('.')}`);
    if (last === 'validationResult' || chain[0] === 'validationResult') add('validation-read', 'validationResult');
    if (/^(consume|limit|checkRateLimit|rateLimit)$/.test(last) && RATE_NAME.test(receiver))
      add('rateLimit', chain.join('.'));
    if (MFA_NAME.test(last)) add('mfa', chain.join('.'));
    // Authorization: data scoped to the caller (a call given the caller's id).
    // (Also through a parameter list: `pool.query('… WHERE patient_id = ?', [req.user.id])`.)
    const principalArg = (a: Node): boolean => {
      const u = unwrap(a);
      return (
        isPrincipal(facts, u) ||
        (u.type === 'ArrayExpression' &&
          u.elements.some((e) => !!e && e.type !== 'SpreadElement' && isPrincipal(facts, e)))
      );
    };
    if (!isAuditCall(facts, call, knowledge) && call.arguments.some(principalArg))
      add('authorization', 'ownership filter');
    // A signed request: the handler checks an HMAC signature (webhooks) before acting on the body.
    if (SIGNATURE_CHECK.test(last) && call.arguments.length > 0 && !/^(sign|create)/i.test(last)) {
      add('authentication', 'signed request');
      add('inputValidation', 'signature check');
    }
  }
  // An ownership filter in a query object (`where: { user_id: req.user.id }`) or a comparison with the caller.
  for (const p of facts.nodesOfTypeWithin('Property', fn)) {
    const key = propertyKeyName(p.key);
    if (key && OWNER_KEY.test(key) && isPrincipal(facts, p.value)) {
      add('authorization', 'ownership filter');
      break;
    }
  }
  for (const b of facts.nodesOfTypeWithin('BinaryExpression', fn)) {
    if (!['===', '!==', '==', '!='].includes(b.operator)) continue;
    const l = facts.source(b.left);
    const r = facts.source(b.right);
    if ((PRINCIPAL.test(l) && /id\b|Id\b/.test(r)) || (PRINCIPAL.test(r) && /id\b|Id\b/.test(l)))
      add('authorization', 'ownership filter');
    if (/\brole\b|\broles\b|isAdmin/.test(`${l} ${r}`)) add('authorization', 'role check in the handler');
  }
  // A handler that only redirects to a fixed path serves nothing (`app.get('/', (req, res) => res.redirect('/home'))`).
  const calls = facts.nodesOfTypeWithin('CallExpression', fn);
  if (
    calls.length === 1 &&
    memberChain(unwrap(calls[0].callee)).pop() === 'redirect' &&
    calls[0].arguments.length >= 1 &&
    calls[0].arguments.every((a) => facts.isConstant(a)) &&
    !INPUT.test(source)
  )
    add('serves-nothing', 'only redirects');
  if (h.framework !== 'nestjs' && onlyShapesItsResponse(facts, h)) add('serves-nothing', 'touches no stored data');
  if (allowListed(facts, fn)) add('inputValidation', 'allow-list check');
  // An explicit "no user → 401" in the handler.
  for (const s of facts.nodesOfTypeWithin('IfStatement', fn)) {
    const test = facts.source(s.test);
    if (
      /^!\s*/.test(test) &&
      /user|session|claims|principal|auth/i.test(test) &&
      /401|unauthori[sz]ed|Unauthori[sz]edException/i.test(facts.source(s.consequent)) &&
      !/\b(getWidgetUser|decode)\b/.test(source)
    )
      add('authentication', 'a 401 when no user');
  }
}

const PURE_GLOBALS = new Set([
  'String',
  'Number',
  'Boolean',
  'encodeURIComponent',
  'decodeURIComponent',
  'parseInt',
  'parseFloat',
  'isNaN',
]);
const READ_ONLY_METHODS = new Set([
  'has',
  'includes',
  'indexOf',
  'test',
  'startsWith',
  'endsWith',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'toString',
  'slice',
  'split',
  'join',
  'map',
  'filter',
  'some',
  'every',
  'isArray',
  'stringify',
  'keys',
  'values',
  'entries',
]);

/**
 * A handler that reads and writes nothing but its own request and response — no awaited call, no
 * service, store or module-level state — serves nothing a sign-in would protect (a display
 * preferences cookie, an echo of the client's own settings). Calls allowed: the response's methods,
 * methods of values declared in the handler, read-only methods of module constants
 * (`THEMES.has(theme)`), the `cookie` package and a few pure globals.
 */
function onlyShapesItsResponse(facts: Facts, h: Handler): boolean {
  const fn = h.fn as Node;
  if (facts.nodesOfTypeWithin('AwaitExpression', fn).length || facts.nodesOfTypeWithin('NewExpression', fn).length)
    return false;
  // The caller's identity or session is data of its own (`res.json(req.user)`); a template or a file may be too.
  if (
    PRINCIPAL.test(facts.source(fn)) ||
    /\b(session|signedCookies)\b|\b(req|request|ctx)\.cookies\b/.test(facts.source(fn))
  )
    return false;
  const res = h.fn.params[1]?.type === 'Identifier' ? h.fn.params[1].name : undefined;
  const req = h.fn.params[0]?.type === 'Identifier' ? h.fn.params[0].name : undefined;
  const local = (id: Node): boolean => {
    const variable = facts.variableOf(id);
    const def = variable?.defs[0];
    return !!def && def.type !== 'Parameter' && def.node.range[0] >= fn.range[0] && def.node.range[1] <= fn.range[1];
  };
  const calls = facts.nodesOfTypeWithin('CallExpression', fn);
  if (!calls.length) return false;
  for (const call of calls) {
    const callee = unwrap(call.callee);
    if (callee.type === 'Identifier') {
      if (PURE_GLOBALS.has(callee.name) && !facts.variableOf(callee)) continue;
      if (facts.moduleOf(callee)?.module === 'cookie') continue;
      return false;
    }
    if (callee.type !== 'MemberExpression') return false;
    const chain = memberChain(callee);
    const root = unwrap(callee.object);
    const base = memberRootOf(root);
    if (!base) return false;
    if (base.name === res) {
      if (/^(render|sendFile|download|attachment|pipe)$/.test(chain[chain.length - 1] ?? '')) return false;
      continue;
    }
    if (base.name === req && READ_ONLY_METHODS.has(chain[chain.length - 1] ?? '')) continue;
    if (local(base)) continue;
    if (facts.moduleOf(callee)?.module === 'cookie') continue;
    // A module constant's read-only method (`THEMES.has(x)`, `JSON.stringify(x)`).
    if (
      READ_ONLY_METHODS.has(chain[chain.length - 1] ?? '') &&
      (base.name === 'JSON' || base.name === 'Array' || base.name === 'Object' || isModuleConstant(facts, base))
    )
      continue;
    return false;
  }
  // No write to anything but the handler's own variables and the response.
  for (const a of facts.nodesOfTypeWithin('AssignmentExpression', fn)) {
    const base = memberRootOf(unwrap(a.left));
    if (!base || !(local(base) || base.name === res)) return false;
  }
  for (const u of facts.nodesOfTypeWithin('UpdateExpression', fn)) {
    const base = memberRootOf(unwrap(u.argument));
    if (!base || !local(base)) return false;
  }
  return true;
}

function memberRootOf(node: Node): TSESTree.Identifier | undefined {
  let n = unwrap(node);
  while (n.type === 'MemberExpression' || n.type === 'CallExpression')
    n = unwrap(n.type === 'MemberExpression' ? n.object : n.callee);
  return n.type === 'Identifier' ? n : undefined;
}

/** A `const` declared at the module's top level. */
function isModuleConstant(facts: Facts, id: TSESTree.Identifier): boolean {
  const variable = facts.variableOf(id);
  const def = variable?.defs[0];
  if (def?.type !== 'Variable' || !variable || !facts.isSingleAssignment(variable)) return false;
  const decl = facts.parent(def.node as Node);
  return decl?.type === 'VariableDeclaration' && decl.kind === 'const' && !facts.enclosingFunction(decl);
}

/**
 * Every value the handler destructures from the request body or query is tested against a module
 * constant's allow-list before use (`if (THEMES.has(theme))`, `ROLES.includes(role)`).
 */
function allowListed(facts: Facts, fn: Node): boolean {
  const names: TSESTree.Identifier[] = [];
  for (const d of facts.nodesOfTypeWithin('VariableDeclarator', fn)) {
    if (
      d.id.type !== 'ObjectPattern' ||
      !d.init ||
      !/\b(req|request)\.(body|query)\b|\bsearchParams\b/.test(facts.source(d.init))
    )
      continue;
    for (const p of d.id.properties) if (p.type === 'Property' && p.value.type === 'Identifier') names.push(p.value);
  }
  if (!names.length) return false;
  const tests = [
    ...facts.nodesOfTypeWithin('IfStatement', fn).map((s) => s.test),
    ...facts.nodesOfTypeWithin('ConditionalExpression', fn).map((c) => c.test),
  ];
  return names.every((n) =>
    tests.some((t) =>
      facts
        .nodesOfTypeWithin('CallExpression', t as Node)
        .concat(unwrap(t as Node).type === 'CallExpression' ? [unwrap(t as Node) as TSESTree.CallExpression] : [])
        .some((c) => {
          const callee = unwrap(c.callee);
          if (callee.type !== 'MemberExpression' || !['has', 'includes'].includes(propertyName(callee) ?? ''))
            return false;
          const base = memberRootOf(callee.object);
          return (
            !!base &&
            isModuleConstant(facts, base) &&
            c.arguments.some((a) => {
              const u = unwrap(a);
              return u.type === 'Identifier' && u.name === n.name;
            })
          );
        }),
    ),
  );
}

/** `req.user.id`, `claims.sub`, `request.auth.credentials.partnerId`, `ctx.state.user.id`. */
function isPrincipal(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' && n.type !== 'Identifier') return false;
  return PRINCIPAL.test(facts.source(n));
}

const FASTIFY_AUTH_HOOK = /^(onRequest|preParsing|preValidation|preHandler)$/;

/**
 * Fastify hooks that run before a route: `scope.addHook('onRequest', scope.authenticate)` (or a
 * function that calls `request.jwtVerify()`) earlier in the scope the route (or a `register` call)
 * is written in; the scopes that register it (`parent.register(async (scope) => …)`: a parent's
 * hooks reach its children, never the other way); and plugins wrapped in fastify-plugin (`fp`),
 * whose hooks reach the scope that registers them. Encapsulation is followed within this file.
 */
function fastifyScopeHooks(
  facts: Facts,
  knowledge: Readonly<TeamKnowledge>,
  call: TSESTree.CallExpression,
  add: Add,
): void {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return;
  let receiver = unwrap(callee.object);
  if (receiver.type === 'CallExpression' && unwrap(receiver.callee).type === 'MemberExpression')
    receiver = unwrap((unwrap(receiver.callee) as TSESTree.MemberExpression).object);
  let name = memberChain(receiver).join('.');
  let at: Node = call;
  for (let depth = 0; name && depth < 6; depth++) {
    const scope = facts.enclosingFunction(at);
    for (const c of hookAndRegisterCalls(facts)) {
      if (c.range[0] >= at.range[0]) break;
      const cc = unwrap(c.callee) as TSESTree.MemberExpression;
      if (memberChain(cc.object).join('.') !== name) continue;
      if (facts.enclosingFunction(c) !== scope) continue;
      const method = propertyName(cc);
      if (method === 'addHook' && c.arguments.length >= 2) {
        const hook = facts.constantOf(c.arguments[0] as Node)?.value;
        if (typeof hook === 'string' && FASTIFY_AUTH_HOOK.test(hook))
          hookEvidence(facts, knowledge, c.arguments[1] as Node, hook, add);
      } else if (method === 'register' && c.arguments.length) {
        // `scope.register(fp(async (f) => { f.addHook(…) }))`: fastify-plugin breaks encapsulation.
        const w = unwrap(c.arguments[0]);
        if (w.type !== 'CallExpression' || !/^(fp|fastifyPlugin)$/.test(memberChain(w.callee).join('.'))) continue;
        const g = w.arguments[0] ? unwrap(w.arguments[0]) : undefined;
        if (!g || (g.type !== 'FunctionExpression' && g.type !== 'ArrowFunctionExpression')) continue;
        const p = g.params[0];
        if (p?.type !== 'Identifier') continue;
        for (const inner of facts.nodesOfTypeWithin('CallExpression', g)) {
          const ic = unwrap(inner.callee);
          if (
            ic.type !== 'MemberExpression' ||
            propertyName(ic) !== 'addHook' ||
            memberChain(ic.object).join('.') !== p.name
          )
            continue;
          if (facts.enclosingFunction(inner) !== g || inner.arguments.length < 2) continue;
          const hook = facts.constantOf(inner.arguments[0] as Node)?.value;
          if (typeof hook === 'string' && FASTIFY_AUTH_HOOK.test(hook))
            hookEvidence(facts, knowledge, inner.arguments[1] as Node, hook, add);
        }
      }
    }
    // Up one scope: this function is the plugin a `parent.register(fn, …)` call registers, and `name` is its instance.
    if (!scope || scope.params[0]?.type !== 'Identifier' || (scope.params[0] as TSESTree.Identifier).name !== name)
      return;
    const register = facts.parent(scope as Node);
    if (register?.type !== 'CallExpression' || register.arguments[0] !== scope) return;
    const rc = unwrap(register.callee);
    if (rc.type !== 'MemberExpression' || propertyName(rc) !== 'register') return;
    name = memberChain(rc.object).join('.');
    at = register;
  }
}

const HAPI_GUARD_EXT = /^(onRequest|onPreAuth|onCredentials|onPostAuth|onPreHandler)$/;

/**
 * hapi extensions that run before a route's handler, added on the same server object in the same
 * function as the route (a plugin's `register`, or the set-up that creates the server):
 * `server.ext('onPostAuth', requireRecentMfa, { sandbox: 'plugin' })`, `server.ext({ type, method })`.
 */
function hapiExtensions(
  facts: Facts,
  knowledge: Readonly<TeamKnowledge>,
  call: TSESTree.CallExpression,
  add: Add,
): void {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return;
  const name = memberChain(callee.object).join('.');
  const scope = facts.enclosingFunction(call);
  for (const c of facts.derive('defaults/hapi-ext', () =>
    facts.nodesOfType('CallExpression').filter((x) => {
      const xc = unwrap(x.callee);
      return xc.type === 'MemberExpression' && propertyName(xc) === 'ext' && x.arguments.length >= 1;
    }),
  )) {
    const cc = unwrap(c.callee) as TSESTree.MemberExpression;
    if (memberChain(cc.object).join('.') !== name || facts.enclosingFunction(c) !== scope) continue;
    const first = c.arguments[0] as Node;
    const object = objectOf(facts, first);
    const point = object
      ? facts.constantOf(property(object, 'type')?.value ?? first)?.value
      : facts.constantOf(first)?.value;
    const method = object
      ? (property(object, 'method')?.value as Node | undefined)
      : (c.arguments[1] as Node | undefined);
    if (typeof point !== 'string' || !HAPI_GUARD_EXT.test(point) || !method) continue;
    guardEvidence(facts, knowledge, method, (control, what) => add(control, `${what} (${point} extension)`));
  }
}

/** The file's `x.addHook(…)` and `x.register(…)` calls in source order (computed once per file). */
function hookAndRegisterCalls(facts: Facts): TSESTree.CallExpression[] {
  return facts.derive('defaults/fastify-hooks', () =>
    facts.nodesOfType('CallExpression').filter((c) => {
      const cc = unwrap(c.callee);
      return cc.type === 'MemberExpression' && /^(addHook|register)$/.test(propertyName(cc) ?? '');
    }),
  );
}

/** What a Fastify hook provides: a named guard (`fastify.authenticate`), or a function that verifies the request's token. */
function hookEvidence(facts: Facts, knowledge: Readonly<TeamKnowledge>, fn: Node, hook: string, add: Add): void {
  let f = unwrap(fn);
  if (f.type === 'Identifier') {
    const def = facts.variableOf(f)?.defs[0];
    if (def?.type === 'FunctionName') f = def.node as Node;
    else if (def?.type === 'Variable' && def.node.init) {
      const init = unwrap(def.node.init);
      if (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression') f = init;
    }
  }
  if (f.type === 'FunctionExpression' || f.type === 'ArrowFunctionExpression' || f.type === 'FunctionDeclaration') {
    const body = facts.source(f);
    // It verifies and fails closed: no catch, or one that answers 401/403 or throws.
    const failsClosed =
      !/\bcatch\b/.test(body) ||
      /\b40[13]\b|\bthrow\b|Unauthorized|Forbidden/.test(body.slice(body.search(/\bcatch\b/)));
    if (
      (/\.jwtVerify\(|\bverify(Token|Jwt|JWT|Session|IdToken)\(|\bgetSession\(/.test(body) && failsClosed) ||
      verifiesCaller(facts, f)
    )
      add('authentication', `${hook} hook (${/jwtVerify/.test(body) ? 'jwtVerify' : 'token check'})`);
    return;
  }
  guardEvidence(facts, knowledge, f, (c, what) => add(c, `${what} (${hook} hook)`));
}

/** The names a Fastify plugin function is exported under, when `id` is the instance it is given (`module.exports = async (fastify) => { fastify.get(…) }`). */
function pluginExportNames(facts: Facts, call: TSESTree.CallExpression, id: TSESTree.Identifier): string[] {
  const fn = facts.enclosingFunction(call);
  if (!fn || fn.params[0]?.type !== 'Identifier' || (fn.params[0] as TSESTree.Identifier).name !== id.name) return [];
  let n: Node = fn as Node;
  let p = facts.parent(n);
  // `fp(async (fastify) => …)`
  if (p?.type === 'CallExpression' && p.arguments[0] === n) {
    n = p;
    p = facts.parent(n);
  }
  if (p?.type === 'ExportDefaultDeclaration') return ['default'];
  if (p?.type === 'AssignmentExpression' && p.right === n) {
    const target = memberChain(p.left).join('.');
    if (target === 'module.exports') return ['default'];
    if (/^(module\.)?exports\.\w+$/.test(target)) return [target.split('.').pop()!];
  }
  if (p?.type === 'VariableDeclarator' && p.id.type === 'Identifier') return exportNamesOf(facts, p.id);
  if (n.type === 'FunctionDeclaration' && n.id) return exportNamesOf(facts, n.id);
  // hapi: `module.exports = { name, register: async (server) => … }`, `exports.plugin = { register(server) {…} }`.
  if (p?.type === 'Property' && p.value === n && propertyKeyName(p.key) === 'register') {
    const object = facts.parent(p);
    const holder = object && facts.parent(object);
    let names: string[] = [];
    if (holder?.type === 'ExportDefaultDeclaration') names = ['default'];
    else if (holder?.type === 'AssignmentExpression' && holder.right === object) {
      const target = memberChain(holder.left).join('.');
      if (target === 'module.exports') names = ['default'];
      else if (/^(module\.)?exports\.\w+$/.test(target)) names = [target.split('.').pop()!];
    } else if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier')
      names = exportNamesOf(facts, holder.id);
    // hapi reads a module's `plugin` export when the module itself is registered (`server.register(require('./x'))`).
    return names.includes('plugin') ? [...names, 'default'] : names;
  }
  return [];
}

/**
 * A Next.js `middleware.ts`'s authentication: it reads a session or token and redirects or answers
 * 401/403 without one (or is next-auth's `withAuth` / `export { default } from 'next-auth/middleware'`).
 * `matchers` are its `config.matcher` (constant strings; `[]` when there is none: every path).
 * Undefined when it signs no one in, or its matcher is not a constant list.
 */
export function nextMiddlewareOf(
  facts: Facts,
): { matchers: string[]; controls: { control: string; what: string }[]; line: number } | undefined {
  // The project takes it only from a file named middleware.ts (server/host/project.ts); here, a module of Next's.
  if (!/['"](next\/server|next-auth\/middleware)['"]/.test(facts.text)) return undefined;
  let guard: string | undefined;
  let line = 1;
  const lineOf = (n: Node): number => facts.text.slice(0, n.range[0]).split('\n').length;
  for (const e of facts.nodesOfType('ExportNamedDeclaration')) {
    // `export { default } from 'next-auth/middleware'`
    if (
      e.source?.value === 'next-auth/middleware' &&
      e.specifiers.some((sp) => sp.exported.type === 'Identifier' && sp.exported.name === 'default')
    ) {
      guard = 'next-auth middleware';
      line = lineOf(e);
    }
  }
  const fns: Node[] = [];
  for (const e of facts.nodesOfType('ExportDefaultDeclaration')) fns.push(unwrap(e.declaration as Node));
  for (const e of facts.nodesOfType('ExportNamedDeclaration')) {
    const d = e.declaration;
    if (d?.type === 'FunctionDeclaration' && d.id?.name === 'middleware') fns.push(d);
    if (d?.type === 'VariableDeclaration')
      for (const v of d.declarations)
        if (v.id.type === 'Identifier' && v.id.name === 'middleware' && v.init) fns.push(unwrap(v.init));
  }
  for (const f of fns) {
    if (guard) break;
    // `export default withAuth(…)` (next-auth): it redirects to the sign-in page without a session.
    if (f.type === 'CallExpression' && facts.moduleOf(f.callee)?.module === 'next-auth/middleware') {
      guard = 'next-auth withAuth';
      line = lineOf(f);
      continue;
    }
    const src = facts.source(f);
    const checks =
      /\b(getToken|getServerSession|getSession|jwtVerify|verifyToken|verifySession|verifyJwt|validateSession|auth)\s*\(|\bjwt\.verify\(|cookies\.get\(\s*['"`][^'"`]*(session|token|auth|jwt)/i.test(
        src,
      );
    const refuses = /NextResponse\.redirect\(|Response\.redirect\(|status:\s*40[13]\b|\b40[13]\b\s*\)/.test(src);
    if (checks && refuses) {
      guard = 'middleware.ts session check';
      line = lineOf(f);
    }
  }
  if (!guard) return undefined;
  // `export const config = { matcher: '/x/:path*' | ['/a/:path*', …] }`: constant strings only.
  let matchers: string[] = [];
  for (const e of facts.nodesOfType('ExportNamedDeclaration')) {
    const d = e.declaration;
    if (d?.type !== 'VariableDeclaration') continue;
    for (const v of d.declarations) {
      if (v.id.type !== 'Identifier' || v.id.name !== 'config' || !v.init) continue;
      const o = unwrap(v.init);
      if (o.type !== 'ObjectExpression') return undefined;
      const m = property(o, 'matcher');
      if (!m) continue;
      const value = unwrap(m.value as Node);
      const items = value.type === 'ArrayExpression' ? value.elements : [value];
      matchers = [];
      for (const it of items) {
        const c = it && it.type !== 'SpreadElement' ? facts.constantOf(it)?.value : undefined;
        if (typeof c !== 'string' || c.length > 200) return undefined;
        matchers.push(c);
      }
      if (matchers.length > 32) return undefined;
    }
  }
  return { matchers, controls: [{ control: 'authentication', what: guard }], line };
}

/**
 * Whether a Next.js matcher list covers every request to a route file's path (`[]`: every path).
 * Understood: literal segments, `:name`, `:name*`, `:name+`, `:name?`, and the negative look-ahead
 * form `/((?!api|_next/static|favicon.ico).*)`; any other pattern covers nothing (no guessing).
 */
export function nextMatcherCovers(matchers: readonly string[], routePath: string): boolean {
  if (!matchers.length) return true;
  // `app/(shop)/orders/[id]/route.ts` → `/orders/x`: groups leave the URL, a dynamic segment is any value.
  const segments = routePath
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => (/^\[.*\]$/.test(s) ? '\u0000' : s));
  // An optional catch-all (`[[...slug]]`) also answers the path without it.
  return matchers.some((m) => matcherCovers(m, segments));
}

function matcherCovers(matcher: string, segments: string[]): boolean {
  const look = /^\/\(\(\?!([^()]*)\)\.\*\)$/.exec(matcher);
  if (look) {
    const rest = segments.join('/');
    const literal = rest.split('\u0000')[0];
    const dynamic = rest.includes('\u0000');
    // Covered unless the path may start with an excluded prefix (a dynamic segment may take any value).
    return !look[1].split('|').some((raw) => {
      const x = raw.replace(/\\\./g, '.');
      return x !== '' && (literal.startsWith(x) || (dynamic && x.startsWith(literal)));
    });
  }
  const parts = matcher.split('/').filter((s) => s);
  let i = 0;
  for (const p of parts) {
    const param = /^:\w+([*+?])?$/.exec(p);
    if (param?.[1] === '*') return true;
    if (param?.[1] === '+') return i < segments.length;
    if (param?.[1] === '?') {
      if (i < segments.length) i++;
      continue;
    }
    if (param) {
      if (i >= segments.length) return false;
      i++;
      continue;
    }
    if (!/^[\w.~-]+$/.test(p)) return false;
    if (segments[i] !== p) return false;
    i++;
  }
  return i === segments.length;
}
