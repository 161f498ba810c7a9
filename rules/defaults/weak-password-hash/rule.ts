// defaults/weak-password-hash: a password stored with a hash built for speed. Three shapes, each
// found from the call that does the hashing (where the label and the fix belong):
//   - a fast digest of a password: `createHash('md5'|'sha1'|'sha256'|…)` / `createHmac` whose
//     `update(…)` is given a password (by name: `password`, `user.newPassword`, `salt + pwd`), or a
//     digest taken inside a function named for hashing passwords (`hashPassword(pw)`); the `md5`,
//     `sha1`, `js-sha256` and `crypto-js` packages likewise;
//   - bcrypt (`bcrypt`, `bcryptjs`) with a cost below 10, through constants (`SALT_ROUNDS = 8`);
//     test files are exempt (a low cost there keeps the suite fast and protects nothing);
//   - a key-derivation function with a constant salt (`pbkdf2`, `scrypt` with a literal salt, or
//     one salt from the deployment's settings: `config.security.salt`, `config.get('legacy.salt')`),
//     or pbkdf2 with fewer than 100,000 iterations.
// Digests of things that are not passwords (ETags, cache keys, A/B buckets, high-entropy tokens,
// HMAC webhook signatures, the Pwned Passwords range prefix) are not flagged.

import type { TSESTree } from '@typescript-eslint/types';
import { assignedName, memberChain, propertyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import { defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { fileKindOf } from '../../cred/shared/candidates';
import { calleeOf, constant, constantBytes, functionName, isSettingRead } from '../shared/facts';
import { isPasswordName, wordsOf } from '../shared/names';
import { fallbackOf } from '../shared/objects';

const SLOW_HASH_GUIDANCE: Fix = {
  title: 'Store passwords with crypto.scrypt, bcrypt (cost ≥ 10) or argon2',
  kind: 'guidance',
  reason:
    'the stored format changes: a random salt per password must be stored with the hash, comparisons must use the new verify, and existing users rehashed at their next login',
  edits: [],
};
const SALT_GUIDANCE: Fix = {
  title: 'Use a random salt per password (crypto.randomBytes(16)), stored with the hash',
  kind: 'guidance',
  reason: 'the salt must be stored per user beside the hash, a schema change no edit can make',
  edits: [],
};
const MIN_BCRYPT_COST = 10;
const SAFE_BCRYPT_COST = 12;
const MIN_PBKDF2_ITERATIONS = 100_000;
const HASH_PACKAGES: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  'js-sha256': 'sha256',
  'js-sha512': 'sha512',
  'js-md5': 'md5',
  'crypto-js': '',
};
const CRYPTO_JS_FAST = /^(MD5|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3|RIPEMD160|HmacMD5|HmacSHA1|HmacSHA256|HmacSHA512)$/;

export default defineRule({
  meta: {
    id: 'defaults/weak-password-hash',
    title: 'Password hashed with a fast or weakened hash',
    summary:
      'A password is stored with a fast hash (md5, sha1, sha256…), a low bcrypt cost or a constant salt; use scrypt, bcrypt (cost ≥ 10) or argon2 with a random salt.',
    cwe: ['CWE-916', 'CWE-760'],
    ssdf: ['PW.5.1', 'PW.9.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      fast: 'A password is hashed with {{algorithm}}, which is built to be fast: a stolen table is cracked at billions of guesses per second. Store passwords with a slow, salted function: crypto.scrypt, bcrypt (cost ≥ 10) or argon2.',
      bcryptCost:
        "bcrypt cost {{cost}} is below 10: each step down halves the attacker's work. Use a cost of at least 10 (12 is today's common choice); existing hashes keep verifying, since each hash records its own cost.",
      constantSalt:
        '{{fn}} is given a constant salt: every account with the same password gets the same hash, so one precomputed table cracks them all. Use a random salt per password (crypto.randomBytes(16)) stored beside the hash.',
      iterations:
        "pbkdf2 with {{iterations}} iterations is far below today's minimum (OWASP: 600,000 for sha256, 210,000 for sha512): raise it, or use crypto.scrypt.",
    },
  },
  check(context) {
    const { facts } = context;
    const isTest = fileKindOf(context.file, context.text) === 'test';
    for (const call of facts.nodesOfType('CallExpression')) {
      const name = facts.calleeName(call);
      if (!name) continue;
      if (name === 'createHash' || name === 'createHmac') checkDigest(context, call, name);
      else if (name === 'hash' || name === 'hashSync' || name === 'genSalt' || name === 'genSaltSync') {
        if (!isTest) checkBcrypt(context, call, name);
      } else if (name === 'pbkdf2' || name === 'pbkdf2Sync' || name === 'scrypt' || name === 'scryptSync')
        checkKdf(context, call, name);
      else if (
        name in HASH_PACKAGES ||
        CRYPTO_JS_FAST.test(name) ||
        name === 'md5' ||
        name === 'sha1' ||
        name === 'sha256' ||
        name === 'sha512'
      )
        checkPackageDigest(context, call);
    }
  },
});

// ---------------------------------------------------------------- fast digests

function checkDigest(context: RuleContext, call: TSESTree.CallExpression, name: string): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (callee?.module !== 'crypto' || callee.name !== name) return;
  const algorithm = constant(facts, call.arguments[0] as Node);
  if (typeof algorithm !== 'string') return;
  const inputs = updateInputs(facts, call);
  const password =
    inputs.some((input) => carriesPassword(facts, input)) ||
    (inputs.length > 0 && inPasswordHasher(facts, call, inputs));
  if (!password || breachCheck(facts, call)) return;
  const scrypt = scryptFix(context, call);
  context.report({
    messageId: 'fast',
    data: { algorithm: name === 'createHmac' ? `HMAC-${algorithm}` : algorithm },
    span: facts.span(call),
    docSection: 'Node.js crypto',
    fixes: scrypt.length ? scrypt : [SLOW_HASH_GUIDANCE],
  });
}

