// The paved-road fix for every audit rule: insert one structured audit event (OWASP Logging
// Vocabulary name, outcome, who, source IP, UTC ISO-8601 time) at the right place on the right
// branch. Where it goes is the team's audit logger when configured, else an audit function the
// file already has, else a structured logger the file already has, else a small `auditLog` helper
// (JSON lines on stdout) added to the file. Secrets are never put in the event: the actor is a
// submitted identifier or a user id, never a password or token.

import { RE2JS } from 're2js';
import type { TSESTree } from '@typescript-eslint/types';
import {
  type Facts,
  type Handler,
  type Node,
  isRequireCall,
  memberChain,
  propertyName,
  unwrap,
} from '../../../server/engine/facts';
import type { Fix, RuleContext, TextEdit } from '../../../server/engine/types';
import { applyEdits } from '../../../server/engine/edits';
import { parse, scriptKindOf } from '../../../server/engine/parse';
import { statementList } from './paths';
import { importEdit, moduleStyleOf } from '../../../server/engine/fixes/imports';

export interface AuditEvent {
  /** OWASP Logging Vocabulary name, e.g. `authn_login_fail`. */
  event: string;
  outcome: 'success' | 'failure';
  /** Extra fields as [key, expression source] pairs, e.g. ['reason', "'logout'"]. */
  fields?: [string, string][];
}

interface Sink {
  /** Text of one call statement (without indentation), e.g. `auditLog({ … });`. */
  call(event: AuditEvent, fields: [string, string][]): string;
  /** Edits every fix of this file shares (a helper function, an import). */
  shared: TextEdit[];
  /** How the fix title names the sink. */
  label: string;
  /** The new-helper sink: a class's own structured logger is preferred where there is one. */
  fallback?: boolean;
}

const SECRET = /pass(word|wd)?|pwd|secret|token|otp|code|hash|key|credential|session|cookie/i;
const IDENTIFIER_NAMES = ['email', 'username', 'userName', 'login', 'emailAddress', 'userEmail', 'user_name'];

// ---------------------------------------------------------------- text helpers

export function indentUnit(text: string): string {
  let min = Infinity;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    if (m[1].startsWith('\t')) return '\t';
    if (m[1].length < min) min = m[1].length;
  }
  return min === Infinity || min > 8 ? '  ' : ' '.repeat(min);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/** Edits that put `line` (one statement) right before `stmt`, bracing a single-statement branch. */
export function insertBefore(facts: Facts, stmt: Node, line: string): TextEdit[] | undefined {
  const text = facts.text;
  const parent = facts.parent(stmt);
  if (!parent) return undefined;
  if (statementList(parent)?.includes(stmt)) {
    if (startsLine(text, stmt.range[0])) {
      const at = lineStart(text, stmt.range[0]);
      return [{ span: { start: at, end: at }, newText: `${lineIndent(text, stmt.range[0])}${line}\n` }];
    }
    return [{ span: { start: stmt.range[0], end: stmt.range[0] }, newText: `${line} ` }];
  }
  if (parent.type === 'IfStatement' || parent.type.endsWith('Statement')) {
    // `if (!ok) return res.sendStatus(401);` → a block holding the audit call and the statement.
    const ind = lineIndent(text, parent.range[0]);
    const unit = indentUnit(text);
    let from = stmt.range[0];
    while (from > 0 && /\s/.test(text[from - 1])) from--;
    return [
      {
        span: { start: from, end: stmt.range[1] },
        newText: ` {\n${ind}${unit}${line}\n${ind}${unit}${facts.source(stmt)}\n${ind}}`,
      },
    ];
  }
  return undefined;
}

/** Edits that put `line` first in a block (or the branch a statement is). */
export function insertAtStart(facts: Facts, node: Node, line: string): TextEdit[] | undefined {
  if (node.type !== 'BlockStatement') return insertBefore(facts, node, line);
  if (node.body.length > 0) return insertBefore(facts, node.body[0], line);
  const ind = lineIndent(facts.text, node.range[0]);
  return [
    {
      span: { start: node.range[0], end: node.range[1] },
      newText: `{\n${ind}${indentUnit(facts.text)}${line}\n${ind}}`,
    },
  ];
}

