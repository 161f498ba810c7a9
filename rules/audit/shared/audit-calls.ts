// What counts as an audit event, and whether one is reached on a path. Shared by every audit rule.
//
// An audit call is: a call to a logger the team names (`knowledge.auditLoggers`); a function or
// method whose name says audit (`auditLog`, `logAudit`, `this.audit.record`, `securityLog`); or a
// call to a recognised logger (pino, winston, bunyan, log4js, NestJS `Logger`, a `logger`/`log`
// binding, `req.log`) made with a structured event: an object argument or an event name such as
// `authn_login_fail`. `console.*` is not an audit trail. A call to a same-file function that
// audits counts as auditing too.

import type { TSESTree } from '@typescript-eslint/types';
import { FUNCTION_TYPES, type Facts, type Node, memberChain, unwrap } from '../../../server/engine/facts';
import { functionOf } from '../../../server/engine/facts/handlers';
import type { TeamKnowledge } from '../../../server/engine/types';
import { importedFunction } from '../../module-summary';

const AUDIT_NAME = /audit|^securityLog|^logSecurity|^securityEvent|^recordSecurity/i;
const LOG_METHODS = new Set([
  'info',
  'warn',
  'warning',
  'error',
  'notice',
  'log',
  'fatal',
  'critical',
  'crit',
  'alert',
  'emerg',
  'debug',
  'trace',
  'http',
  'verbose',
  'silly',
  'event',
  'security',
]);
const LOGGER_MODULES = new Set([
  'pino',
  'winston',
  'bunyan',
  'log4js',
  '@nestjs/common',
  'pino-http',
  'signale',
  'loglevel',
  'roarr',
  'tslog',
  'consola',
]);
const LOGGER_NAME = /^(_?log|_?logger|\w*Logger|\w*Log|audit\w*)$/i;
const FUNCTION_LOGGER_NAME = /^(log|logger|logEvent|logSecurityEvent|securityLog|trackSecurityEvent)$/;
/** `authn_login_fail`, `user.login.failed`, `authn_login_fail:alice` — an event name, not a sentence. */
const EVENT_NAME = /^[a-z][a-z0-9]*(?:[._:-][a-z0-9]+)+(?::\S*)?$/i;

export interface AuditIndex {
  /** Calls that reach an audit event, in source order. */
  reaching: TSESTree.CallExpression[];
  /** `console.*` calls, in source order (not an audit trail). */
  consoleCalls: TSESTree.CallExpression[];
  isAudit(call: TSESTree.CallExpression): boolean;
}

function eventNameLike(node: Node | undefined, facts: Facts): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral') return EVENT_NAME.test((n.quasis[0].value.cooked ?? '').replace(/:$/, ':x'));
  const c = facts.constantOf(n);
  return typeof c?.value === 'string' && EVENT_NAME.test(c.value);
}

function structured(call: TSESTree.CallExpression, facts: Facts, method: string): boolean {
  const args = call.arguments;
  if (args.some((a) => unwrap(a).type === 'ObjectExpression')) return true;
  // `logger.log('warn', 'authn_login_fail')` (winston) names the level first.
  const first = method === 'log' && args.length > 1 ? args[1] : args[0];
  return eventNameLike(first, facts);
}

/** Whether a call is an audit event by itself (not through a same-file function). */
export function isAuditCall(facts: Facts, call: TSESTree.CallExpression, knowledge: Readonly<TeamKnowledge>): boolean {
  if (knowledge.auditLoggers?.some((ref) => facts.calleeMatches(call, ref))) return true;
  if (call.arguments.length === 0) return false;
  const callee = unwrap(call.callee);
  const chain = memberChain(callee);
  if (chain.length === 0 || chain[0] === 'console') return false;
  if (callee.type === 'Identifier') {
    if (AUDIT_NAME.test(callee.name)) return true;
    if (FUNCTION_LOGGER_NAME.test(callee.name)) return structured(call, facts, callee.name);
    return false;
  }
  if (callee.type !== 'MemberExpression') return false;
  const names = chain.filter((s) => s !== 'this' && s !== '*');
  if (names.some((s) => AUDIT_NAME.test(s))) return true;
  const method = chain[chain.length - 1];
  if (!LOG_METHODS.has(method)) return false;
  const receiver = unwrap(callee.object);
  const origin = facts.moduleOf(receiver);
  const receiverName = memberChain(receiver).at(-1) ?? '';
  const logger = (origin && LOGGER_MODULES.has(origin.module)) || LOGGER_NAME.test(receiverName);
  return logger && structured(call, facts, method);
}

/** Same-file functions a call may run: `f()`, `this.m()` in the same class. */
function targetsOf(facts: Facts, call: TSESTree.CallExpression): Node[] {
  const callee = unwrap(call.callee);
  const fn = functionOf(facts, callee);
  if (fn) return [fn];
  if (
    callee.type === 'MemberExpression' &&
    unwrap(callee.object).type === 'ThisExpression' &&
    !callee.computed &&
    callee.property.type === 'Identifier'
  ) {
    const name = callee.property.name;
    const cls = [...facts.ancestors(call)].find((a) => a.type === 'ClassBody') as TSESTree.ClassBody | undefined;
    const method = cls?.body.find(
      (e) => e.type === 'MethodDefinition' && e.key.type === 'Identifier' && e.key.name === name,
    ) as TSESTree.MethodDefinition | undefined;
    if (method) return [method.value];
  }
  return [];
}

export function auditIndex(facts: Facts, knowledge: Readonly<TeamKnowledge>): AuditIndex {
  return facts.derive('audit/index', () => buildAuditIndex(facts, knowledge));
}

function buildAuditIndex(facts: Facts, knowledge: Readonly<TeamKnowledge>): AuditIndex {
  const calls = facts.nodesOfType('CallExpression');
  const direct = new Set<TSESTree.CallExpression>();
  const consoleCalls: TSESTree.CallExpression[] = [];
  for (const call of calls) {
    // A function of another module that writes the event (its summary says so: a service, a helper).
    if (isAuditCall(facts, call, knowledge) || importedFunction(facts, call.callee)?.summary.audit) direct.add(call);
    else if (memberChain(unwrap(call.callee))[0] === 'console') consoleCalls.push(call);
  }
  // Functions that audit: those containing an audit call, then (to a fixed point, bounded) those
  // calling such a function.
  const auditing = new Set<Node>();
  const enclosing = (n: Node): Node[] => [...facts.ancestors(n)].filter((a) => FUNCTION_TYPES.has(a.type));
  for (const call of direct) for (const f of enclosing(call)) auditing.add(f);
  const reaching = new Set<TSESTree.CallExpression>(direct);
  const candidates = calls
    .filter((c) => !direct.has(c))
    .map((c) => ({ call: c, targets: targetsOf(facts, c) }))
    .filter((c) => c.targets.length > 0);
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (const { call, targets } of candidates) {
      if (reaching.has(call) || !targets.some((t) => auditing.has(t))) continue;
      reaching.add(call);
      changed = true;
      for (const f of enclosing(call)) auditing.add(f);
    }
    if (!changed) break;
  }
  const index: AuditIndex = {
    reaching: [...reaching].sort((a, b) => a.range[0] - b.range[0]),
    consoleCalls,
    isAudit: (call) => reaching.has(call),
  };
  return index;
}

/** Audit-reaching calls inside a node. */
export function auditCallsWithin(index: AuditIndex, node: Node): TSESTree.CallExpression[] {
  return index.reaching.filter((c) => c.range[0] >= node.range[0] && c.range[1] <= node.range[1]);
}
