// defaults/missing-control: the seatbelt chime. A route lacks a security control that the team's
// requirements ask for where it applies (shared/controls.ts builds the per-route table). The
// default requirements are secure but quiet: rate limiting on routes that check or set a
// credential, and authentication and a role check on admin routes. A team raises them with the
// rule's `require` option, e.g. `{ "mfa": "admin", "inputValidation": "all" }`, and teaches the
// table its own guards, validators, rate limiters and MFA checks in `knowledge`.

import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { ROUTE_CONTROLS, type RouteControlName, type RouteControls } from '../../../server/engine/types';
import { routeControls } from '../shared/controls';

/** Which routes must have a control: every route where it applies, admin routes, routes that check or set a credential, or none. */
export type Scope = 'all' | 'admin' | 'auth' | 'none';

export const DEFAULT_REQUIREMENTS: Record<RouteControlName, Scope> = {
  authentication: 'admin',
  authorization: 'admin',
  inputValidation: 'none',
  rateLimit: 'auth',
  auditEvent: 'none',
  mfa: 'none',
};

/** A requirement looser than the default: it no longer covers the routes the default covers ('auth' does not cover admin routes). */
const LOOSER = Object.fromEntries(
  ROUTE_CONTROLS.flatMap((c) => {
    const base = DEFAULT_REQUIREMENTS[c];
    const values = (['all', 'admin', 'auth', 'none'] as const).filter(
      (s) => s !== 'all' && s !== base && base !== 'none',
    );
    return values.length ? [[`require.${c}`, { values }]] : [];
  }),
);

const WHAT: Record<RouteControlName, { name: string; risk: string; road: string; knowledge: string }> = {
  authentication: {
    name: 'authentication',
    risk: 'anyone who finds the URL can call it',
    road: 'put the sign-in guard in front of it (passport.authenticate, express-jwt, an AuthGuard)',
    knowledge: 'guards',
  },
  authorization: {
    name: 'role or ownership check',
    risk: 'any signed-in user can use it',
    road: "check the caller's role (requireRole('admin'), RolesGuard) or scope the query to the caller",
    knowledge: 'guards (with "provides": ["authorization"])',
  },
  inputValidation: {
    name: 'input validation',
    risk: 'whatever the client sends reaches the code unchecked',
    road: 'validate the body, query and parameters with a schema (Joi, zod, celebrate, class-validator)',
    knowledge: 'validators',
  },
  rateLimit: {
    name: 'rate limiting',
    risk: 'an attacker can guess credentials or codes as fast as the server answers',
    road: 'put a limiter in front of it (express-rate-limit, @nestjs/throttler @Throttle, @fastify/rate-limit)',
    knowledge: 'rateLimiters',
  },
  auditEvent: {
    name: 'audit event',
    risk: 'the security decision it makes leaves no trace for an investigation',
    road: 'record the outcome with the audit logger',
    knowledge: 'auditLoggers',
  },
  mfa: {
    name: 'MFA (step-up)',
    risk: 'a stolen password or session is enough for an admin action',
    road: 'require a recent second factor (a step-up guard)',
    knowledge: 'mfaChecks',
  },
};

export default defineRule({
  meta: {
    id: 'defaults/missing-control',
    title: 'Route without a required security control',
    summary:
      'A route lacks a security control the team requires where it applies (by default: rate limiting on login and password routes, authentication and a role check on admin routes).',
    cwe: ['CWE-307', 'CWE-306', 'CWE-862', 'CWE-308'],
    ssdf: ['PW.1.1', 'PW.9.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: [],
    options: {
      defaults: { require: DEFAULT_REQUIREMENTS },
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          require: {
            description:
              'Per control, which routes must have it: "all" (every route where it applies), "admin" (admin routes), "auth" (routes that check or set a credential) or "none". Controls not named keep their default.',
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(ROUTE_CONTROLS.map((c) => [c, { enum: ['all', 'admin', 'auth', 'none'] }])),
          },
        },
      },
      looser: LOOSER,
    },
    messages: {
      missing:
        '{{route}} has no {{control}}: {{risk}}. Paved road: {{road}}. If your own middleware does this, declare it in paved-road.json `knowledge.{{knowledge}}` with the reason.',
      missingSeveral:
        '{{route}} is missing {{count}} required controls. {{details}} If your own middleware does this, declare it in paved-road.json `knowledge` ({{knowledge}}) with the reason.',
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    const requirements = context.options.require;
    // The squiggle marks the registration's first line (`router.post('/login', async (req, res) => {`),
    // not the whole handler: the finding is about the route, and the CodeLens above it carries the table.
    const firstLine = (span: { start: number; end: number }): { start: number; end: number } => {
      const nl = context.text.indexOf('\n', span.start);
      if (nl < 0 || nl >= span.end) return span;
      const end = context.text[nl - 1] === '\r' ? nl - 1 : nl;
      return end > span.start ? { start: span.start, end } : span;
    };
    // One finding per route, naming every required control it lacks.
    for (const route of routeControls(context.facts, context.file, context.knowledge)) {
      const missing = ROUTE_CONTROLS.filter((c) => route.controls[c] === 'missing' && required(requirements[c], route));
      if (!missing.length) continue;
      const name = `${route.method} ${route.path ?? '(this route)'}`;
      if (missing.length === 1) {
        const w = WHAT[missing[0]];
        context.report({
          messageId: 'missing',
          data: { route: name, control: w.name, risk: w.risk, road: w.road, knowledge: w.knowledge },
          span: firstLine(route.span),
        });
      } else {
        context.report({
          messageId: 'missingSeveral',
          data: {
            route: name,
            count: missing.length,
            details: missing.map((c) => `No ${WHAT[c].name}: ${WHAT[c].risk} (${WHAT[c].road}).`).join(' '),
            knowledge: missing.map((c) => WHAT[c].knowledge).join(', '),
          },
          span: firstLine(route.span),
        });
      }
    }
  },
});

function required(scope: Scope, route: RouteControls): boolean {
  if (scope === 'all') return true;
  if (scope === 'admin') return route.kinds.includes('admin');
  if (scope === 'auth') return route.kinds.includes('auth');
  return false;
}