/** Edits that put `line` right after `stmt`, before the next statement of its block. */
export function insertAfter(facts: Facts, stmt: Node, line: string): TextEdit[] | undefined {
  const parent = facts.parent(stmt);
  const list = parent && statementList(parent);
  if (!list) return undefined;
  const next = list[list.indexOf(stmt) + 1];
  if (next) return insertBefore(facts, next, line);
  return [
    {
      span: { start: stmt.range[1], end: stmt.range[1] },
      newText: `\n${lineIndent(facts.text, stmt.range[0])}${line}`,
    },
  ];
}

// ---------------------------------------------------------------- event fields

/** Declarations visible at `at` inside `fn` (parameters and earlier `const`/`let`), by name. */
function namesInScope(facts: Facts, fn: Node | undefined, at: number): Set<string> {
  const names = new Set<string>();
  if (!fn) return names;
  const collect = (pattern: Node | null | undefined): void => {
    const stack: (Node | null | undefined)[] = [pattern];
    while (stack.length) {
      const p = stack.pop();
      if (!p) continue;
      if (p.type === 'Identifier') names.add(p.name);
      else if (p.type === 'ObjectPattern')
        for (const prop of p.properties) stack.push(prop.type === 'Property' ? prop.value : prop.argument);
      else if (p.type === 'ArrayPattern') stack.push(...p.elements);
      else if (p.type === 'AssignmentPattern') stack.push(p.left);
      else if (p.type === 'RestElement') stack.push(p.argument);
      else if (p.type === 'TSParameterProperty') stack.push(p.parameter);
    }
  };
  for (const f of [fn, ...facts.ancestors(fn)]) {
    if ('params' in f && Array.isArray(f.params)) for (const p of f.params) collect(p as Node);
  }
  for (const decl of facts.nodesOfType('VariableDeclarator')) {
    if (decl.range[0] < fn.range[0] || decl.range[1] > at) continue;
    const block = [...facts.ancestors(decl)].find((a) => statementList(a) !== undefined || a === fn);
    if (block && block.range[0] <= at && block.range[1] >= at) collect(decl.id);
  }
  return names;
}

/** Who: a submitted identifier or a user id visible at the insertion point; never a secret. */
function actorAt(
  facts: Facts,
  fn: Node | undefined,
  at: number,
  handler: Handler | undefined,
  kind: 'submitted' | 'user',
): string | undefined {
  const names = namesInScope(facts, fn, at);
  if (kind === 'submitted') {
    for (const n of IDENTIFIER_NAMES) if (names.has(n)) return n;
    // A read of the submitted identifier in the handler: `req.body.email`.
    if (fn) {
      for (const m of facts.nodesOfType('MemberExpression')) {
        if (m.range[0] < fn.range[0] || m.range[1] > fn.range[1]) continue;
        const chain = memberChain(m);
        const last = chain.at(-1) ?? '';
        if (
          chain.length >= 3 &&
          /^(body|query|payload|request)$/.test(chain[chain.length - 2]) &&
          IDENTIFIER_NAMES.includes(last) &&
          !SECRET.test(last) &&
          (!handler?.request || chain[0] === handler.request)
        ) {
          return facts.source(m);
        }
      }
    }
  }
  if (kind === 'user' && handler?.request && names.has(handler.request)) {
    const r = handler.request;
    switch (handler.framework) {
      case 'express':
      case 'fastify': {
        // Where the app keeps the user: `req.session.userId` if the file keeps it there, else `req.user`.
        const kept = sessionUserKey(facts, r);
        return kept === 'user' ? `${r}.session?.user?.id` : kept ? `${r}.session?.${kept}` : `${r}.user?.id`;
      }
      case 'koa':
        return `${r}.state.user?.id`;
      case 'hapi':
        return `${r}.auth.credentials?.id`;
      default:
        break;
    }
  }
  return undefined;
}

/** The key under which the file keeps the signed-in user in the session (`req.session.userId`), if it does. */
function sessionUserKey(facts: Facts, request: string): string | undefined {
  for (const m of facts.nodesOfType('MemberExpression')) {
    const chain = memberChain(m);
    if (
      chain.length === 3 &&
      chain[0] === request &&
      chain[1] === 'session' &&
      /^(userId|user_id|uid|user)$/.test(chain[2])
    )
      return chain[2];
  }
  return undefined;
}

