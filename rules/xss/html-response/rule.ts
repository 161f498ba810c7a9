// xss/html-response: a server response whose body is HTML assembled from parts that are not
// constants and not escaped — Express `res.send`/`res.write`/`res.end`, Node `res.end`/`res.write`,
// Koa `ctx.body =`, Fastify `reply.send` or an async handler's `return` with an HTML content type. The paved road is a view
// rendered by an escaping engine (`res.render`); the fix escapes each interpolated part with an
// escaper the project already uses, or `escape-html`.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  memberRoot,
  propertyName,
  routeRegistrationOf,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import { abbreviate, defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { ESCAPED, calleeFor, ESCAPE_HTML, localEscaper, wrapEdits, type Binding } from '../shared/fixes';
import { moduleStyleOf } from '../../../server/engine/fixes/imports';
import { flowSteps, htmlValue, textPartsToEscape } from '../shared/html';

type Framework = 'Express' | 'Node http' | 'Koa' | 'Fastify' | 'hapi';

export default defineRule({
  meta: {
    id: 'xss/html-response',
    title: 'HTML response assembled from unescaped values',
    summary:
      'A response body is HTML built by hand from values that are not constants and not escaped; render a view with an escaping template engine, or escape each part.',
    cwe: ['CWE-79'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      response:
        'The HTML sent by `{{sink}}` is built with `{{parts}}`: {{origin}}markup in it reaches the browser unescaped (reflected or stored cross-site scripting). Render a view with an escaping engine (`res.render`), or escape each part with {{escaper}}.',
    },
  },
  check(context) {
    const { facts } = context;
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || !call.arguments[0]) continue;
      const method = propertyName(callee);
      if (method !== 'send' && method !== 'write' && method !== 'end') continue;
      const response = responseParameter(facts, callee.object);
      if (!response) continue;
      const body = unwrap(call.arguments[0]);
      if (body.type === 'CallExpression' && memberChain(body.callee).join('.') === 'JSON.stringify') continue; // JSON, not markup
      // Express (`res.send`) and Fastify send an object or array as JSON: only a string is markup.
      if (method === 'send' && sentAsJson(facts, body)) continue;
      const fn = facts.enclosingFunction(call);
      const declared = contentTypeOf(facts, fn, callee.object, call);
      if (declared !== undefined && !/html/i.test(declared)) continue;
      const fastify = response.name === 'reply';
      if (fastify && declared === undefined) continue; // Fastify sends strings as text/plain
      const express = method === 'send';
      const framework: Framework = fastify ? 'Fastify' : express ? 'Express' : 'Node http';
      check(
        context,
        call.arguments[0],
        call,
        `${memberChain(callee).slice(0, 1)}.${method}`,
        framework,
        (value) =>
          value.markup ||
          declared !== undefined ||
          (express && value.source !== undefined && value.source.kind !== 'parameter'),
      );
    }
    // Fastify: an async route handler's return value is the payload (`reply.type('text/html');
    // return html`). Without an HTML type Fastify sends a string as text/plain, so nothing to report.
    for (const handler of facts.handlers(context.file)) {
      const fn = handler.fn;
      const reply = fn.params[1];
      if (handler.framework !== 'fastify' || !fn.async || reply?.type !== 'Identifier') continue;
      for (const ret of facts.nodesOfTypeWithin('ReturnStatement', fn)) {
        if (!ret.argument || facts.enclosingFunction(ret) !== fn) continue;
        const value = unwrap(ret.argument);
        // `return reply.send(html)` is the send above.
        const root = value.type === 'CallExpression' ? memberRoot(value.callee) : undefined;
        if (root?.type === 'Identifier' && root.name === reply.name) continue;
        const declared = contentTypeOf(facts, fn, reply, ret);
        if (declared === undefined || !/html/i.test(declared)) continue;
        check(context, ret.argument, ret, 'return', 'Fastify', () => true);
      }
    }
    // hapi: `h.response(html).type('text/html')` (the response toolkit; hapi also answers a string
    // body with no declared type as text/html, so markup there is HTML too).
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'response' || !call.arguments[0]) continue;
      const toolkit = unwrap(callee.object);
      if (toolkit.type !== 'Identifier' || toolkit.name !== 'h' || !isParameter(facts, toolkit)) continue;
      const declared = hapiContentType(facts, call);
      if (declared !== undefined && !/html/i.test(declared)) continue;
      if (sentAsJson(facts, call.arguments[0])) continue; // hapi sends an object or array as JSON
      check(context, call.arguments[0], call, 'h.response', 'hapi', (value) => value.markup || declared !== undefined);
    }
    // Koa: ctx.body = html (Koa sends text/html when the string starts with `<`).
    for (const assignment of facts.nodesOfType('AssignmentExpression')) {
      const left = unwrap(assignment.left);
      if (left.type !== 'MemberExpression' || propertyName(left) !== 'body' || assignment.operator !== '=') continue;
      const ctx = unwrap(left.object);
      if (ctx.type !== 'Identifier' || !/^(ctx|context)$/.test(ctx.name) || !isParameter(facts, ctx)) continue;
      const declared = contentTypeOf(facts, facts.enclosingFunction(assignment), ctx, assignment);
      if (declared !== undefined && !/html/i.test(declared)) continue;
      // Without a declared type, Koa sends a string that does not start with `<` as text/plain.
      if (declared === undefined && startsAsText(facts, assignment.right)) continue;
      if (sentAsJson(facts, assignment.right)) continue; // Koa sends an object or array as JSON
      check(
        context,
        assignment.right,
        assignment,
        `${ctx.name}.body`,
        'Koa',
        (value) => value.markup || declared !== undefined,
      );
    }
  },
});