/**
 * A breached-password lookup, not storage: the digest is cut to a short prefix (the Pwned Passwords
 * range API takes five hex characters) or the function is named for the check (`pwnedCount`).
 */
function breachCheck(facts: Facts, call: TSESTree.CallExpression): boolean {
  if (
    /pwnedpasswords|haveibeenpwned/i.test(facts.text) &&
    String(constant(facts, call.arguments[0] as Node)).toLowerCase() === 'sha1'
  )
    return true;
  const fn = facts.enclosingFunction(call);
  const name = fn && functionName(facts, fn);
  if (name && wordsOf(name).some((w) => BREACH_WORDS.has(w))) return true;
  let n: Node = call;
  for (let i = 0; i < 8; i++) {
    const member = facts.parent(n);
    const next = member && facts.parent(member);
    if (member?.type !== 'MemberExpression' || next?.type !== 'CallExpression' || next.callee !== member) return false;
    const method = propertyName(member);
    if ((method === 'slice' || method === 'substring' || method === 'substr') && next.arguments.length === 2) {
      const [from, to] = next.arguments.map((a) => constant(facts, a as Node));
      return from === 0 && typeof to === 'number' && to <= 10;
    }
    n = next;
  }
  return false;
}

const BREACH_WORDS = new Set(['pwned', 'breach', 'breached', 'hibp', 'leaked', 'compromised', 'prefix', 'range']);

/** What is fed to a hash: `createHash(a).update(x)` (chained) or `h.update(x)` for `const h = createHash(a)`. */
function updateInputs(facts: Facts, call: TSESTree.CallExpression): Node[] {
  const inputs: Node[] = [];
  let n: Node = call;
  for (;;) {
    const member = facts.parent(n);
    if (member?.type !== 'MemberExpression' || member.object !== n) break;
    const next = facts.parent(member);
    if (next?.type !== 'CallExpression' || next.callee !== member) break;
    if (propertyName(member) === 'update' && next.arguments[0]) inputs.push(next.arguments[0] as Node);
    n = next;
  }
  const holder = facts.parent(call);
  if (holder?.type === 'VariableDeclarator' && holder.init === call && holder.id.type === 'Identifier') {
    const variable = facts.variableOf(holder.id);
    for (const ref of variable?.references ?? []) {
      const member = facts.parent(ref.identifier as Node);
      const update = member && facts.parent(member);
      if (
        member?.type === 'MemberExpression' &&
        propertyName(member) === 'update' &&
        update?.type === 'CallExpression' &&
        update.arguments[0]
      )
        inputs.push(update.arguments[0] as Node);
    }
  }
  return inputs;
}

