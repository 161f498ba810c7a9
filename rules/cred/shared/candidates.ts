// The one classifier of the credentials family: every string literal of a document is looked at
// once, with its context (the name it is assigned to, the call it is passed to, the file it sits
// in), and gets at most one verdict. Each cred/ rule reports the verdicts of its own kind, so a
// literal is never reported twice and the precedence is decided in one place:
//   known token format > connection string > default password > secret sink > secret-shaped name.

import type { TSESTree } from '@typescript-eslint/types';
import {
  assignedName,
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import type { Confidence, FlowStep, RuleContext, Span } from '../../../server/engine/types';
import { maskSecret } from '../../../server/engine/mask';
import { findTokens, shannonEntropy, type TokenMatch } from '../../../server/engine/secret-formats';
import { envNameOf, qualifierWords, secretNameKind, wordsOf, type SecretNameKind } from './names';
import { SECRET_SINKS, sinkMatches, type SecretSink } from './sinks';
import { isDefaultPassword, isPlaceholder, looksChosen, notASecret } from './values';
import { classifyConfig } from './config-files';
import { findMnemonic } from './mnemonic';
import { exportedValue, sinkCallOrigin, sinkNamed, sinkValues } from './cross-file';

export type CandidateKind = 'provider' | 'connection' | 'default' | 'sink' | 'named';
export type FileKind = 'source' | 'test' | 'example' | 'seed';

export interface Candidate {
  kind: CandidateKind;
  /** The code literal (absent for a config file's value). */
  literal?: Node;
  /** The secret-bearing literal: the finding's span, which every front door masks. */
  span: Span;
  value: string;
  masked: string;
  /** "GitHub token", "the JWT signing key", "`dbPassword`". */
  what: string;
  envName: string;
  /** The replacement that moves the secret to the environment, when the literal is the whole secret. */
  replacement?: { span: Span; text: string };
  /** Why no automatic fix is offered. */
  manual?: string;
  fileKind: FileKind;
  confidence: Confidence;
  steps: FlowStep[];
  token?: TokenMatch;
  sink?: SecretSink;
  nameKind?: SecretNameKind;
  name?: string;
  /** For low-risk token variants: why it is lower risk. */
  lowRisk?: string;
  /** A config file's finding: the paved road for that kind of file (the message says it instead of process.env). */
  advice?: string;
  /** The fix's title when it is not "read it from process.env" (Compose substitution). */
  fixTitle?: string;
  /** The variable is one the code already reads (`process.env.X || '…'`): its name is not ours to change. */
  envFromCode?: boolean;
}

/** The credential candidates of the document, found once per analysis and shared by the family's rules. */
export function credentialCandidates(context: RuleContext): Candidate[] {
  if (context.config) {
    const config = context.config;
    return context.facts.derive('cred/config-candidates', () => distinctEnvNames(classifyConfig(context, config)));
  }
  return context.facts.derive('cred/candidates', () =>
    distinctEnvNames(classifyAll(context), guardedNames(context.facts)),
  );
}

/**
 * Two different secrets of one file must not be moved into one variable (a primary and a replica
 * database password both named DB_PASSWORD would silently become the same password when fixed
 * together): the second distinct value gets DB_PASSWORD_2. The same value twice keeps one name.
 * A variable the code already reads (`process.env.X || '…'`) keeps its name.
 */
function distinctEnvNames(found: Candidate[], alreadyMoved: readonly string[] = []): Candidate[] {
  // Names an earlier fix already moved a secret to (one fix at a time, as an editor applies them).
  const owner = new Map<string, string>(alreadyMoved.map((name) => [name, '\0moved']));
  const used = new Set([...found.map((c) => c.envName), ...alreadyMoved]);
  for (const c of found) {
    if (!c.replacement) continue;
    const previous = owner.get(c.envName);
    if (previous === undefined || c.envFromCode) {
      owner.set(c.envName, c.value);
      continue;
    }
    if (previous === c.value) continue;
    let n = 2;
    while (used.has(`${c.envName}_${n}`)) n++;
    const renamed = `${c.envName}_${n}`;
    used.add(renamed);
    owner.set(renamed, c.value);
    c.replacement = { span: c.replacement.span, text: replaceWord(c.replacement.text, c.envName, renamed) };
    if (c.advice) c.advice = replaceWord(c.advice, c.envName, renamed);
    if (c.fixTitle) c.fixTitle = replaceWord(c.fixTitle, c.envName, renamed);
    c.envName = renamed;
  }
  return found;
}

/** `requireEnv('NAME')` calls in the file: variables an earlier move-to-environment fix created. */
function guardedNames(facts: Facts): string[] {
  const out: string[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const arg = call.arguments[0];
    if (
      call.callee.type === 'Identifier' &&
      call.callee.name === 'requireEnv' &&
      arg?.type === 'Literal' &&
      typeof arg.value === 'string'
    )
      out.push(arg.value);
  }
  return out;
}

/** `text` with every whole-word `from` (not part of a longer name) replaced by `to`. */
function replaceWord(text: string, from: string, to: string): string {
  const word = (ch: string | undefined): boolean => ch !== undefined && /[A-Za-z0-9_]/.test(ch);
  let out = '';
  let at = 0;
  for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + from.length)) {
    if (word(text[i - 1]) || word(text[i + from.length])) continue;
    out += text.slice(at, i) + to;
    at = i + from.length;
  }
  return out + text.slice(at);
}