/** Calls that return a record, not text: `JSON.parse`, `Object.assign`, `user.toJSON()`, `Array.from`. */
const RECORD_CALLS = new Set([
  'JSON.parse',
  'Object.assign',
  'Object.fromEntries',
  'Object.entries',
  'Object.keys',
  'Object.values',
  'Array.from',
  'Array.of',
]);
const RECORD_METHODS = new Set(['toJSON', 'toObject', 'lean']);
/**
 * Data-access calls by their conventional names — `userService.createUser(req.body)`,
 * `User.findById(id)`, `repo.findOne(…)`, `queryUsers(filter)`, `getUserById(id)` — return
 * records (model instances, rows, pages of them), which Express and Koa send as JSON. A name that
 * speaks of markup (`getPageHtml`, `renderTemplate`) is never one.
 */
const DATA_ACCESS =
  /^(?:(?:find|create|update|upsert|insert|delete|remove|destroy|query|list|count|save|fetch|paginate|aggregate)(?:[A-Z_]\w*)?|get\w*By[A-Z]\w*)$/;
const MARKUP_WORDS = /html|markup|template|render|page|view|text|string|body|content|message/i;
/** Type names that may be text (a string alias, trusted HTML): an annotation with one of them is not a record. */
const TEXT_TYPE_NAMES = /^(?:String|Buffer)$|html|markup|string|text/i;

/**
 * The body is an object or array, which the framework serialises as JSON (`res.status(201).send(user)`):
 * an object or array literal, a record-returning call, a data-access call, a `new` model instance,
 * a binding TypeScript declares as a non-text type, or a variable every write of which is one of these.
 */
function sentAsJson(facts: Facts, node: Node, depth = 0): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  switch (n.type) {
    case 'ObjectExpression':
    case 'ArrayExpression':
      return true;
    case 'NewExpression': {
      const name = memberChain(n.callee).pop();
      return name !== undefined && /^[A-Z]/.test(name) && name !== 'String';
    }
    case 'AwaitExpression':
      return sentAsJson(facts, n.argument, depth + 1);
    case 'ConditionalExpression':
      return sentAsJson(facts, n.consequent, depth + 1) && sentAsJson(facts, n.alternate, depth + 1);
    case 'CallExpression': {
      const chain = memberChain(unwrap(n.callee));
      const name = chain[chain.length - 1];
      if (RECORD_CALLS.has(chain.join('.'))) return true;
      if (!name || MARKUP_WORDS.test(name)) return false;
      if (chain.length > 1 && RECORD_METHODS.has(name)) return true;
      return DATA_ACCESS.test(name);
    }
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable || variable.defs.length === 0 || MARKUP_WORDS.test(n.name)) return false;
      if (variable.defs.every((d) => d.name.type === 'Identifier' && declaredRecord(d.name))) return true;
      const writes = facts.writesOf(variable);
      return (
        writes.length > 0 &&
        writes.every(
          (w) =>
            w.operator !== 'param' &&
            w.operator !== '+=' &&
            w.value !== w.node &&
            sentAsJson(facts, w.value, depth + 1),
        )
      );
    }
    default:
      return false;
  }
}