/** The value is a password by its name, or a string built from one (`salt + password`, `${password}${pepper}`). */
function carriesPassword(facts: Facts, node: Node, depth = 0): boolean {
  if (depth > 4) return false;
  const n = unwrap(node);
  switch (n.type) {
    case 'Identifier':
      return isPasswordName(n.name) || isPasswordName(collectionOf(facts, n));
    case 'MemberExpression':
      return isPasswordName(propertyName(n));
    case 'BinaryExpression':
      return (
        n.operator === '+' &&
        (carriesPassword(facts, n.left as Node, depth + 1) || carriesPassword(facts, n.right, depth + 1))
      );
    case 'TemplateLiteral':
      return n.expressions.some((e) => carriesPassword(facts, e, depth + 1));
    case 'CallExpression': {
      // String(password), Buffer.from(password), password.normalize(), [salt, password].join('')
      const callee = unwrap(n.callee);
      if (callee.type === 'MemberExpression' && carriesPassword(facts, callee.object, depth + 1)) return true;
      return n.arguments.some((a) => carriesPassword(facts, a as Node, depth + 1));
    }
    case 'ArrayExpression':
      return n.elements.some((e) => e !== null && e.type !== 'SpreadElement' && carriesPassword(facts, e, depth + 1));
    default:
      return false;
  }
}

/**
 * Inside `function hashPassword(x)` / `const hashPin = (x) => …` / `storeRecoveryCodes(codes)`, what
 * it digests from its parameters (or those of a callback inside it) is the password. The nearest
 * named enclosing function decides.
 */
function inPasswordHasher(facts: Facts, call: Node, inputs: Node[]): boolean {
  const params: string[] = [];
  let fn = facts.enclosingFunction(call);
  let name: string | undefined;
  for (let i = 0; fn && i < 4; i++) {
    for (const p of (fn as TSESTree.FunctionLike).params ?? []) if (p.type === 'Identifier') params.push(p.name);
    name = functionName(facts, fn);
    if (name) break;
    fn = facts.enclosingFunction(fn);
  }
  if (!name) return false;
  const words = wordsOf(name);
  const recoveryCodes =
    words.some((w) => w === 'recovery' || w === 'backup') && words.some((w) => w === 'code' || w === 'codes');
  const aboutPassword =
    words.some((w) => w === 'password' || w === 'passwd' || w === 'pwd' || w === 'pin' || w === 'passphrase') ||
    recoveryCodes;
  const stores = words.some((w) => HASHER_VERBS.has(w));
  if (!aboutPassword || words.some((w) => w === 'token' || w === 'reset' || w === 'strength' || BREACH_WORDS.has(w)))
    return false;
  if (stores) return inputs.some((input) => params.some((p) => mentions(unwrap(input), p)));
  // A function named for the codes themselves (`backupCodes()`, `recoveryCodes(user)`) that digests
  // each element of its `codes` (`codes.map((c) => md5(c))`): those digests are the stored codes.
  return (
    recoveryCodes &&
    inputs.some((input) => {
      const i = unwrap(input);
      const collection = i.type === 'Identifier' ? collectionOf(facts, i) : undefined;
      const last = collection ? wordsOf(collection).pop() : undefined;
      return last === 'code' || last === 'codes';
    })
  );
}

const HASHER_VERBS = new Set([
  'hash',
  'digest',
  'encrypt',
  'encode',
  'store',
  'save',
  'check',
  'verify',
  'compare',
  'create',
  'generate',
  'set',
  'register',
  'persist',
  'issue',
]);

/** `recoveryCodes.map((code) => …)`: the parameter is an element of a collection whose name says what it holds. */
function collectionOf(facts: Facts, id: TSESTree.Identifier): string | undefined {
  const def = facts.variableOf(id)?.defs[0];
  if (def?.type !== 'Parameter') return undefined;
  const fn = def.node as Node;
  const call = facts.parent(fn);
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || unwrap(call.callee).type !== 'MemberExpression')
    return undefined;
  const callee = unwrap(call.callee) as TSESTree.MemberExpression;
  if (!['map', 'forEach', 'flatMap'].includes(propertyName(callee) ?? '')) return undefined;
  const chain = memberChain(callee.object);
  return chain[chain.length - 1];
}

function mentions(node: Node, name: string): boolean {
  if (node.type === 'Identifier') return node.name === name;
  if (node.type === 'BinaryExpression')
    return mentions(unwrap(node.left as Node), name) || mentions(unwrap(node.right), name);
  if (node.type === 'TemplateLiteral') return node.expressions.some((e) => mentions(unwrap(e), name));
  if (node.type === 'CallExpression')
    return (
      node.arguments.some((a) => mentions(unwrap(a as Node), name)) ||
      (node.callee.type === 'MemberExpression' && mentions(unwrap(node.callee.object), name))
    );
  return false;
}

