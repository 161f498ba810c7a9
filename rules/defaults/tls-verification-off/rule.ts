// defaults/tls-verification-off: a TLS client that accepts any certificate, or a TLS endpoint that
// still speaks a protocol below TLS 1.2. One pass over the option properties and assignments of the
// file: the option names are TLS's own (`rejectUnauthorized`, `checkServerIdentity`,
// `secureProtocol`, `minVersion`), so the library that receives them (https, tls, axios's agent,
// got's `https`, undici's `connect`, pg/mysql2/knex/TypeORM `ssl`, nodemailer/ioredis/kafkajs
// `tls`) does not need to be known; MongoDB's `tlsAllowInvalidCertificates` and `tlsInsecure`
// mean the same. A committed `.env` setting `NODE_TLS_REJECT_UNAUTHORIZED=0` is read as a config.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import { defineRule } from '../../../server/engine/rule';
import type { Fix, FlowStep, RuleContext } from '../../../server/engine/types';
import { constant, isConfigRead, removalSpan } from '../shared/facts';
import { fallbackOf } from '../shared/objects';
import { TLS_VERIFY_KEYS, usedOptionValues } from '../shared/cross-file';

const LEGACY_PROTOCOL = /^(?:SSLv2|SSLv3|TLSv1|TLSv1_1)_(?:client_|server_)?method$/;
const LEGACY_VERSION = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);
/** Options that turn certificate checks off when true. */
const INSECURE_WHEN_TRUE = new Set([
  'tlsAllowInvalidCertificates',
  'tlsAllowInvalidHostnames',
  'tlsInsecure',
  'sslAllowInvalidCertificates',
  'sslAllowInvalidHostnames',
]);
/** Options that turn certificate checks off when false. */
const INSECURE_WHEN_FALSE = TLS_VERIFY_KEYS;
const ENV_NAME = 'NODE_TLS_REJECT_UNAUTHORIZED';
const ENV_IN_TEXT = /\bNODE_TLS_REJECT_UNAUTHORIZED=["']?0\b/;
/** URL query options of database drivers that switch certificate checks off. */
const INSECURE_URL_OPTION =
  /[?&](?:tlsAllowInvalidCertificates=true|tlsAllowInvalidHostnames=true|tlsInsecure=true|sslValidate=false|sslmode=no-verify|ssl_cert_reqs=CERT_NONE|rejectUnauthorized=false)\b/i;

const URL_GUIDANCE: Fix = {
  title: 'Remove the option from the connection string and pass the CA',
  kind: 'guidance',
  reason:
    "the driver needs the server's CA in its place (tlsCAFile=…, sslrootcert=…, or the client's ca option), which only the deployment knows",
  edits: [],
};
const CA_NOTE =
  'to trust a private or self-signed CA, pass it instead: `ca: fs.readFileSync(process.env.EXTRA_CA_PATH)` (or NODE_EXTRA_CA_CERTS for the whole process)';

export default defineRule({
  meta: {
    id: 'defaults/tls-verification-off',
    title: 'TLS certificate verification off, or a protocol below TLS 1.2',
    summary:
      'A TLS connection accepts any certificate or an obsolete protocol; keep verification on (trust a private CA with `ca:`) and require TLS 1.2 or later.',
    cwe: ['CWE-295', 'CWE-327'],
    ssdf: ['PW.9.1', 'PW.5.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      option:
        '`{{option}}: {{value}}` turns TLS certificate verification off: anyone on the network path can impersonate the server and read or change the traffic. Keep verification on; {{ca}}.',
      envFlag:
        '`{{option}}` is on only when an environment variable or setting says so: wherever it is unset, TLS certificate verification is off. Verify by default and let the variable only add a CA; {{ca}}.',
      env: '`NODE_TLS_REJECT_UNAUTHORIZED = {{value}}` turns certificate verification off for every TLS connection of the process. Remove it; {{ca}}.',
      identity:
        '`checkServerIdentity` accepts every host name: a valid certificate for any other site is accepted for this one. Remove it (Node.js checks the host name by default).',
      url: 'The connection string sets `{{option}}`, which turns certificate verification off for this connection. Remove it; {{ca}}.',
      protocol:
        "`{{option}}: '{{value}}'` allows a TLS version below 1.2 (deprecated by RFC 8996, open to downgrade and known attacks). Require TLS 1.2 or later.",
    },
  },
  check(context) {
    const { facts } = context;
    for (const property of facts.nodesOfType('Property')) {
      if (property.computed) continue;
      const key = propertyKeyName(property.key);
      if (!key) continue;
      if (INSECURE_WHEN_FALSE.has(key) || INSECURE_WHEN_TRUE.has(key))
        checkFlag(context, key, property.value as Node, property);
      else if (key === 'checkServerIdentity') checkIdentity(context, property);
      else if (key === 'secureProtocol' || key === 'minVersion' || key === 'maxVersion')
        checkProtocol(context, key, property.value as Node);
      else if (key === ENV_NAME) checkEnvValue(context, property.value as Node, undefined);
    }
    for (const assignment of facts.nodesOfType('AssignmentExpression')) {
      if (assignment.operator !== '=' || assignment.left.type !== 'MemberExpression') continue;
      const name = propertyName(assignment.left);
      if (name === ENV_NAME) {
        const chain = memberChain(assignment.left);
        if (chain[0] === 'process' && chain[1] === 'env') checkEnvValue(context, assignment.right, assignment);
      } else if (name === 'DEFAULT_MIN_VERSION' || name === 'DEFAULT_MAX_VERSION') {
        checkProtocol(context, name, assignment.right);
      } else if (name && INSECURE_WHEN_FALSE.has(name)) {
        checkFlag(context, name, assignment.right, undefined);
      }
    }
    // A flag's value held by this (config) module and used as the option in another: judged here, at its line.
    for (const [value, use] of usedOptionValues(facts, (sink) => INSECURE_WHEN_FALSE.has(sink))) {
      const holder = facts.parent(value);
      const key = holder?.type === 'Property' && !holder.computed ? propertyKeyName(holder.key) : undefined;
      if (key && (INSECURE_WHEN_FALSE.has(key) || INSECURE_WHEN_TRUE.has(key))) continue; // the pass above judged it
      checkFlag(context, use.sink, value, undefined, use.steps);
    }
    for (const entry of context.config?.entries ?? []) {
      // `.env`: NODE_TLS_REJECT_UNAUTHORIZED=0; package.json scripts and CI files: `NODE_TLS_REJECT_UNAUTHORIZED=0 node …`.
      if (
        (entry.key === ENV_NAME && entry.value.trim() === '0') ||
        (entry.key !== ENV_NAME && ENV_IN_TEXT.test(entry.value))
      ) {
        context.report({
          messageId: 'env',
          data: { value: '0', ca: CA_NOTE },
          span: entry.span,
          docSection: 'Process-wide',
        });
      } else if (INSECURE_URL_OPTION.test(entry.value)) {
        context.report({
          messageId: 'url',
          data: { option: INSECURE_URL_OPTION.exec(entry.value)![0], ca: CA_NOTE },
          span: entry.span,
          docSection: 'Connection strings',
          fixes: [URL_GUIDANCE],
        });
      }
    }
    // Connection strings: `mongodb://…?tlsAllowInvalidCertificates=true`, `postgres://…?sslmode=no-verify`.
    for (const literal of facts.nodesOfType('Literal')) {
      if (typeof literal.value !== 'string' || !literal.value.includes('=')) continue;
      const m = INSECURE_URL_OPTION.exec(literal.value);
      if (m)
        context.report({
          messageId: 'url',
          data: { option: m[0], ca: CA_NOTE },
          span: facts.span(literal),
          docSection: 'Connection strings',
          fixes: [URL_GUIDANCE],
        });
    }
    for (const quasi of facts.nodesOfType('TemplateElement')) {
      const m = INSECURE_URL_OPTION.exec(quasi.value.cooked ?? '');
      if (m)
        context.report({
          messageId: 'url',
          data: { option: m[0], ca: CA_NOTE },
          span: facts.span(quasi),
          docSection: 'Connection strings',
          fixes: [URL_GUIDANCE],
        });
    }
  },
});

function checkFlag(
  context: RuleContext,
  key: string,
  given: Node,
  property: TSESTree.Property | undefined,
  steps?: FlowStep[],
): void {
  const { facts } = context;
  // `function connect({ rejectUnauthorized = false } = {})`: the default a caller gets.
  const value = given.type === 'AssignmentPattern' ? given.right : given;
  const v = constant(facts, value);
  const insecure = INSECURE_WHEN_FALSE.has(key) ? v === false || v === 0 || v === 'false' || v === '0' : v === true;
  const section = 'Clients and agents';
  if (insecure) {
    context.report({
      messageId: 'option',
      data: { option: key, value: String(v), ca: CA_NOTE },
      span: facts.span(value),
      docSection: section,
      fixes: [turnOn(key, value, INSECURE_WHEN_FALSE.has(key) ? 'true' : 'false')],
      ...(steps ? { steps } : {}),
    });
    return;
  }
  // `cfg.verify ?? false`, `process.env.VERIFY_TLS || false`: off wherever the setting is unset.
  const unset = v === undefined ? fallbackOf(facts, value)?.value : undefined;
  const offWhenUnset = unset === false || unset === 0 || unset === 'false' || unset === '0';
  if (INSECURE_WHEN_FALSE.has(key) && (((property || steps) && onlyWhenSet(facts, value)) || offWhenUnset)) {
    context.report({
      messageId: 'envFlag',
      data: { option: key, ca: CA_NOTE },
      span: facts.span(value),
      docSection: section,
      fixes: [turnOn(key, value, 'true')],
      ...(steps ? { steps } : {}),
    });
  }
}

/** `process.env.X === 'true'` / `=== '1'` / `Boolean(process.env.X)`: unset means off. */
function onlyWhenSet(facts: Facts, value: Node, depth = 0): boolean {
  const n = unwrap(value);
  if (n.type === 'Identifier' && depth < 3) {
    // `const verify = process.env.X === 'true'; … rejectUnauthorized: verify`
    const init = facts.singleInit(n);
    return init !== undefined && onlyWhenSet(facts, init, depth + 1);
  }
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const [env, lit] = isEnvRead(n.left) ? [n.left, n.right] : [n.right, n.left];
    return isEnvRead(env) && (constant(facts, lit) === 'true' || constant(facts, lit) === '1');
  }
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'Boolean' && n.arguments[0])
    return isEnvRead(n.arguments[0] as Node);
  if (n.type === 'UnaryExpression' && n.operator === '!' && unwrap(n.argument).type === 'UnaryExpression')
    return isEnvRead((unwrap(n.argument) as TSESTree.UnaryExpression).argument);
  return false;
}