/** TypeScript declares the binding as an object, array or named non-text type (`user: User`, `rows: Row[]`). */
function declaredRecord(name: TSESTree.Identifier): boolean {
  const type = name.typeAnnotation?.typeAnnotation;
  if (!type) return false;
  const members = type.type === 'TSUnionType' ? type.types : [type];
  return members.every(
    (t) =>
      t.type === 'TSNullKeyword' ||
      t.type === 'TSUndefinedKeyword' ||
      t.type === 'TSTypeLiteral' ||
      t.type === 'TSArrayType' ||
      t.type === 'TSTupleType' ||
      t.type === 'TSNumberKeyword' ||
      t.type === 'TSBooleanKeyword' ||
      (t.type === 'TSTypeReference' && t.typeName.type === 'Identifier' && !TEXT_TYPE_NAMES.test(t.typeName.name)),
  );
}

/** The value begins with constant text whose first non-space character is not `<`. */
function startsAsText(facts: RuleContext['facts'], node: Node): boolean {
  let first = unwrap(node);
  while (first.type === 'BinaryExpression' && first.operator === '+') first = unwrap(first.left);
  const lead = first.type === 'TemplateLiteral' ? first.quasis[0].value.cooked : facts.constantOf(first)?.value;
  if (typeof lead !== 'string') return false;
  const trimmed = lead.trimStart();
  return trimmed.length > 0 && !trimmed.startsWith('<');
}

function check(
  context: RuleContext,
  valueNode: Node,
  sink: Node,
  sinkName: string,
  framework: Framework,
  worth: (value: NonNullable<ReturnType<typeof htmlValue>>) => boolean,
): void {
  const { facts } = context;
  const value = htmlValue(facts, valueNode, context.knowledge);
  if (!value || !worth(value)) return;
  const fixes: Fix[] = [];
  // Only a body built from pieces of text (a template or `+`) is escaped part by part. A body that is
  // one value may be an object or array, which the framework sends as JSON: escaping it would send
  // "[object Object]", so that is left to a person (guidance).
  const whole = unwrap(valueNode);
  const built = whole.type === 'TemplateLiteral' || (whole.type === 'BinaryExpression' && whole.operator === '+');
  const inside = built ? textPartsToEscape(facts, valueNode, context.knowledge) : undefined;
  if (!built && !value.markup) {
    fixes.push({
      title: `Escape the body with escapeHtml(…) if it is text`,
      kind: 'guidance',
      reason:
        'the body is one value: if it is an object or array, the framework sends it as JSON and there is nothing to escape (send it with a JSON method to say so); if it is text, escape it or render a view',
      edits: [],
    });
  }
  let escaper = '`escapeHtml(…)` from escape-html';
  if (inside) {
    const imported = existingEscaper(facts) ?? calleeFor(facts, ESCAPE_HTML, moduleStyleOf(context));
    // A project that does not depend on escape-html gets a small local helper instead of a new dependency.
    const local =
      imported?.edit && context.project && !context.project.dependencies.includes('escape-html')
        ? localEscaper(facts)
        : undefined;
    const binding = local ?? imported;
    if (binding) {
      escaper = `\`${binding.callee}(…)\``;
      fixes.push({
        title: `Escape each interpolated part with ${local ? 'a local ' : ''}${binding.callee}(…)`,
        kind: 'needs-review',
        changes: ESCAPED,
        preferred: true,
        edits: [...(binding.edit ? [binding.edit] : []), ...wrapEdits(facts, inside, binding.callee)],
      });
    }
  }
  context.report({
    messageId: 'response',
    data: {
      sink: sinkName,
      parts: abbreviate(value.dynamic.map((d) => facts.source(d)).join('`, `')),
      origin: value.source ? `it carries ${value.source.description}, and ` : '',
      escaper,
    },
    span: facts.span(valueNode),
    steps: flowSteps(facts, value, sink, `sent to the browser as HTML by \`${sinkName}\``),
    fixes,
    confidence: value.source && value.source.kind !== 'parameter' ? 'high' : 'medium',
    docSection: framework,
  });
}