/** `md5(password)`, `sha256(password)`, `CryptoJS.SHA256(password)`. */
function checkPackageDigest(context: RuleContext, call: TSESTree.CallExpression): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (!callee || !(callee.module in HASH_PACKAGES)) return;
  const algorithm =
    callee.module === 'crypto-js'
      ? CRYPTO_JS_FAST.test(callee.name)
        ? callee.name
        : undefined
      : HASH_PACKAGES[callee.module];
  if (!algorithm || !call.arguments[0]) return;
  if (!carriesPassword(facts, call.arguments[0] as Node) && !inPasswordHasher(facts, call, [call.arguments[0] as Node]))
    return;
  context.report({
    messageId: 'fast',
    data: { algorithm },
    span: facts.span(call),
    docSection: 'Hash packages',
    fixes: [SLOW_HASH_GUIDANCE],
  });
}

// ---------------------------------------------------------------- bcrypt

function checkBcrypt(context: RuleContext, call: TSESTree.CallExpression, name: string): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (
    !callee ||
    (callee.module !== 'bcrypt' && callee.module !== 'bcryptjs' && callee.module !== 'bcrypt-nodejs') ||
    callee.name !== name
  )
    return;
  const costArg = (name === 'hash' || name === 'hashSync' ? call.arguments[1] : call.arguments[0]) as Node | undefined;
  if (!costArg) return;
  const cost = constant(facts, costArg);
  if (typeof cost === 'string' && (name === 'hash' || name === 'hashSync')) {
    // A literal salt (`$2b$10$…`) is the same salt for every password.
    context.report({
      messageId: 'constantSalt',
      data: { fn: `bcrypt.${name}` },
      span: facts.span(call),
      docSection: 'bcrypt',
      fixes: [SALT_GUIDANCE],
    });
    return;
  }
  // `Number(process.env.BCRYPT_ROUNDS) || 8`, `config.saltRounds ?? 8`: the cost wherever the setting is unset.
  const unset = cost === undefined ? fallbackOf(facts, costArg)?.value : undefined;
  if (typeof unset === 'number' && unset < MIN_BCRYPT_COST) {
    context.report({ messageId: 'bcryptCost', data: { cost: unset }, span: facts.span(call), docSection: 'bcrypt' });
    return;
  }
  if (typeof cost !== 'number' || cost >= MIN_BCRYPT_COST) return;
  const literal = unwrap(costArg).type === 'Literal';
  const fixes: Fix[] = literal
    ? [
        {
          title: `Raise the bcrypt cost to ${SAFE_BCRYPT_COST}`,
          kind: 'needs-review',
          preferred: true,
          changes: `each new hash takes about ${2 ** (SAFE_BCRYPT_COST - cost)} times longer to compute (and to attack); existing hashes still verify`,
          edits: [{ span: { start: costArg.range[0], end: costArg.range[1] }, newText: String(SAFE_BCRYPT_COST) }],
        },
      ]
    : constantFix(facts, costArg, cost);
  context.report({ messageId: 'bcryptCost', data: { cost }, span: facts.span(call), docSection: 'bcrypt', fixes });
}

/** `bcrypt.hash(pw, SALT_ROUNDS)` with `const SALT_ROUNDS = 8`: the fix raises the constant. */
function constantFix(facts: Facts, node: Node, cost: number): Fix[] {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return [];
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (
    !variable ||
    !facts.isSingleAssignment(variable) ||
    def?.type !== 'Variable' ||
    !def.node.init ||
    unwrap(def.node.init).type !== 'Literal'
  )
    return [];
  const init = def.node.init;
  return [
    {
      title: `Raise ${n.name} to ${SAFE_BCRYPT_COST}`,
      kind: 'needs-review',
      preferred: true,
      changes: `each new hash takes about ${2 ** (SAFE_BCRYPT_COST - cost)} times longer to compute (and to attack); existing hashes still verify; every use of ${n.name} changes`,
      edits: [{ span: { start: init.range[0], end: init.range[1] }, newText: String(SAFE_BCRYPT_COST) }],
    },
  ];
}

// ---------------------------------------------------------------- pbkdf2 / scrypt

