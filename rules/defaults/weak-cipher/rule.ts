// defaults/weak-cipher: data encrypted with a broken cipher or mode. Node's crypto
// (`createCipheriv`/`createDecipheriv`, however imported) with DES, 3DES, RC4, RC2, Blowfish or any
// ECB mode; the deprecated `createCipher`/`createDecipher` (key and IV derived from a passphrase
// with one md5 round: the same IV for every message); a hard-coded IV (a literal, a constant
// `Buffer.from('…')`, an all-zero `Buffer.alloc(16)`); crypto-js's DES/TripleDES/RC4 and
// `mode.ECB`. Decrypting legacy data is still flagged: the finding is where the migration starts
// (suppress it with the reason until the data is re-encrypted).

import type { TSESTree } from '@typescript-eslint/types';
import { propertyKeyName, type Node } from '../../../server/engine/facts';
import { defineRule } from '../../../server/engine/rule';
import type { RuleContext } from '../../../server/engine/types';
import { calleeOf, constant, constantBytes } from '../shared/facts';

const WEAK_ALGORITHM =
  /^(?:des|des3|des-ede3?|des-ede3?-(?:cbc|cfb|ofb|cfb1|cfb8)|des-(?:cbc|cfb|ofb|ecb|cfb1|cfb8)|desx(?:-cbc)?|id-aes\d+-wrap|rc4(?:-\d+|-hmac-md5)?|rc2(?:-\d+)?(?:-cbc|-cfb|-ofb|-ecb)?|bf(?:-cbc|-cfb|-ofb|-ecb)?|blowfish|cast5?(?:-cbc|-cfb|-ofb|-ecb)?|idea(?:-cbc|-cfb|-ofb|-ecb)?|seed(?:-cbc|-cfb|-ofb|-ecb)?)$/i;
const ECB = /-ecb$/i;
const CIPHER_CALLS = new Set(['createCipheriv', 'createDecipheriv', 'createCipher', 'createDecipher']);
const CRYPTO_JS_WEAK = new Set(['DES', 'TripleDES', 'RC4', 'RC4Drop', 'Rabbit']);

export default defineRule({
  meta: {
    id: 'defaults/weak-cipher',
    title: 'Broken cipher, ECB mode or fixed IV',
    summary:
      'Data is encrypted with DES/3DES/RC4/Blowfish, in ECB mode, with the deprecated createCipher or with a hard-coded IV; use AES-256-GCM with a random IV per message.',
    cwe: ['CWE-327', 'CWE-329'],
    ssdf: ['PW.5.1', 'PW.9.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['guidance'],
    messages: {
      algorithm:
        "`{{algorithm}}` is a broken cipher ({{why}}). Use AES-256-GCM (`createCipheriv('aes-256-gcm', key, crypto.randomBytes(12))`) and keep the auth tag with the ciphertext.",
      ecb: '`{{algorithm}}` uses ECB mode: equal blocks of plaintext give equal blocks of ciphertext, so patterns show through and blocks can be swapped. Use AES-256-GCM with a random IV per message.',
      deprecated:
        "`{{fn}}` derives the key and the IV from a passphrase with one md5 round and no salt: every message gets the same IV. Derive a key with crypto.scrypt and use createCipheriv('aes-256-gcm', key, crypto.randomBytes(12)).",
      fixedIv:
        'The IV of this cipher is a constant: messages that start alike encrypt alike (and with GCM or CTR a repeated IV exposes the key stream). Use a fresh crypto.randomBytes IV per message and store it with the ciphertext.',
      cryptoJs:
        "crypto-js {{what}} is broken. Use Node's crypto with AES-256-GCM and a random IV (or crypto-js AES in CBC with a random IV and an HMAC, if the code must stay in the browser).",
    },
  },
  check(context) {
    const { facts } = context;
    for (const call of facts.nodesOfType('CallExpression')) {
      const name = facts.calleeName(call);
      if (!name) continue;
      if (CIPHER_CALLS.has(name)) checkNodeCipher(context, call, name);
      else if ((name === 'encrypt' || name === 'decrypt') && call.arguments.length >= 2) checkCryptoJs(context, call);
    }
  },
});

const GUIDANCE =
  'the ciphertext format changes, so data already encrypted must be decrypted with the old scheme and re-encrypted (keep a version prefix): a migration to plan, not an edit';

function checkNodeCipher(context: RuleContext, call: TSESTree.CallExpression, name: string): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (callee?.module !== 'crypto' || callee.name !== name) return;
  const fixes = [
    { title: 'Move to AES-256-GCM with a random IV', kind: 'guidance' as const, reason: GUIDANCE, edits: [] },
  ];
  const algorithm = constant(facts, call.arguments[0] as Node | undefined);
  if (typeof algorithm === 'string' && WEAK_ALGORITHM.test(algorithm)) {
    context.report({
      messageId: 'algorithm',
      data: { algorithm, why: whyWeak(algorithm) },
      span: facts.span(call),
      docSection: 'Node.js crypto',
      fixes,
    });
    return;
  }
  if (typeof algorithm === 'string' && ECB.test(algorithm)) {
    context.report({
      messageId: 'ecb',
      data: { algorithm },
      span: facts.span(call),
      docSection: 'Node.js crypto',
      fixes,
    });
    return;
  }
  if (name === 'createCipher' || name === 'createDecipher') {
    context.report({
      messageId: 'deprecated',
      data: { fn: name },
      span: facts.span(call),
      docSection: 'Node.js crypto',
      fixes,
    });
    return;
  }
  const iv = call.arguments[2] as Node | undefined;
  // A fixed IV written in the code, to encrypt or to decrypt: what a decryption reads with a constant IV was
  // encrypted with it (here or by the other side), as an ECB decipher reads ECB ciphertext.
  if (iv && (typeof constant(facts, iv) === 'string' || constantBytes(facts, iv))) {
    context.report({ messageId: 'fixedIv', span: facts.span(call), docSection: 'Node.js crypto', fixes });
  }
}