/**
 * What kind of file this is, from its name and nearest folders (never from far ancestors: a
 * checkout under `~/tests/shop/` is not a test suite) and, for test folders, from its content.
 */
export function fileKindOf(file: string, text = ''): FileKind {
  const parts = file.replace(/\\/g, '/').split('/');
  const name = parts[parts.length - 1];
  const near = parts.slice(-3, -1).map((p) => p.toLowerCase());
  if (
    /\.(test|spec|e2e|cy|stories)\.[cm]?[jt]sx?$/i.test(name) ||
    /^(setupTests|jest\.setup|vitest\.setup|test-utils?)\.[cm]?[jt]sx?$/i.test(name)
  )
    return 'test';
  // Test runners' own configs (`playwright.config.js` starting the app with a throwaway session secret).
  if (/^(?:playwright|cypress|jest|vitest|karma|wdio|nightwatch)\.conf(?:ig)?(?:\.[\w-]+)?\.[cm]?[jt]s$/i.test(name))
    return 'test';
  if (near.some((p) => /^(__tests__|__mocks__|__fixtures__|fixtures?|mocks?)$/.test(p))) return 'test';
  const testFolder = parts.slice(-5, -1).some((p) => /^(tests?|specs?|e2e|cypress|playwright)$/i.test(p));
  if (testFolder && /\b(?:describe|it|test|beforeEach|beforeAll|expect)\s*\(/.test(text)) return 'test';
  if (
    near.some((p) => /^(examples?|docs?|samples?|demos?|snippets|tutorials?|storybook)$/.test(p)) ||
    /[./-](example|sample)\.[cm]?[jt]sx?$/i.test(name)
  )
    return 'example';
  if (near.some((p) => /^(seeds?|seeders?)$/.test(p)) || /(^|[./-])seeds?\.[cm]?[jt]sx?$/i.test(name)) return 'seed';
  return 'source';
}

// ---------------------------------------------------------------- literal context

export interface Position {
  /** The name the value is given (variable, property, parameter, JSX attribute, header). */
  name?: string;
  /** Container words around the name (`stripeConfig` for `stripeConfig.secret`), for the env name. */
  qualifiers: string[];
  /** The value is compared with (`password === 'x'`), not assigned. */
  compared?: boolean;
  /** `process.env.X || 'literal'`: the fallback's environment variable and the whole expression. */
  fallback?: { env: string; node: Node };
  /** The literal is a JSX attribute value (the fix must add braces). */
  jsx?: boolean;
  /** The outermost object literal the value sits in, and the call it is passed to. */
  objectCall?: TSESTree.CallExpression | TSESTree.NewExpression;
  optionKey?: string;
  /** Siblings of the property, for context such as a Firebase web config. */
  siblingKeys?: string[];
  /** The object literal whose keys are the siblings (code; config files give `siblingKeys`). */
  siblingsOf?: TSESTree.ObjectExpression;
  /** `'Basic ' + Buffer.from('user:pass').toString('base64')`: the literal is the raw `user:pass`. */
  basicRaw?: boolean;
}

/**
 * `Buffer.from(x).toString('base64')` or `btoa(x)` whose result follows `'Basic '` (concatenated or
 * in a template): `x` is a basic-auth `user:password` pair.
 */
function basicAuthEncoding(facts: Facts, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = memberChain(call.callee).join('.');
  let encoded: Node | undefined;
  if (callee === 'btoa' || callee === 'window.btoa') encoded = call;
  else if (callee === 'Buffer.from') {
    const member = facts.parent(call);
    const toString = member && facts.parent(member);
    if (
      member?.type === 'MemberExpression' &&
      propertyName(member) === 'toString' &&
      toString?.type === 'CallExpression' &&
      toString.arguments[0]?.type === 'Literal' &&
      toString.arguments[0].value === 'base64'
    )
      encoded = toString;
  }
  if (!encoded) return false;
  const outer = facts.parent(encoded);
  if (outer?.type === 'BinaryExpression' && outer.operator === '+' && outer.right === encoded) {
    return (
      outer.left.type === 'Literal' && typeof outer.left.value === 'string' && /^basic\s+$/i.test(outer.left.value)
    );
  }
  if (outer?.type === 'TemplateLiteral') {
    const i = outer.expressions.indexOf(encoded as TSESTree.Expression);
    return i >= 0 && /(?:^|\s)basic\s+$/i.test(outer.quasis[i].value.cooked ?? '');
  }
  return false;
}

const WRAPPERS = new Set([
  'TSAsExpression',
  'TSNonNullExpression',
  'TSSatisfiesExpression',
  'TSTypeAssertion',
  'ParenthesizedExpression',
]);

function isProcessEnv(node: Node): string | undefined {
  const chain = memberChain(node);
  return chain.length === 3 && chain[0] === 'process' && chain[1] === 'env' && chain[2] !== '*' ? chain[2] : undefined;
}

function literalContextOf(facts: Facts, literal: Node): Position {
  const pos: Position = { qualifiers: [] };
  let child: Node = literal;
  let parent = facts.parent(child);
  for (let i = 0; parent && i < 8; i++) {
    if (WRAPPERS.has(parent.type) || parent.type === 'ChainExpression') {
      child = parent;
      parent = facts.parent(child);
      continue;
    }
    if (
      parent.type === 'LogicalExpression' &&
      parent.right === child &&
      (parent.operator === '||' || parent.operator === '??')
    ) {
      const env = isProcessEnv(parent.left);
      if (env && !pos.fallback) pos.fallback = { env, node: parent };
      child = parent;
      parent = facts.parent(child);
      continue;
    }
    if (parent.type === 'ConditionalExpression' && parent.test !== child) {
      child = parent;
      parent = facts.parent(child);
      continue;
    }
    if (parent.type === 'JSXExpressionContainer') {
      child = parent;
      parent = facts.parent(child);
      continue;
    }
    break;
  }
  if (!parent) return pos;
  switch (parent.type) {
    case 'VariableDeclarator':
      if (parent.init === child && parent.id.type === 'Identifier') pos.name = parent.id.name;
      break;
    case 'AssignmentExpression':
      if (parent.right === child) {
        pos.name = assignedName(parent.left);
        const left = unwrap(parent.left);
        if (left.type === 'MemberExpression')
          pos.qualifiers = memberChain(left.object).filter((p) => p !== '*' && p !== 'this');
        const env = isProcessEnv(parent.left);
        if (env) pos.name = env;
      }
      break;
    case 'PropertyDefinition':
      if (parent.value === child) pos.name = propertyKeyName(parent.key);
      break;
    case 'AssignmentPattern':
      if (parent.right === child) pos.name = assignedName(parent.left);
      break;
    case 'JSXAttribute':
      if (parent.name.type === 'JSXIdentifier') pos.name = parent.name.name;
      pos.jsx = child === literal;
      break;
    case 'BinaryExpression':
      if (['===', '==', '!==', '!='].includes(parent.operator)) {
        const other = parent.left === child ? parent.right : parent.left;
        pos.name = assignedName(other as Node);
        pos.compared = true;
      }
      break;
    case 'Property': {
      if (parent.value !== child) break;
      pos.name = propertyKeyName(parent.key);
      const object = facts.parent(parent);
      if (object?.type === 'ObjectExpression') {
        // Siblings give context (a Firebase web config); a generated object with thousands of keys gives none.
        // Read only when a token is found (isFirebaseWebConfig), so kept as the object, not its keys.
        if (object.properties.length <= 64) pos.siblingsOf = object;
        pos.optionKey = pos.name;
        // Climb nested option objects to the call that receives them, collecting container names.
        let outer: Node = object;
        let up = facts.parent(outer);
        for (let depth = 0; up && depth < 6; depth++) {
          if (up.type === 'Property' && up.value === outer) {
            const key = propertyKeyName(up.key);
            if (key) pos.qualifiers.unshift(key);
            outer = facts.parent(up)!;
            up = outer && facts.parent(outer);
            continue;
          }
          if (up.type === 'ArrayExpression') {
            outer = up;
            up = facts.parent(up);
            continue;
          }
          break;
        }
        if (
          up &&
          (up.type === 'CallExpression' || up.type === 'NewExpression') &&
          up.arguments.includes(outer as TSESTree.CallExpressionArgument)
        ) {
          pos.objectCall = up;
          // `new GoogleStrategy({ clientSecret })` names the secret's owner; `User.create({…})` does not.
          if (up.type === 'NewExpression') pos.qualifiers.unshift(...memberChain(up.callee).filter((p) => p !== '*'));
        } else if (up?.type === 'VariableDeclarator' && up.id.type === 'Identifier') {
          pos.qualifiers.unshift(up.id.name);
        } else if (up?.type === 'AssignmentExpression') {
          pos.qualifiers.unshift(...memberChain(up.left).filter((p) => p !== '*' && p !== 'module' && p !== 'exports'));
        } else if (up?.type === 'ExportDefaultDeclaration' || up?.type === 'ReturnStatement') {
          pos.qualifiers.unshift('config');
        }
      }
      break;
    }
    case 'CallExpression':
    case 'NewExpression': {
      // Header setters: res.setHeader('X-Api-Key', '…'), headers.set('Authorization', '…').
      const method = parent.callee.type === 'MemberExpression' ? propertyName(parent.callee) : undefined;
      const index = parent.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      if (index === 1 && method && /^(set|setHeader|header|append|setRequestHeader)$/.test(method)) {
        const first = parent.arguments[0];
        if (first.type === 'Literal' && typeof first.value === 'string') pos.name = first.value;
      }
      if (index === 0 && basicAuthEncoding(facts, parent)) {
        pos.name = 'Authorization';
        pos.basicRaw = true;
      }
      break;
    }
  }
  return pos;
}

/** The literal a sink argument stands for: itself, a single-assignment constant, a const object's property. */
function literalBehind(facts: Facts, node: Node, depth = 0): Node | undefined {
  const n = unwrap(node);
  if (depth > 4) return undefined;
  if (stringLiteralValue(n) !== undefined) return n;
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??'))
    return literalBehind(facts, n.right, depth + 1);
  if (n.type === 'CallExpression' && memberChain(n.callee).join('.') === 'Buffer.from' && n.arguments[0])
    return literalBehind(facts, n.arguments[0], depth + 1);
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    if (!variable || !facts.isSingleAssignment(variable)) return undefined;
    const def = variable.defs[0];
    if (def?.type === 'Variable' && def.node.init && def.node.id.type === 'Identifier')
      return literalBehind(facts, def.node.init, depth + 1);
    return undefined;
  }
  if (n.type === 'MemberExpression' && n.object.type === 'Identifier') {
    const name = propertyName(n);
    const variable = facts.variableOf(n.object);
    if (!name || !variable || !facts.isSingleAssignment(variable)) return undefined;
    const def = variable.defs[0];
    if (def?.type !== 'Variable' || !def.node.init) return undefined;
    const init = unwrap(def.node.init);
    if (init.type !== 'ObjectExpression') return undefined;
    for (const p of init.properties) {
      if (p.type === 'Property' && !p.computed && propertyKeyName(p.key) === name)
        return literalBehind(facts, p.value, depth + 1);
    }
  }
  return undefined;
}