function isEnvRead(node: Node): boolean {
  const chain = memberChain(node);
  if (chain[0] === 'process' && chain[1] === 'env' && chain.length === 3) return true;
  return isConfigRead(node);
}

function turnOn(key: string, value: Node, secure: 'true' | 'false'): Fix {
  return {
    title: `Turn certificate verification back on (${key}: ${secure})`,
    kind: 'needs-review',
    preferred: true,
    changes: `connections to a server whose certificate does not verify now fail; ${CA_NOTE}`,
    edits: [{ span: { start: value.range[0], end: value.range[1] }, newText: secure }],
  };
}

function checkIdentity(context: RuleContext, property: TSESTree.Property): void {
  const { facts } = context;
  const fn = functionValueOf(facts, property.value as Node);
  if (!fn) return;
  if (!acceptsEverything(facts, fn)) return;
  const object = facts.parent(property);
  const fixes: Fix[] =
    object?.type === 'ObjectExpression' && unwrap(property.value as Node) === fn
      ? [
          {
            title: 'Remove the checkServerIdentity override',
            kind: 'needs-review',
            preferred: true,
            changes: 'a certificate issued for another host name is now refused',
            edits: [{ span: removalSpan(context.text, object, property), newText: '' }],
          },
        ]
      : [];
  context.report({ messageId: 'identity', span: facts.span(property), docSection: 'Clients and agents', fixes });
}