function checkKdf(context: RuleContext, call: TSESTree.CallExpression, name: string): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (callee?.module !== 'crypto' || callee.name !== name) return;
  const [input, salt, iterations] = call.arguments as Node[];
  if (!input || !salt) return;
  // Deriving an encryption key from a high-entropy secret (`ENCRYPTION_KEY`) with a fixed salt is key stretching, not password storage.
  const inputName = assignedName(input);
  if (
    inputName &&
    !isPasswordName(inputName) &&
    wordsOf(inputName).some((w) => w === 'key' || w === 'secret' || w === 'token')
  )
    return;
  const saltValue = constant(facts, salt);
  // A salt from the deployment's settings (`config.security.salt`, `config.get('legacy.salt')`) is one salt for every account.
  if (typeof saltValue === 'string' || constantBytes(facts, salt) || isSettingRead(facts, salt)) {
    context.report({
      messageId: 'constantSalt',
      data: { fn: name },
      span: facts.span(call),
      docSection: 'Node.js crypto',
      fixes: [SALT_GUIDANCE],
    });
    return;
  }
  if (name.startsWith('pbkdf2') && iterations) {
    const count = constant(facts, iterations);
    if (
      typeof count === 'number' &&
      count < MIN_PBKDF2_ITERATIONS &&
      (isPasswordName(inputName) || inPasswordHasher(facts, call, [input]))
    ) {
      context.report({
        messageId: 'iterations',
        data: { iterations: count },
        span: facts.span(call),
        docSection: 'Node.js crypto',
        fixes: [SLOW_HASH_GUIDANCE],
      });
    }
  }
}

// ---------------------------------------------------------------- the scrypt fix

/**
 * `crypto.createHash('md5').update(password).digest('hex')` → `scryptHash(password)`, with two small
 * functions added once at the end of the file: `scryptHash` (a random salt per password, stored
 * with the hash as `scrypt$salt$hash`) and `scryptVerify` (a constant-time comparison). Offered
 * only for the whole chain on the `crypto` binding the file already has.
 */
function scryptFix(context: RuleContext, call: TSESTree.CallExpression): Fix[] {
  const { facts, text } = context;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'Identifier') return [];
  const cryptoName = (unwrap(callee.object) as TSESTree.Identifier).name;
  // The whole chain: createHash(a).update(x).digest(enc)
  const update = facts.parent(call);
  const updateCall = update && facts.parent(update);
  const digest = updateCall && facts.parent(updateCall);
  const digestCall = digest && facts.parent(digest);
  if (
    update?.type !== 'MemberExpression' ||
    propertyName(update) !== 'update' ||
    updateCall?.type !== 'CallExpression' ||
    updateCall.arguments.length !== 1
  )
    return [];
  if (
    digest?.type !== 'MemberExpression' ||
    propertyName(digest) !== 'digest' ||
    digestCall?.type !== 'CallExpression' ||
    digestCall.callee !== digest
  )
    return [];
  const encoding = digestCall.arguments[0] ? constant(facts, digestCall.arguments[0] as Node) : undefined;
  if (encoding !== 'hex' && encoding !== 'base64') return [];
  if (facts.nodesOfType('Identifier').some((id) => id.name === 'scryptHash' || id.name === 'scryptVerify')) return [];
  const ts = /\.[cm]?tsx?$/i.test(context.file);
  const s = ts ? ': string' : '';
  const input = text.slice(updateCall.arguments[0].range[0], updateCall.arguments[0].range[1]);
  const helpers = [
    '',
    '// Passwords: scrypt with a random salt per password, stored as `scrypt$<salt>$<hash>` (hex).',
    `function scryptHash(password${s})${s} {`,
    `  const salt = ${cryptoName}.randomBytes(16);`,
    `  return \`scrypt$\${salt.toString('hex')}$\${${cryptoName}.scryptSync(password, salt, 64).toString('hex')}\`;`,
    '}',
    '',
    '// True when `password` matches a hash made by scryptHash (constant-time comparison).',
    `function scryptVerify(password${s}, stored${s})${ts ? ': boolean' : ''} {`,
    "  const [scheme, salt, hash] = String(stored).split('$');",
    "  if (scheme !== 'scrypt' || !salt || !hash) return false;",
    `  const expected = Buffer.from(hash, 'hex');`,
    `  const actual = ${cryptoName}.scryptSync(password, Buffer.from(salt, 'hex'), expected.length);`,
    `  return ${cryptoName}.timingSafeEqual(actual, expected);`,
    '}',
    '',
  ].join('\n');
  const end = text.length;
  return [
    {
      title: 'Hash the password with crypto.scrypt and a random salt (adds scryptHash / scryptVerify)',
      kind: 'needs-review',
      preferred: true,
      changes:
        'stored hashes change format (scrypt$salt$hash) and differ on every call: compare with scryptVerify(password, stored) instead of `===`, and rehash existing users at their next login',
      edits: [
        { span: { start: call.range[0], end: digestCall.range[1] }, newText: `scryptHash(${input})` },
        { span: { start: end, end }, newText: (text.endsWith('\n') ? '' : '\n') + helpers },
      ],
    },
  ];
}