function ipOf(handler: Handler | undefined, names: Set<string>): string | undefined {
  const r = handler?.request;
  if (!r || !names.has(r)) return undefined;
  switch (handler!.framework) {
    case 'express':
    case 'fastify':
    case 'koa':
    case 'nestjs':
      return `${r}.ip`;
    case 'hapi':
      return `${r}.info.remoteAddress`;
    case 'nextjs':
      return handler!.response ? `${r}.socket?.remoteAddress` : `${r}.headers.get('x-forwarded-for')`;
    case 'node':
      return `${r}.socket.remoteAddress`;
    default:
      return undefined;
  }
}

/** The event's fields at a place: event, outcome, actor, ip, the caller's extras, time (UTC ISO-8601). */
export function eventFields(
  facts: Facts,
  event: AuditEvent,
  at: number,
  fn: Node | undefined,
  handler: Handler | undefined,
  actorKind: 'submitted' | 'user' | 'none',
): [string, string][] {
  const fields: [string, string][] = [['outcome', `'${event.outcome}'`]];
  const actor = actorKind === 'none' ? undefined : actorAt(facts, fn, at, handler, actorKind);
  if (actor) fields.push(['actor', actor]);
  fields.push(...(event.fields ?? []));
  const ip = ipOf(handler, namesInScope(facts, fn, at));
  if (ip) fields.push(['ip', ip]);
  fields.push(['time', 'new Date().toISOString()']);
  return fields;
}

// ---------------------------------------------------------------- where the event goes

/** The team's event-name convention applied to an OWASP name, when the pattern accepts a variant. */
function eventName(name: string, pattern: string | undefined): string {
  if (!pattern) return name;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch {
    return name;
  }
  const parts = name.split('_');
  const variants = [
    name,
    parts.join('.'),
    parts.join(':'),
    parts.join('-'),
    name.toUpperCase(),
    parts[0] +
      parts
        .slice(1)
        .map((p) => p[0].toUpperCase() + p.slice(1))
        .join(''),
  ];
  return variants.find((v) => re.matcher(v).find()) ?? name;
}

function objectText(event: string, fields: [string, string][]): string {
  return `{ event: '${event}', ${fields.map(([k, v]) => (k === v ? k : `${k}: ${v}`)).join(', ')} }`;
}

function sinkOf(context: RuleContext): Sink {
  return context.facts.derive('audit/sink', () => findSink(context));
}

function findSink(context: RuleContext): Sink {
  const { facts, knowledge } = context;
  const pattern = knowledge.auditEventNamePattern;
  let sink: Sink | undefined;

  // 1. The team's audit logger.
  const team = knowledge.auditLoggers?.[0];
  if (team) {
    const parts = team.name.split('.');
    let callee = team.name;
    const shared: TextEdit[] = [];
    if (team.module) {
      const local = importedBinding(facts, team.module, parts[0]);
      if (local) callee = [local, ...parts.slice(1)].join('.');
      else {
        // Server code: a file with no import style of its own gets require (the team's logger runs in Node).
        const edit = importEdit(
          facts,
          { module: team.module, local: parts[0], named: true },
          moduleStyleOf(context) ?? 'cjs',
        );
        if (edit) shared.push(edit);
      }
    }
    sink = {
      call: (e, f) => `${callee}(${objectText(eventName(e.event, pattern), f)});`,
      shared,
      label: `\`${callee}\``,
    };
  }

  // 2. An audit function the file already has (declared or imported), in the call style it uses.
  if (!sink) {
    const existing = existingAuditFunction(facts);
    if (existing) {
      sink = {
        call: (e, f) =>
          existing.nameFirst
            ? `${existing.name}('${eventName(e.event, pattern)}', { ${f.map(([k, v]) => (k === v ? k : `${k}: ${v}`)).join(', ')} });`
            : `${existing.name}(${objectText(eventName(e.event, pattern), f)});`,
        shared: [],
        label: `\`${existing.name}\``,
      };
    }
  }

  // 3. A structured logger the file already has at module level (pino, winston, bunyan, log4js).
  if (!sink) {
    const logger = moduleLogger(facts);
    if (logger) {
      sink = {
        call: (e, f) =>
          `${logger}.${e.outcome === 'failure' ? 'warn' : 'info'}(${objectText(eventName(e.event, pattern), f)});`,
        shared: [],
        label: `\`${logger}\``,
      };
    }
  }

  // 3b. The framework's logger the file already calls: `fastify.log.info(…)` on the app instance.
  if (!sink) {
    const app = appLogger(facts);
    if (app)
      sink = {
        call: (e, f) =>
          `${app}.${e.outcome === 'failure' ? 'warn' : 'info'}(${objectText(eventName(e.event, pattern), f)});`,
        shared: [],
        label: `\`${app}\``,
      };
  }

  // 4. A small audit helper in this file: JSON lines on stdout, UTC time first.
  if (!sink) {
    const ts = /\.(ts|tsx|mts|cts)$/.test(context.file);
    const unit = indentUnit(facts.text);
    const helper = [
      '',
      '/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */',
      ts ? 'function auditLog(event: Record<string, unknown>): void {' : 'function auditLog(event) {',
      `${unit}process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\\n');`,
      '}',
      '',
    ].join('\n');
    const end = facts.text.length;
    const newText = (facts.text.endsWith('\n') ? '' : '\n') + helper;
    sink = {
      call: (e, f) => `auditLog(${objectText(eventName(e.event, pattern), f)});`,
      shared: [{ span: { start: end, end }, newText }],
      label: 'a new `auditLog` helper (JSON lines on stdout)',
      fallback: true,
    };
  }
  return sink;
}