function stringLiteralValue(node: Node): string | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** Literals that are syntax, not values: module specifiers, directives, keys, types. */
function isStructural(facts: Facts, node: Node): boolean {
  const parent = facts.parent(node);
  if (!parent) return true;
  switch (parent.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
    case 'ImportExpression':
    case 'TSLiteralType':
    case 'TSExternalModuleReference':
    case 'TSModuleDeclaration':
    case 'TaggedTemplateExpression':
    case 'ImportAttribute':
    case 'TSEnumMember':
      return parent.type !== 'TSEnumMember' || (parent as TSESTree.TSEnumMember).id === node;
    case 'ExpressionStatement':
      return true;
    case 'Property':
      return parent.key === node && !parent.computed;
    case 'PropertyDefinition':
    case 'MethodDefinition':
      return (parent as { key: Node }).key === node;
    case 'CallExpression':
      return parent.callee.type === 'Identifier' && parent.callee.name === 'require';
    default:
      return false;
  }
}

// ---------------------------------------------------------------- classification

interface SinkHit {
  sink: SecretSink;
  call?: Node;
  via?: Node;
  /** Uses in other modules (the value is exported and used there: `Facts.secretUses`). */
  steps?: FlowStep[];
}

/** The literals behind this module's exports that other modules use at a secret sink, with a step per use. */
function crossFileHits(facts: Facts, hits: Map<Node, SinkHit>): void {
  for (const use of facts.secretUses ?? []) {
    const sink = sinkNamed(use.sink);
    const value = sink && exportedValue(facts, use.name);
    if (!sink || !value) continue;
    // A list used whole where each element is a key (`app.keys = config.cookieKeys`): each literal of it.
    const list = sink.property !== undefined && value.type === 'ArrayExpression' ? value.elements.slice(0, 8) : [value];
    for (const element of list) {
      const literal = element && element.type !== 'SpreadElement' ? literalBehind(facts, element) : undefined;
      if (!literal) continue;
      const hit = hits.get(literal) ?? { sink };
      hits.set(literal, hit);
      hit.steps ??= [];
      if (hit.steps.length < 5)
        hit.steps.push({
          span: { start: use.at.start, end: use.at.end },
          message: `used as ${sink.what} here`,
          file: use.file,
          range: { line: use.at.line, column: use.at.column, endLine: use.at.endLine, endColumn: use.at.endColumn },
        });
    }
  }
}

