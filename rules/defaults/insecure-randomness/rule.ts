// defaults/insecure-randomness: `Math.random()` making a value that lets its holder in or is worth
// money — a reset token, session id, API key, OTP, invite or gift-card code, a password. Math.random
// is a fast, predictable generator (V8's xorshift128+: a few outputs give away the state), fine
// for jitter, shuffles and colours. What the value is for is read from where it flows: the name
// it is given (a variable, a property, an assignment target), or, when it is built up in a helper
// (`s += CHARS[Math.floor(Math.random() * n)]`, `Array.from(…, () => …).join('')`), the name of
// the function that returns it (`giftCardCode()`). Through `.toString(36)`, `.slice`, `Math.floor`,
// arithmetic, templates, `String()`, hashing (`md5(Math.random())` is no less predictable) and the
// callbacks of `Array.from`/`map`/`replace`. A value passed to a timer (`setTimeout`, `sleep`) is
// timing, not a secret.

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
import type { Fix, RuleContext } from '../../../server/engine/types';
import { fileKindOf } from '../../cred/shared/candidates';
import { moduleStyleOf } from '../../../server/engine/fixes/imports';
import { calleeFor } from '../../xss/shared/fixes';
import { functionName } from '../shared/facts';
import { NOT_SECRET_CONTEXT, randomUseOf, wordsOf } from '../shared/names';

/** Calls a random value passes through unchanged in kind (it stays as guessable as it was). */
const PASS_THROUGH = new Set([
  'toString',
  'slice',
  'substring',
  'substr',
  'padStart',
  'padEnd',
  'toUpperCase',
  'toLowerCase',
  'join',
  'replace',
  'repeat',
  'concat',
  'floor',
  'round',
  'ceil',
  'trunc',
  'abs',
  'String',
  'Number',
  'parseInt',
  'from',
  'update',
  'digest',
  'createHash',
  'push',
  'map',
  'fill',
  'toFixed',
  'charAt',
  'at',
  'encode',
  'btoa',
]);
const TIMERS = new Set([
  'setTimeout',
  'setInterval',
  'sleep',
  'delay',
  'wait',
  'setImmediate',
  'backoff',
  'retry',
  'jitter',
]);
const MAX_STEPS = 24;
const NAMED_SETTERS = new Set([
  'cookie',
  'setCookie',
  'set',
  'setItem',
  'setHeader',
  'header',
  'append',
  'hset',
  'setex',
]);

export default defineRule({
  meta: {
    id: 'defaults/insecure-randomness',
    title: 'Math.random() for a token, code or secret',
    summary:
      'A token, code, id or secret comes from Math.random(), which is predictable; use crypto.randomBytes, crypto.randomUUID or crypto.randomInt.',
    cwe: ['CWE-338', 'CWE-330'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      bearer:
        "`{{name}}` comes from Math.random(), which is predictable: a few observed values reveal the generator's state and every value after them. Use crypto.randomBytes(32).toString('base64url'), crypto.randomUUID() or crypto.randomInt(n).",
    },
  },
  check(context) {
    const { facts } = context;
    // Tests and examples make throwaway values; what they "protect" is fixture data.
    const kind = fileKindOf(context.file, context.text);
    if (kind === 'test' || kind === 'example') return;
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'random') continue;
      const object = unwrap(callee.object);
      if (object.type !== 'Identifier' || object.name !== 'Math' || facts.variableOf(object)) continue;
      const use = useOf(facts, call);
      if (use?.kind !== 'bearer') continue;
      context.report({
        messageId: 'bearer',
        data: { name: use.name },
        span: facts.span(call),
        docSection: 'Node.js',
        fixes: fixesFor(context, call),
      });
    }
  },
});

interface Use {
  kind: 'bearer' | 'cosmetic' | 'unknown';
  name: string;
}

/** Where the random value goes, and what the name it meets there says it is. */
function useOf(facts: Facts, random: TSESTree.CallExpression): Use | undefined {
  return useOfCall(facts, random, 0);
}