function pattern(context: RuleContext): string | undefined {
  return context.knowledge.auditEventNamePattern;
}

/**
 * A structured logger the enclosing class holds: `private readonly logger = new Logger(X.name)`
 * (NestJS: `warn`/`log`) or a pino/winston instance (`warn`/`info`).
 */
function classLoggerAt(
  facts: Facts,
  node: Node,
): { call(e: AuditEvent, f: [string, string][], p: string | undefined): string; label: string } | undefined {
  const body = [...facts.ancestors(node)].find((a) => a.type === 'ClassBody') as TSESTree.ClassBody | undefined;
  if (!body) return undefined;
  for (const el of body.body) {
    if (
      el.type !== 'PropertyDefinition' ||
      el.static ||
      !el.value ||
      el.key.type !== 'Identifier' ||
      !/log/i.test(el.key.name)
    )
      continue;
    const origin = facts.moduleOf(el.value);
    const nest = origin?.module === '@nestjs/common' && origin.path[0] === 'Logger';
    if (!nest && !(origin && ['pino', 'winston', 'bunyan'].includes(origin.module))) continue;
    const name = el.key.name;
    return {
      call: (e, f, p) =>
        `this.${name}.${e.outcome === 'failure' ? 'warn' : nest ? 'log' : 'info'}(${objectText(eventName(e.event, p), f)});`,
      label: `\`this.${name}\``,
    };
  }
  return undefined;
}

function importedBinding(facts: Facts, module: string, name: string): string | undefined {
  for (const decl of facts.nodesOfType('ImportDeclaration')) {
    if (decl.source.value !== module) continue;
    for (const s of decl.specifiers) {
      if (
        s.type === 'ImportSpecifier' &&
        (s.imported.type === 'Identifier' ? s.imported.name : s.imported.value) === name
      )
        return s.local.name;
    }
  }
  return undefined;
}