/** The function a value is: written in place, or a function (or const arrow) declared in this file. */
function functionValueOf(
  facts: Facts,
  value: Node,
): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration | undefined {
  const n = unwrap(value);
  if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return n;
  if (n.type !== 'Identifier') return undefined;
  const def = facts.variableOf(n)?.defs[0];
  if (def?.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') return def.node;
  if (def?.type === 'Variable' && def.node.init) {
    const init = unwrap(def.node.init);
    if (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression') return init;
  }
  return undefined;
}

/** A host-name check that never fails: it returns nothing (or only null/undefined) and throws nothing. */
function acceptsEverything(
  facts: Facts,
  fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration,
): boolean {
  if (fn.body.type !== 'BlockStatement') {
    const v = facts.constantOf(fn.body);
    return v !== undefined && (v.value === undefined || v.value === null);
  }
  if (facts.nodesOfTypeWithin('ThrowStatement', fn.body).length > 0) return false;
  if (facts.nodesOfTypeWithin('CallExpression', fn.body).length > 0) return false; // it delegates (tls.checkServerIdentity) or logs and decides
  return facts
    .nodesOfTypeWithin('ReturnStatement', fn.body)
    .every(
      (r) =>
        !r.argument ||
        ((v) => v !== undefined && (v.value === undefined || v.value === null))(facts.constantOf(r.argument)),
    );
}

function checkProtocol(context: RuleContext, option: string, value: Node): void {
  const { facts } = context;
  const v = constant(facts, value);
  if (typeof v !== 'string') return;
  const legacy = option === 'secureProtocol' ? LEGACY_PROTOCOL.test(v) : LEGACY_VERSION.has(v);
  if (!legacy) return;
  const replacement =
    option === 'secureProtocol'
      ? 'TLS_method'
      : option.includes('MAX') || option === 'maxVersion'
        ? 'TLSv1.3'
        : 'TLSv1.2';
  const quote = context.text[value.range[0]] === '"' ? '"' : "'";
  const literal = unwrap(value).type === 'Literal';
  context.report({
    messageId: 'protocol',
    data: { option, value: v },
    span: facts.span(value),
    docSection: 'Protocol versions',
    fixes: literal
      ? [
          {
            title: `Require TLS 1.2 or later (${option}: '${replacement}')`,
            kind: 'needs-review',
            preferred: true,
            changes: 'peers that only speak TLS 1.1 or older can no longer connect',
            edits: [
              { span: { start: value.range[0], end: value.range[1] }, newText: `${quote}${replacement}${quote}` },
            ],
          },
        ]
      : [],
  });
}

function checkEnvValue(context: RuleContext, value: Node, assignment: TSESTree.AssignmentExpression | undefined): void {
  const { facts } = context;
  const v = constant(facts, value);
  if (v !== '0' && v !== 0) return;
  const statement = assignment && facts.parent(assignment);
  const fixes: Fix[] =
    statement?.type === 'ExpressionStatement'
      ? [
          {
            title: 'Remove the process-wide switch that turns verification off',
            kind: 'needs-review',
            preferred: true,
            changes: `every TLS connection of the process verifies certificates again; ${CA_NOTE}`,
            edits: [{ span: lineSpan(context.text, statement), newText: '' }],
          },
        ]
      : [];
  context.report({
    messageId: 'env',
    data: { value: typeof v === 'string' ? `'${v}'` : String(v), ca: CA_NOTE },
    span: facts.span(assignment ?? value),
    docSection: 'Process-wide',
    fixes,
  });
}

/** A statement's span, with its whole line when it stands alone on it. */
function lineSpan(text: string, node: Node): { start: number; end: number } {
  const lineStart = text.lastIndexOf('\n', node.range[0] - 1) + 1;
  const lineEnd = text.indexOf('\n', node.range[1]);
  if (
    /^\s*$/.test(text.slice(lineStart, node.range[0])) &&
    lineEnd >= 0 &&
    /^\s*$/.test(text.slice(node.range[1], lineEnd))
  )
    return { start: lineStart, end: lineEnd + 1 };
  return { start: node.range[0], end: node.range[1] };
}