/** Where a value a call returns goes (`depth`: how many helpers' callers were followed to get here). */
function useOfCall(facts: Facts, random: TSESTree.CallExpression, depth: number): Use | undefined {
  const enclosingUse = (f: Facts, from: Node): Use | undefined => enclosingUseAt(f, from, depth);
  let node: Node = random;
  let fallback: Use | undefined;
  for (let step = 0; step < MAX_STEPS; step++) {
    const parent = facts.parent(node);
    if (!parent) return fallback;
    switch (parent.type) {
      case 'VariableDeclarator': {
        if (parent.init !== node) return fallback;
        const name = parent.id.type === 'Identifier' ? parent.id.name : undefined;
        const judged = judge(name);
        if (judged.kind !== 'unknown') return judged;
        // A neutral name (`s`, `out`, `value`): what it becomes is told by where it goes — the returned value of its function.
        return fallback ?? enclosingUse(facts, parent);
      }
      case 'AssignmentExpression': {
        if (parent.right !== node) return fallback;
        const target = unwrap(parent.left);
        const name =
          target.type === 'Identifier'
            ? target.name
            : target.type === 'MemberExpression'
              ? propertyName(target)
              : undefined;
        const judged = judge(name);
        if (judged.kind !== 'unknown') return judged;
        return fallback ?? enclosingUse(facts, parent);
      }
      case 'Property': {
        if (parent.value !== node) return fallback;
        const judged = judge(parent.computed ? undefined : propertyKeyName(parent.key));
        if (judged.kind !== 'unknown') return judged;
        return fallback ?? enclosingUse(facts, parent);
      }
      case 'ReturnStatement':
        return enclosingUse(facts, parent);
      case 'ArrowFunctionExpression': {
        // `() => Math.random()…` as a callback of Array.from / map / replace: follow the call it is given to.
        const call = facts.parent(parent);
        if (call?.type === 'CallExpression' && call.arguments.includes(parent as TSESTree.CallExpressionArgument)) {
          node = call;
          continue;
        }
        return judgeFunction(facts, parent, depth) ?? fallback;
      }
      case 'CallExpression': {
        const name = facts.calleeName(parent);
        if (parent.callee === node) {
          node = parent;
          continue;
        } // (…)() — rare
        if (name && TIMERS.has(name)) return { kind: 'cosmetic', name };
        if (name && PASS_THROUGH.has(name)) {
          node = parent;
          continue;
        }
        // Handed to some other function: `res.cookie('sid', …)`, `localStorage.setItem('authToken', …)`,
        // `headers.set('X-Api-Key', …)` name the value in their first argument; else the function's name may say.
        const first = parent.arguments[0] as Node | undefined;
        const key =
          first && first !== node && NAMED_SETTERS.has(name ?? '') ? facts.constantOf(first)?.value : undefined;
        const judged = judge(typeof key === 'string' ? key : name);
        return judged.kind !== 'unknown' ? judged : fallback;
      }
      case 'MemberExpression':
        // `CHARS[Math.floor(Math.random() * n)]` (an index into an alphabet) and `Math.random().toString`.
        node = parent;
        continue;
      case 'BinaryExpression':
      case 'TemplateLiteral':
      case 'ConditionalExpression':
      case 'LogicalExpression':
      case 'ArrayExpression':
      case 'UnaryExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'ChainExpression':
      case 'AwaitExpression':
      case 'SpreadElement':
      case 'NewExpression':
        node = parent;
        continue;
      case 'ExpressionStatement':
      default:
        return fallback;
    }
  }
  return fallback;
}

function judge(name: string | undefined): Use {
  return { kind: randomUseOf(name), name: name ?? 'the value' };
}

/** The value ends up as (part of) what the enclosing function returns: the function's name says what. */
function enclosingUseAt(facts: Facts, from: Node, depth: number): Use | undefined {
  const fn = facts.enclosingFunction(from);
  return fn ? judgeFunction(facts, fn, depth) : undefined;
}

function judgeFunction(facts: Facts, fn: Node, depth = 0): Use | undefined {
  const name = functionName(facts, fn);
  if (!name) return undefined;
  // `generateToken`, `makeResetCode`, `newApiKey`: the verb says nothing, the noun does.
  const judged = judge(name);
  if (judged.kind !== 'unknown') return judged;
  // A helper with a neutral name (`randomString(32)`): what its result becomes is told by its
  // callers in this file (`const apiKey = \`pk_${randomString(32)}\``). Two levels of helpers at most.
  return depth < MAX_HELPER_DEPTH ? callerUse(facts, fn, name, depth + 1) : undefined;
}

const MAX_HELPER_DEPTH = 2;

function inNotSecretContext(facts: Facts, node: Node): boolean {
  for (let fn = facts.enclosingFunction(node), i = 0; fn && i < 6; fn = facts.enclosingFunction(fn), i++) {
    const name = functionName(facts, fn);
    if (name && wordsOf(name).some((w) => NOT_SECRET_CONTEXT.has(w))) return true;
  }
  return false;
}
const MAX_CALL_SITES = 16;