function whyWeak(algorithm: string): string {
  const a = algorithm.toLowerCase();
  if (a.startsWith('rc4')) return 'RC4 has biased output and is banned from TLS by RFC 7465';
  if (a.startsWith('des-ede') || a === 'des3')
    return '3DES has a 64-bit block (Sweet32) and was withdrawn by NIST in 2023';
  if (a.startsWith('des')) return 'DES has a 56-bit key, searched exhaustively in hours';
  return 'a 64-bit block cipher: collisions after a few gigabytes (Sweet32)';
}

/** crypto-js: `CryptoJS.DES.encrypt(…)`, `CryptoJS.AES.encrypt(m, k, { mode: CryptoJS.mode.ECB })`. */
function checkCryptoJs(context: RuleContext, call: TSESTree.CallExpression): void {
  const { facts } = context;
  const callee = calleeOf(facts, call);
  if (callee?.module !== 'crypto-js' || callee.path.length < 2) return;
  const cipher = callee.path[callee.path.length - 2];
  if (CRYPTO_JS_WEAK.has(cipher)) {
    context.report({ messageId: 'cryptoJs', data: { what: cipher }, span: facts.span(call), docSection: 'crypto-js' });
    return;
  }
  const options = call.arguments[2] as Node | undefined;
  if (options?.type !== 'ObjectExpression') return;
  for (const p of options.properties) {
    if (p.type === 'Property' && propertyKeyName(p.key) === 'iv' && constantParse(context, p.value as Node)) {
      context.report({ messageId: 'fixedIv', span: facts.span(call), docSection: 'crypto-js' });
      return;
    }
    if (p.type !== 'Property' || propertyKeyName(p.key) !== 'mode') continue;
    const origin = facts.moduleOf(p.value as Node);
    if (origin?.module === 'crypto-js' && origin.path[origin.path.length - 1] === 'ECB') {
      context.report({
        messageId: 'cryptoJs',
        data: { what: 'ECB mode' },
        span: facts.span(call),
        docSection: 'crypto-js',
      });
    }
  }
}

/** `CryptoJS.enc.Hex.parse('0000…')` / `enc.Utf8.parse(CONST)`: a constant IV in crypto-js. */
function constantParse(context: RuleContext, value: Node): boolean {
  const { facts } = context;
  if (value.type === 'Identifier') {
    const def = facts.variableOf(value)?.defs[0];
    return (
      def?.type === 'Variable' &&
      !!def.node.init &&
      def.node.id.type === 'Identifier' &&
      constantParse(context, def.node.init)
    );
  }
  if (value.type !== 'CallExpression' || facts.calleeName(value) !== 'parse') return false;
  const origin = facts.moduleOf(value.callee as Node);
  return origin?.module === 'crypto-js' && typeof constant(facts, value.arguments[0] as Node) === 'string';
}