function sinkHits(facts: Facts): Map<Node, SinkHit> {
  const hits = new Map<Node, SinkHit>();
  sinkValues(facts, (arg, sink, call) => {
    if (call.type !== 'AssignmentExpression' && sink.role === 'password' && sqliteConnection(facts, call)) return;
    const literal = literalBehind(facts, arg);
    // An option written as the literal itself is judged where it is (optionSink), as before.
    if (
      literal === unwrap(arg) &&
      call.type !== 'AssignmentExpression' &&
      !call.arguments.includes(arg as TSESTree.CallExpressionArgument)
    )
      return;
    if (literal && !hits.has(literal))
      hits.set(literal, { sink, call, ...(literal !== unwrap(arg) ? { via: arg } : {}) });
  });
  return hits;
}

/**
 * `new Sequelize('database', 'username', 'password', { dialect: 'sqlite' })`: SQLite is a file with
 * no login, so the user and password arguments are ignored words, not credentials.
 */
function sqliteConnection(facts: Facts, call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return call.arguments.some((a) => {
    const arg = unwrap(a as Node);
    if (arg.type !== 'ObjectExpression') return false;
    return arg.properties.some(
      (p) =>
        p.type === 'Property' &&
        propertyKeyName(p.key) === 'dialect' &&
        facts.constantOf(p.value as Node)?.value === 'sqlite',
    );
  });
}

function optionSink(facts: Facts, pos: Position): SecretSink | undefined {
  if (!pos.objectCall || !pos.optionKey) return undefined;
  if (sqliteConnection(facts, pos.objectCall)) return undefined;
  const call = pos.objectCall;
  const origin = sinkCallOrigin(facts, call, call.arguments.length >= 2 ? (call.arguments[1] as Node) : undefined);
  if (!origin) return undefined;
  return SECRET_SINKS.find((s) => s.options?.includes(pos.optionKey!) && sinkMatches(s, origin.module, origin.path));
}