function existingAuditFunction(facts: Facts): { name: string; nameFirst: boolean } | undefined {
  const NAME = /^(audit|auditLog|logAudit|auditEvent|recordAudit|writeAudit|securityLog|logSecurityEvent)$/i;
  const names = new Set<string>();
  for (const f of facts.nodesOfType('FunctionDeclaration'))
    if (f.id && NAME.test(f.id.name) && facts.parent(f)?.type !== 'ExportDefaultDeclaration') names.add(f.id.name);
  for (const d of facts.nodesOfType('ImportDeclaration'))
    for (const s of d.specifiers)
      if (NAME.test(s.local.name) && s.type !== 'ImportNamespaceSpecifier') names.add(s.local.name);
  for (const d of facts.ast.body) {
    if (d.type !== 'VariableDeclaration') continue;
    for (const v of d.declarations) {
      if (v.id.type === 'Identifier' && NAME.test(v.id.name)) names.add(v.id.name);
      if (v.id.type === 'ObjectPattern')
        for (const p of v.id.properties)
          if (p.type === 'Property' && p.value.type === 'Identifier' && NAME.test(p.value.name))
            names.add(p.value.name);
    }
  }
  if (names.size === 0) return undefined;
  const name = [...names][0];
  const calls = facts.nodesOfType('CallExpression');
  let use = calls.find((c) => c.callee.type === 'Identifier' && c.callee.name === name);
  let callee = name;
  if (!use) {
    // `const audit = require('./audit')` used as `audit.record({ … })`: call it the way the file does.
    use = calls.find(
      (c) =>
        c.callee.type === 'MemberExpression' &&
        !c.callee.computed &&
        c.callee.property.type === 'Identifier' &&
        unwrap(c.callee.object).type === 'Identifier' &&
        (unwrap(c.callee.object) as TSESTree.Identifier).name === name,
    );
    if (use) callee = facts.source(use.callee);
  }
  const first = use?.arguments[0] && unwrap(use.arguments[0]);
  const nameFirst =
    !!first && use!.arguments.length >= 2 && (first.type === 'Literal' || first.type === 'TemplateLiteral');
  return { name: callee, nameFirst };
}

const LOG_LEVEL = /^(info|warn|error|debug|trace|fatal)$/;

/** `X.log` where the file calls `X.log.info(…)` and `X` is a Fastify instance (moduleOf). */
function appLogger(facts: Facts): string | undefined {
  for (const c of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || !LOG_LEVEL.test(propertyName(callee) ?? '')) continue;
    const log = unwrap(callee.object);
    if (log.type !== 'MemberExpression' || propertyName(log) !== 'log') continue;
    const owner = unwrap(log.object);
    if (owner.type === 'Identifier' && facts.moduleOf(owner)?.module === 'fastify') return `${owner.name}.log`;
  }
  return undefined;
}

/**
 * `req.log` (pino-http, Fastify's request logger) where the file already logs through the
 * request object of its handlers (`req.log.info(…)`, `request.log.warn(…)`), for a handler at hand.
 */
function requestLoggerAt(facts: Facts, handler: Handler | undefined, file: string): string | undefined {
  const request = handler?.request;
  if (!request) return undefined;
  const requestNames = new Set(
    facts
      .handlers(file)
      .map((h) => h.request)
      .filter((r): r is string => !!r),
  );
  for (const c of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(c.callee);
    if (callee.type !== 'MemberExpression' || !LOG_LEVEL.test(propertyName(callee) ?? '')) continue;
    const chain = memberChain(callee);
    if (chain.length === 3 && chain[1] === 'log' && requestNames.has(chain[0])) return `${request}.log`;
  }
  return undefined;
}