/** The first bearer use among the file's calls of a same-file function `name` (the callers say what its value is for). */
function callerUse(facts: Facts, fn: Node, name: string, depth: number): Use | undefined {
  const declared = fn.type === 'FunctionDeclaration' && fn.id ? facts.variableOf(fn.id) : undefined;
  let seen = 0;
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    if (callee.type !== 'Identifier' || callee.name !== name) continue;
    // The same function: the declaration's binding (a function expression's variable is its declarator's).
    const v = facts.variableOf(callee);
    if (declared ? v !== declared : !v?.defs.some((d) => d.node === facts.parent(fn) || d.node === fn)) continue;
    if (facts.enclosingFunction(call) === fn || ++seen > MAX_CALL_SITES) continue;
    // A caller making demo or fake data (`createRandomFakeUsers`) protects nothing with the value.
    if (inNotSecretContext(facts, call)) continue;
    const use = useOfCall(facts, call, depth);
    if (use?.kind === 'bearer') return { kind: 'bearer', name: `${use.name} (through ${name}())` };
  }
  return undefined;
}

// ---------------------------------------------------------------- fixes

/**
 * Two shapes have an exact paved-road replacement: `Math.random().toString(36).slice(2…)` (a random
 * string) → `crypto.randomBytes(16).toString('hex')`, and `Math.floor(Math.random() * n)` (a random
 * index) → `crypto.randomInt(n)`. Other shapes are guidance: the replacement depends on the format.
 */
function fixesFor(context: RuleContext, random: TSESTree.CallExpression): Fix[] {
  const { facts } = context;
  const guidance: Fix[] = [
    {
      title: 'Use crypto.randomBytes / randomUUID / randomInt',
      kind: 'guidance',
      reason:
        "the replacement depends on the format the value must have (length, alphabet); crypto.randomBytes(32).toString('base64url') for tokens, crypto.randomInt(n) for an index",
      edits: [],
    },
  ];
  const binding = calleeFor(facts, { modules: ['crypto', 'node:crypto'], localName: 'crypto' }, moduleStyleOf(context));
  if (!binding) return guidance;
  const c = binding.callee;
  const withImport = (edit: { span: { start: number; end: number }; newText: string }) =>
    binding.edit ? [binding.edit, edit] : [edit];
  // Math.floor(Math.random() * n)
  const times = facts.parent(random);
  if (times?.type === 'BinaryExpression' && times.operator === '*' && times.left === random) {
    const floor = facts.parent(times);
    if (
      floor?.type === 'CallExpression' &&
      floor.arguments.length === 1 &&
      floor.arguments[0] === times &&
      memberChain(floor.callee).join('.') === 'Math.floor'
    ) {
      const n = context.text.slice(times.right.range[0], times.right.range[1]);
      return [
        {
          title: `Use ${c}.randomInt(${n})`,
          kind: 'needs-review',
          preferred: true,
          changes:
            "the value comes from the operating system's secure generator; randomInt needs an integer bound below 2^48",
          edits: withImport({ span: { start: floor.range[0], end: floor.range[1] }, newText: `${c}.randomInt(${n})` }),
        },
      ];
    }
  }
  // Math.random().toString(36).slice(2[, n]) / substring / substr
  const toStr = facts.parent(random);
  const toStrCall = toStr && facts.parent(toStr);
  const cut = toStrCall && facts.parent(toStrCall);
  const cutCall = cut && facts.parent(cut);
  if (
    toStr?.type === 'MemberExpression' &&
    propertyName(toStr) === 'toString' &&
    toStrCall?.type === 'CallExpression' &&
    cut?.type === 'MemberExpression' &&
    ['slice', 'substring', 'substr'].includes(propertyName(cut) ?? '') &&
    cutCall?.type === 'CallExpression'
  ) {
    return [
      {
        title: `Use ${c}.randomBytes(16).toString('hex')`,
        kind: 'needs-review',
        preferred: true,
        changes:
          "the value is 32 hex characters from the operating system's secure generator (longer than before, and of a different alphabet)",
        edits: withImport({
          span: { start: random.range[0], end: cutCall.range[1] },
          newText: `${c}.randomBytes(16).toString('hex')`,
        }),
      },
    ];
  }
  return guidance;
}