const CONNECTION = /^([a-z][a-z0-9+.-]*):\/\/([^\s:@/?#]*):([^\s@/?#]+)@([^\s/?#]*)/i;
const CONNECTION_ENV: Record<string, string> = {
  postgres: 'DATABASE_URL',
  postgresql: 'DATABASE_URL',
  mysql: 'DATABASE_URL',
  mariadb: 'DATABASE_URL',
  mssql: 'DATABASE_URL',
  sqlserver: 'DATABASE_URL',
  oracle: 'DATABASE_URL',
  cockroachdb: 'DATABASE_URL',
  mongodb: 'MONGODB_URI',
  'mongodb+srv': 'MONGODB_URI',
  redis: 'REDIS_URL',
  rediss: 'REDIS_URL',
  amqp: 'AMQP_URL',
  amqps: 'AMQP_URL',
  smtp: 'SMTP_URL',
  smtps: 'SMTP_URL',
  nats: 'NATS_URL',
  ftp: 'FTP_URL',
  sftp: 'SFTP_URL',
  ldap: 'LDAP_URL',
  ldaps: 'LDAP_URL',
};
const CONNECTION_PLACEHOLDER =
  /^(?:password|pass|passwd|pwd|secret|your[-_]?password|my[-_]?password|yourpassword|mypassword|changeme|<[^>]*>|\{[^}]*\}|%[a-z]?|\$\w+|x+|\*+|:\w+|\.\.\.)$/i;

function connectionIn(value: string): { scheme: string; user: string; password: string } | undefined {
  const m = CONNECTION.exec(value.startsWith('jdbc:') ? value.slice(5) : value);
  if (!m) return undefined;
  let password = m[3];
  try {
    password = decodeURIComponent(password);
  } catch {
    /* keep as written */
  }
  return { scheme: m[1].toLowerCase(), user: m[2], password };
}

function classifyAll(context: RuleContext): Candidate[] {
  const { facts } = context;
  const fileKind = fileKindOf(context.file, context.text);
  const ignoreNames = context.knowledge.secretNamesToIgnore ?? [];
  const hits = sinkHits(facts);
  crossFileHits(facts, hits);
  const out: Candidate[] = [];
  const literals: Node[] = [
    ...facts.nodesOfType('Literal').filter((n) => typeof n.value === 'string'),
    ...facts.nodesOfType('TemplateLiteral'),
  ];
  for (const literal of literals) {
    if (isStructural(facts, literal)) continue;
    const candidate = classify(context, literal, fileKind, ignoreNames, hits.get(literal));
    if (candidate) out.push(candidate);
  }
  out.sort((a, b) => a.span.start - b.span.start);
  return out;
}

function classify(
  context: RuleContext,
  literal: Node,
  fileKind: FileKind,
  ignoreNames: readonly string[],
  hit: SinkHit | undefined,
): Candidate | undefined {
  const { facts } = context;
  const exact = stringLiteralValue(literal);
  // A template with interpolations: only its first constant part can hold a connection string's password.
  const value = exact ?? (literal.type === 'TemplateLiteral' ? (literal.quasis[0].value.cooked ?? '') : '');
  if (!value || value.length > 100_000) return undefined;
  const span = facts.span(literal);
  const pos = literalContextOf(facts, literal);
  const site: Site = {
    literal,
    value,
    exact: exact !== undefined,
    span,
    pos,
    steps: hit?.steps ? [...hit.steps] : [],
    sink: exact !== undefined ? (hit?.sink ?? optionSink(facts, pos)) : undefined,
    replaceWith: (env) =>
      pos.fallback
        ? { span: facts.span(pos.fallback.node), text: `process.env.${pos.fallback.env}` }
        : { span, text: pos.jsx ? `{process.env.${env}}` : `process.env.${env}` },
  };
  if (hit?.call) site.sinkStep = { span: facts.span(hit.call), message: `used as ${hit.sink.what} here` }; // not a spread: see decide()
  return decide(site, fileKind, ignoreNames);
}

/** One value to judge, wherever it was found (a code literal, a config file's value). */
export interface Site {
  literal?: Node;
  value: string;
  /** The whole value is known (not the first part of a template with interpolations). */
  exact: boolean;
  span: Span;
  pos: Position;
  steps: FlowStep[];
  sink?: SecretSink;
  /** Where the value is used as a key or password (added to the steps of a sink finding). */
  sinkStep?: FlowStep;
  /** The edit that puts an environment lookup where the value is; undefined = no automatic fix here. */
  replaceWith?: (env: string) => { span: Span; text: string } | undefined;
  /** Why no automatic fix is offered for this site (config files). */
  manual?: string;
}

/** The verdict on one value. Pure: everything it needs about the value's context is in `site`. */
export function decide(site: Site, fileKind: FileKind, ignoreNames: readonly string[]): Candidate | undefined {
  const { value, span, pos, sink } = site;
  const exact = site.exact ? value : undefined;
  // Built by assignment, not with conditional spreads: this runs for every string literal of every
  // file, and the spreads took V8's slow object-copy path (~6 µs a call, a third of the cred family).
  const base: {
    literal?: Node;
    span: Span;
    value: string;
    fileKind: FileKind;
    steps: FlowStep[];
    name?: string;
    envFromCode?: boolean;
  } = { span, value, fileKind, steps: site.steps, name: pos.name };
  if (site.literal) base.literal = site.literal;
  if (pos.fallback) base.envFromCode = true;
  const replaceWith = (env: string): { replacement: { span: Span; text: string } } | { manual: string } => {
    const replacement = site.replaceWith?.(env);
    return replacement ? { replacement } : { manual: site.manual ?? 'no automatic fix here' };
  };

  // 1. Known token formats, wherever they are.
  if (exact !== undefined) {
    const tokens = findTokens(value);
    const token = tokens.find((t) => t.check !== 'invalid') ?? tokens[0];
    if (token && isFirebaseWebConfig(token, pos)) return undefined;
    if (token) {
      const lowRisk = token.format.lowRisk?.(token.token);
      const skip =
        (fileKind === 'test' && (token.check === 'invalid' || lowRisk || token.format.id === 'jwt')) ||
        (fileKind === 'example' && token.check === 'invalid');
      if (!skip) {
        const whole = token.token === value.trim();
        const bearer =
          !whole &&
          /^(Bearer|Token|token|Bot) $/.test(value.slice(0, token.index)) &&
          token.index + token.token.length === value.length;
        const env = pos.fallback?.env ?? token.format.envName;
        return {
          ...base,
          kind: 'provider',
          token,
          lowRisk,
          masked: maskSecret(token.token, token.format.prefix(token.token)),
          what: token.format.name,
          envName: env,
          ...(fileKind === 'test'
            ? { manual: 'test data' }
            : whole || site.replaceWith === undefined
              ? replaceWith(env)
              : bearer && !pos.jsx && site.replaceWith !== undefined
                ? { replacement: { span, text: `\`${value.slice(0, token.index)}\${process.env.${env}}\`` } }
                : { manual: 'the string holds more than the token' }),
          confidence: token.check === 'valid' ? 'high' : token.check === 'invalid' || lowRisk ? 'low' : 'high',
        };
      }
    }
  }

  // 1a. A wallet recovery phrase (BIP-39, checksum verified), wherever it is: the phrase is the wallet.
  const phrase = exact !== undefined && fileKind !== 'test' && fileKind !== 'example' ? findMnemonic(value) : undefined;
  if (phrase) {
    const text = value.slice(phrase.index, phrase.index + phrase.length);
    const env = pos.fallback?.env ?? 'WALLET_MNEMONIC';
    return {
      ...base,
      kind: 'provider',
      masked: maskSecret(text, ''),
      what: `BIP-39 wallet recovery phrase (${phrase.words} words)`,
      envName: env,
      ...(text === value.trim() ? replaceWith(env) : { manual: 'the string holds more than the phrase' }),
      confidence: 'high',
    };
  }

  // 1b. An AWS secret access key: 40 characters of base64 under an AWS secret's name.
  if (
    exact !== undefined &&
    pos.name &&
    /^[A-Za-z0-9/+]{40}$/.test(value) &&
    /secret_?access_?key|aws_?secret/i.test(pos.name.replace(/[-\s]/g, '_')) &&
    fileKind !== 'test' &&
    !isPlaceholder(value) &&
    !/EXAMPLE/.test(value) &&
    shannonEntropy(value) > 4
  ) {
    const env = pos.fallback?.env ?? 'AWS_SECRET_ACCESS_KEY';
    return {
      ...base,
      kind: 'provider',
      masked: maskSecret(value),
      what: 'AWS secret access key',
      envName: env,
      ...replaceWith(env),
      confidence: 'high',
    };
  }

  // 2. Connection strings with an embedded password.
  const connection = connectionIn(value);
  if (
    connection &&
    fileKind !== 'test' &&
    !CONNECTION_PLACEHOLDER.test(connection.password) &&
    !isPlaceholder(connection.password) &&
    !(fileKind === 'example' && isDefaultPassword(connection.password))
  ) {
    const nameWords = pos.name ? qualifierWords(pos.name) : [];
    const named = nameWords.length > 1 && nameWords.some((w) => /^(url|uri|dsn|connection|database|db|conn)$/.test(w));
    const env =
      pos.fallback?.env ??
      (named ? envNameOf(nameWords) : (CONNECTION_ENV[connection.scheme] ?? envNameOf([connection.scheme, 'url'])));
    return {
      ...base,
      kind: 'connection',
      masked: `${connection.scheme}://${connection.user ? connection.user + ':' : ':'}${maskSecret(connection.password)}@…`,
      what: `${connection.scheme} connection string`,
      envName: env,
      ...(exact !== undefined
        ? replaceWith(env)
        : { manual: 'the URL is built from other values; build it from process.env parts instead' }),
      confidence: 'high',
    };
  }
  if (exact === undefined || fileKind === 'test') return undefined;

  // What the value is named, and which sink receives it. A fallback for `process.env.X` is named X.
  if (pos.fallback && (!pos.name || !secretNameKind(pos.name, ignoreNames))) pos.name = pos.fallback.env;
  base.name = pos.name;
  const lowerName = pos.name?.toLowerCase();
  const authorization = lowerName === 'authorization' || lowerName === 'proxy-authorization';
  const nameKind = pos.name && !authorization ? secretNameKind(pos.name, ignoreNames) : undefined;
  if (site.sinkStep) base.steps.push(site.sinkStep);
  const qualified = (): string => {
    if (sink) return pos.fallback?.env ?? sink.envName;
    const name = pos.name ?? 'secret';
    const words = wordsOf(name).filter((w) => !/^(the|my|this)$/.test(w));
    const outer = pos.qualifiers
      .flatMap((q) => qualifierWords(q))
      .filter((w) => !words.includes(w))
      .slice(-2);
    const generic = qualifierWords(name).length <= 1;
    return (
      pos.fallback?.env ??
      envNameOf(generic ? [...(fileKind === 'seed' && outer.length === 0 ? ['seed'] : outer), ...words] : words)
    );
  };
  if (ignoreNames.some((n) => n.toLowerCase() === lowerName)) return undefined;

  // 3. Well-known defaults in a credential position.
  const credentialPosition =
    nameKind === 'password' ||
    nameKind === 'secret' ||
    nameKind === 'credentials' ||
    (sink !== undefined && (sink.role === 'password' || sink.role === 'secret' || sink.role === 'key'));
  if (credentialPosition && isDefaultPassword(value) && fileKind !== 'example' && !isLabelFor(value, pos.name)) {
    const env = qualified();
    return {
      ...base,
      kind: 'default',
      sink,
      nameKind,
      masked: maskSecret(value),
      what: sink ? sink.what : `\`${pos.name}\``,
      envName: env,
      ...(pos.compared
        ? { manual: 'compare against a stored hash (bcrypt/argon2) instead of a literal' }
        : replaceWith(env)),
      confidence: 'high',
    };
  }
  if (/PUBLIC KEY-----|CERTIFICATE-----/.test(value)) return undefined;
  // A placeholder that reaches a secret sink is the key the program runs with (the sink makes it
  // real: `session({ secret: 'session_cookie_secret_key_here' })` signs every cookie with that text).
  const placeholder = isPlaceholder(value);
  if (placeholder && !(sink && fileKind === 'source' && value.trim() !== '')) {
    // In the code of the application, a fill-me-in value given the app's own signing or encryption
    // key's name (`cookieSecret: 'session_cookie_secret_key_here'`, `cryptoKey: 'a_secure_key_for_crypto_here'`)
    // is the key it runs with until someone edits the file: the verifier is the app itself, so nothing fails.
    if (site.literal && fileKind === 'source' && ownKeyName(pos.name, nameKind) && fillMeIn(value)) {
      const env = qualified();
      return {
        ...base,
        kind: 'named',
        nameKind,
        masked: maskSecret(value),
        what: `\`${pos.name}\``,
        envName: env,
        ...replaceWith(env),
        confidence: 'medium',
      };
    }
    return undefined;
  }
  // Docs and examples show defaults on purpose (the reader replaces them).
  if (fileKind === 'example' && isDefaultPassword(value)) return undefined;

  // 4. A literal reaching a secret sink: any non-empty value is a hardcoded key.
  if (sink && value.trim() !== '' && !(sink.role === 'token' && value.length < 8)) {
    const env = qualified();
    return {
      ...base,
      kind: 'sink',
      sink,
      nameKind,
      masked: maskSecret(value),
      what: sink.what,
      envName: env,
      ...replaceWith(env),
      confidence: 'high',
    };
  }

  // 5. Authorization header values with an inline credential.
  if (authorization && pos.basicRaw) {
    const [user, ...rest] = value.split(':');
    const password = rest.join(':');
    if (
      !user ||
      !password ||
      isPlaceholder(password) ||
      isPlaceholder(value) ||
      (!looksChosen(password) && !isDefaultPassword(password))
    )
      return undefined;
    const env = 'BASIC_AUTH_CREDENTIALS';
    return {
      ...base,
      kind: 'named',
      nameKind: 'credentials',
      masked: maskSecret(value),
      what: "the `Authorization` header's basic-auth pair",
      envName: env,
      ...replaceWith(env),
      confidence: 'high',
    };
  }
  if (authorization) {
    const m = /^(Basic|Bearer|Token|token|Bot|ApiKey|Digest) +(\S{8,})$/.exec(value);
    if (!m || isPlaceholder(m[2]) || !(m[1] === 'Basic' ? isBasicCredential(m[2]) : looksRandom(m[2])))
      return undefined;
    const env = m[1] === 'Basic' ? 'BASIC_AUTH_CREDENTIALS' : 'API_TOKEN';
    return {
      ...base,
      kind: 'named',
      nameKind: 'credentials',
      masked: `${m[1]} ${maskSecret(m[2])}`,
      what: `the \`${pos.name}\` header`,
      envName: env,
      ...(pos.jsx
        ? { manual: 'JSX attribute' }
        : site.replaceWith === undefined
          ? replaceWith(env)
          : { replacement: { span, text: `\`${m[1]} \${process.env.${env}}\`` } }),
      confidence: 'high',
    };
  }

  // 6. A secret-shaped value given a credential's name.
  if (!nameKind || (fileKind === 'example' && !looksRandom(value))) return undefined;
  const passphrase = nameKind === 'password' && isPassphrase(value);
  if (!passphrase && (notASecret(value) !== undefined || !looksChosen(value))) return undefined;
  if ((nameKind === 'token' || nameKind === 'key') && !looksRandom(value) && value.length < 16) return undefined;
  // `welcomeBannerStatusCookieKey = 'welcomebanner_status'`, `storageToken = 'auth.token'`: under a
  // key's or token's name, lowercase words joined by `_`, `-` or `.` (no digits) name the cookie,
  // header or storage slot; a key that is itself such words still says so (`my_signing_key`).
  if (
    (nameKind === 'token' || nameKind === 'key') &&
    /^[a-z]+(?:[-_.][a-z]+)+$/.test(value) &&
    !/(?:^|[-_.])(?:secret|key|token|password|pass)$/.test(value)
  )
    return undefined;
  if (nameKind === 'connection') return undefined; // without a password inside, a connection string is configuration
  const env = qualified();
  return {
    ...base,
    kind: 'named',
    nameKind,
    masked: maskSecret(value),
    what: `\`${pos.name}\``,
    envName: env,
    ...(pos.compared
      ? { manual: 'compare against a stored hash (bcrypt/argon2) or a secret from the environment' }
      : replaceWith(env)),
    confidence: looksRandom(value) ? 'high' : 'medium',
  };
}

/** Words of interface text about passwords: a value made with one of them is a label or a message, not a passphrase. */
const UI_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'passphrase',
  'enter',
  'your',
  'confirm',
  'current',
  'please',
  'must',
  'should',
  'least',
  'characters',
  'invalid',
  'incorrect',
  'wrong',
  'required',
  'match',
  'matches',
  'type',
  'here',
  'show',
  'hide',
  'forgot',
  'reset',
  'change',
  'new',
  'old',
  'repeat',
  'retype',
  'is',
  'are',
  'not',
  'too',
  'short',
  'long',
  'weak',
  'strong',
  'field',
  'login',
  'sign',
  'username',
  'email',
]);