function moduleLogger(facts: Facts): string | undefined {
  for (const d of facts.ast.body) {
    const decl = d.type === 'ExportNamedDeclaration' ? d.declaration : d;
    if (decl?.type !== 'VariableDeclaration') continue;
    for (const v of decl.declarations) {
      if (v.id.type !== 'Identifier' || !v.init || !/log/i.test(v.id.name)) continue;
      // `const log4js = require('log4js')` is the module (a factory), not a logger.
      if (isRequireCall(unwrap(v.init))) continue;
      const origin = facts.moduleOf(v.init);
      if (origin && ['pino', 'winston', 'bunyan', 'log4js'].includes(origin.module)) return v.id.name;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- the fix

export interface Placement {
  /** Where the event goes: before a statement, first in a block, or after a statement. */
  where: 'before' | 'start' | 'after';
  node: Node;
  event: AuditEvent;
  /** Whose event: a submitted identifier (a login), the signed-in user, or nobody (no one is signed in). */
  actor: 'submitted' | 'user' | 'none';
}

/** One fix inserting an audit event at each placement; undefined when a placement cannot be edited. */
export function auditFix(
  context: RuleContext,
  handler: Handler | undefined,
  fn: Node | undefined,
  placements: Placement[],
): Fix | undefined {
  const sink = sinkOf(context);
  const edits: TextEdit[] = [];
  let label = sink.label;
  for (const p of placements) {
    const at = p.where === 'after' ? p.node.range[1] : p.node.range[0];
    const fields = eventFields(context.facts, p.event, at, fn, handler, p.actor);
    const classLogger = sink.fallback ? classLoggerAt(context.facts, p.node) : undefined;
    const requestLogger =
      sink.fallback && !classLogger ? requestLoggerAt(context.facts, handler, context.file) : undefined;
    const line = classLogger
      ? classLogger.call(p.event, fields, pattern(context))
      : requestLogger
        ? `${requestLogger}.${p.event.outcome === 'failure' ? 'warn' : 'info'}(${objectText(eventName(p.event.event, pattern(context)), fields)});`
        : sink.call(p.event, fields);
    if (classLogger) label = classLogger.label;
    else if (requestLogger) label = `\`${requestLogger}\``;
    const e =
      p.where === 'before'
        ? insertBefore(context.facts, p.node, line)
        : p.where === 'start'
          ? insertAtStart(context.facts, p.node, line)
          : insertAfter(context.facts, p.node, line);
    if (!e) return undefined;
    edits.push(...e);
  }
  const built = label === sink.label ? [...edits, ...sink.shared] : edits;
  // A project on a Node.js older than 14 gets the event without ?. (and the helper without object spread).
  const all =
    (context.project?.node?.major ?? Infinity) < 14
      ? built.map((e) => ({ ...e, newText: withoutNewSyntax(e.newText) }))
      : built;
  if (!parsesAfter(context, all)) return undefined;
  const events = [...new Set(placements.map((p) => p.event.event))].join('`, `');
  return {
    title: `Add the audit event \`${events}\` with ${label}`,
    kind: 'needs-review',
    changes: 'one more structured log record is written on this path; a logger call that throws would now interrupt it',
    preferred: true,
    edits: all,
  };
}

/** `req.user?.id` → `(req.user && req.user.id)`; `{ time: …, ...event }` → `Object.assign({ time: … }, event)`. Our own generated text only. */
function withoutNewSyntax(text: string): string {
  return text
    .replace(/([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\?\.([A-Za-z_$][\w$]*)/g, '($1 && $1.$2)')
    .replace(/\{ ([^{}]*), \.\.\.(\w+) \}/g, 'Object.assign({ $1 }, $2)');
}

/**
 * Every fix is re-parsed before it is offered. Edits sit at statement boundaries by construction,
 * so each edit's new text is parsed on its own (as statements, or as the braced branch it
 * becomes): cheap on a file with thousands of handlers, and the edits must also apply together.
 */
function parsesAfter(context: RuleContext, edits: TextEdit[]): boolean {
  const kind = scriptKindOf(context.file);
  if (!kind) return false;
  try {
    applyEdits(context.text, edits);
  } catch {
    return false;
  }
  const seen = context.facts.derive('audit/parsed-edits', () => new Map<string, boolean>());
  for (const e of edits) {
    const body = e.newText.startsWith(' {') ? `if (x)${e.newText}` : e.newText;
    // Statements are checked where they will live: inside an async function (return and await are legal there).
    const snippet = /^\s*import /.test(body) ? body : `async function pavedRoadCheck() {\n${body}\n}`;
    let ok = seen.get(snippet);
    if (ok === undefined) {
      ok = parse(snippet, kind).notes.every((n) => n.kind !== 'parse-error' && n.kind !== 'skipped');
      seen.set(snippet, ok);
    }
    if (!ok) return false;
  }
  return true;
}

/** The literal HTTP status a node denies with, when it is 401 or 403. */
export function statusOf(facts: Facts, node: Node | undefined): 401 | 403 | undefined {
  if (!node) return undefined;
  const c = facts.constantOf(node);
  if (c?.value === 401 || c?.value === 403) return c.value;
  const n = unwrap(node);
  // HttpStatus.FORBIDDEN / StatusCodes.UNAUTHORIZED
  if (n.type === 'MemberExpression') {
    const name = propertyName(n);
    if (name === 'FORBIDDEN') return 403;
    if (name === 'UNAUTHORIZED') return 401;
  }
  return undefined;
}

export type { TSESTree };