/** An escaper the file already imports: escape-html, he, lodash escape. */
function existingEscaper(facts: Facts): Binding | undefined {
  for (const id of facts.nodesOfType('Identifier')) {
    const parent = facts.parent(id);
    if (
      parent?.type !== 'VariableDeclarator' &&
      parent?.type !== 'ImportDefaultSpecifier' &&
      parent?.type !== 'ImportSpecifier'
    )
      continue;
    const origin = facts.moduleOf(id);
    if (!origin) continue;
    if (origin.module === 'escape-html' && origin.path.length === 0) return { callee: id.name };
    if (origin.module === 'he' && origin.path.length === 0) return { callee: `${id.name}.encode` };
    if (origin.module === 'he' && origin.path[0] === 'encode') return { callee: id.name };
  }
  return undefined;
}

/** The response object of a handler: a parameter named res/response/reply (or the handler's second parameter). */
function responseParameter(facts: Facts, receiver: Node): TSESTree.Identifier | undefined {
  const root = memberRoot(receiver);
  if (root.type !== 'Identifier' || !isParameter(facts, root)) return undefined;
  if (/^(res|response|reply|resp)$/.test(root.name)) return root;
  const variable = facts.variableOf(root)!;
  const fn = variable.defs[0].node as TSESTree.FunctionLike;
  if ('params' in fn && fn.params[1] === variable.defs[0].name && routeRegistrationOf(facts, fn)) return root;
  return undefined;
}

function isParameter(facts: Facts, id: Node): boolean {
  return facts.variableOf(id)?.defs[0]?.type === 'Parameter';
}

/**
 * The content type the handler sets on this response, if any: `res.type('json')`,
 * `res.set('Content-Type', …)`, `res.setHeader(…)`, `res.writeHead(200, { 'Content-Type': … })`,
 * `reply.type(…)`, `reply.header(…)`, `ctx.type = …`.
 */