/**
 * `password: 'correct horse battery staple'`: three to eight lowercase words under a password's
 * name. Labels and messages (`Enter your password`, `passwords do not match`) start with a capital,
 * end with punctuation or use the words of interface text.
 */
export function isPassphrase(value: string): boolean {
  const v = value.trim();
  if (v !== value || v.length < 12 || v.length > 80) return false;
  const words = v.split(' ');
  if (words.length < 3 || words.length > 8) return false;
  return words.every((w) => /^[a-z0-9][a-z0-9'!@#$%&*+=-]*$/.test(w) && !UI_WORDS.has(w.replace(/[^a-z]/g, '')));
}

/** The application's own signing or encryption key (session, cookie, JWT, HMAC, cipher): one it verifies itself. */
function ownKeyName(name: string | undefined, kind: SecretNameKind | undefined): boolean {
  if (!name || (kind !== 'secret' && kind !== 'key')) return false;
  return wordsOf(name).some((w) =>
    /^(?:session|cookie|crypto|cipher|encryption|encrypt|jwt|signing|hmac|csrf)$/.test(w),
  );
}

/** A value written to be replaced by hand (`…_here`, `your-secret`, `changeme`), not a variable reference (`${X}`, `<X>`) a tool fills in. */
function fillMeIn(value: string): boolean {
  return /(?:^|[-_ ])here$|^(?:your|my|insert|replace|enter|put|add|paste)[-_ ]|replace[-_]?me|change[-_]?me|changeit/i.test(
    value.trim(),
  );
}

/** `password: 'Password'` in a form or i18n table: the value is the name's label, not a password. */
function isLabelFor(value: string, name: string | undefined): boolean {
  if (!name || !/^[A-Z]/.test(value)) return false;
  const v = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return v === name.toLowerCase().replace(/[^a-z0-9]/g, '') || wordsOf(name).includes(v);
}

/** Random-looking: long enough and varied enough to be generated rather than typed. */
function looksRandom(value: string): boolean {
  return value.length >= 12 && shannonEntropy(value) >= 3.3 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

function isBasicCredential(encoded: string): boolean {
  try {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const [user, ...rest] = decoded.split(':');
    return (
      rest.length > 0 &&
      user.length > 0 &&
      rest.join(':').length > 0 &&
      !isPlaceholder(rest.join(':')) &&
      /^[\x20-\x7e]+$/.test(decoded)
    );
  } catch {
    return false;
  }
}

/**
 * A Google API key in a Firebase web app config (`apiKey` next to `authDomain`/`projectId`) is an
 * identifier meant to ship to browsers; Firebase's docs say so. Access is controlled by security rules.
 */
function isFirebaseWebConfig(token: TokenMatch, pos: Position): boolean {
  if (token.format.id !== 'google-api-key') return false;
  const keys =
    pos.siblingKeys ??
    pos.siblingsOf?.properties.flatMap((p) => (p.type === 'Property' ? [propertyKeyName(p.key) ?? ''] : []));
  return !!keys?.some((k) => k === 'authDomain' || k === 'messagingSenderId' || k === 'storageBucket');
}

export { wordsOf };