function contentTypeOf(facts: Facts, fn: Node | undefined, receiver: Node, sink: Node): string | undefined {
  const root = memberRoot(receiver);
  if (root.type !== 'Identifier' || !fn) return undefined;
  const found: { node: Node; value: string }[] = [];
  for (const call of facts.nodesOfTypeWithin('CallExpression', fn)) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression') continue;
    const r = memberRoot(callee.object);
    if (r.type !== 'Identifier' || r.name !== root.name) continue;
    const method = propertyName(callee);
    const arg0 = call.arguments[0] && facts.constantOf(call.arguments[0])?.value;
    if ((method === 'type' || method === 'contentType') && typeof arg0 === 'string')
      found.push({ node: call, value: arg0 });
    if (
      (method === 'set' || method === 'setHeader' || method === 'header') &&
      typeof arg0 === 'string' &&
      arg0.toLowerCase() === 'content-type'
    ) {
      const v = call.arguments[1] && facts.constantOf(call.arguments[1])?.value;
      if (typeof v === 'string') found.push({ node: call, value: v });
    }
    if (method === 'writeHead') {
      for (const a of call.arguments) {
        const o = unwrap(a);
        if (o.type !== 'ObjectExpression') continue;
        for (const p of o.properties) {
          if (
            p.type === 'Property' &&
            /^content-type$/i.test(
              p.key.type === 'Literal' ? String(p.key.value) : p.key.type === 'Identifier' ? p.key.name : '',
            )
          ) {
            const v = facts.constantOf(p.value)?.value;
            if (typeof v === 'string') found.push({ node: call, value: v });
          }
        }
      }
    }
  }
  for (const assignment of facts.nodesOfTypeWithin('AssignmentExpression', fn)) {
    const left = unwrap(assignment.left);
    if (
      left.type === 'MemberExpression' &&
      propertyName(left) === 'type' &&
      memberRoot(left.object).type === 'Identifier' &&
      (memberRoot(left.object) as TSESTree.Identifier).name === root.name
    ) {
      const v = facts.constantOf(assignment.right)?.value;
      if (typeof v === 'string') found.push({ node: assignment, value: v });
    }
  }
  if (found.length === 0) return undefined;
  // The header set last before the sink on the sink's own path wins: a handler with
  // `if (json) { res.writeHead(200, {'Content-Type': 'application/json'}); … return; }` then
  // `res.writeHead(200, {'Content-Type': 'text/html'}); res.end(html)` answers HTML at the second sink.
  // Set on the sink's own chain: `reply.type('text/html').send(html)`.
  const chained = found.find(
    ({ node }) => node !== sink && sink.range[0] <= node.range[0] && node.range[1] <= sink.range[1],
  );
  if (chained) return chained.value;
  let onPath: string | undefined;
  let at = -1;
  for (const { node, value } of found) {
    if (node.range[1] > sink.range[0] || node.range[0] < at) continue;
    const container = enclosingStatementList(facts, node);
    if (container && container.range[0] <= sink.range[0] && sink.range[1] <= container.range[1]) {
      onPath = value;
      at = node.range[0];
    }
  }
  if (onPath !== undefined) return onPath;
  // Otherwise (set in another branch): the first one the handler sets before the sink. A header set
  // only after the sink (`ctx.body = 'not found'; return;` above `ctx.type = 'html'`) does not apply to it,
  // nor one set in a branch that ends by leaving the handler (`if (!rows) { ctx.type = 'html'; …; return; }`).
  return found.find((f) => f.node.range[0] < sink.range[0] && !exitsBefore(facts, f.node, sink))?.value;
}

/** The statement list holding `node` does not hold `sink` and ends with a `return` or `throw`. */
function exitsBefore(facts: Facts, node: Node, sink: Node): boolean {
  const list = enclosingStatementList(facts, node);
  if (list?.type !== 'BlockStatement' && list?.type !== 'SwitchCase') return false;
  if (list.range[0] <= sink.range[0] && sink.range[1] <= list.range[1]) return false;
  const body = list.type === 'BlockStatement' ? list.body : list.consequent;
  const last = body[body.length - 1];
  return last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement';
}

/**
 * The content type a hapi response object is given along its own chain:
 * `h.response(x).type('text/html')`, `.header('Content-Type', …)`, past `.code(…)` and the like.
 */
function hapiContentType(facts: Facts, response: Node): string | undefined {
  let found: string | undefined;
  for (let n: Node = response; ; ) {
    const member = facts.parent(n);
    if (member?.type !== 'MemberExpression' || member.object !== n) return found;
    const call = facts.parent(member);
    if (call?.type !== 'CallExpression' || call.callee !== member) return found;
    const method = propertyName(member);
    const arg0 = call.arguments[0] && facts.constantOf(call.arguments[0])?.value;
    if (method === 'type' && typeof arg0 === 'string') found = arg0;
    if (method === 'header' && typeof arg0 === 'string' && arg0.toLowerCase() === 'content-type') {
      const v = call.arguments[1] && facts.constantOf(call.arguments[1])?.value;
      if (typeof v === 'string') found = v;
    }
    n = call;
  }
}

/** The block (or program / switch case) whose statement list holds this node's statement. */
function enclosingStatementList(facts: Facts, node: Node): Node | undefined {
  for (let n: Node | undefined = facts.parent(node); n; n = facts.parent(n)) {
    if (n.type === 'BlockStatement' || n.type === 'Program' || n.type === 'SwitchCase' || n.type === 'StaticBlock')
      return n;
    if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration')
      return undefined;
  }
  return undefined;
}
