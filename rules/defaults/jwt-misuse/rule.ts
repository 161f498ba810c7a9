// defaults/jwt-misuse: a JSON Web Token trusted without the checks that make it trustworthy.
//   - `jwt.decode` (jsonwebtoken) or `jwtDecode` (jwt-decode) whose claims are trusted, in server
//     code, with no `verify` of the same token before it in the same function;
//   - `jwt.verify` without an `algorithms` allow-list (the token's own header then chooses: the
//     HS256-with-the-public-key confusion, and `none` in older versions);
//   - `'none'` in an `algorithms` list (jsonwebtoken, passport-jwt, express-jwt, hapi-auth-jwt2);
//   - `ignoreExpiration: true` (a stolen token works forever).
// The options are read through variables assigned once (`const opts = {…}`); an options object
// with a spread or from elsewhere is not judged.

import type { TSESTree } from '@typescript-eslint/types';
import { propertyKeyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import { defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { calleeOf, constant, functionName, removalSpan, wordsOfName } from '../shared/facts';
import { hasSpread, objectOf, property, setProperties } from '../shared/objects';
import { wordsOf } from '../shared/names';

const JWT_MODULES = new Set(['jsonwebtoken']);
const DECODE_MODULES = new Set(['jwt-decode']);
const CLIENT_MODULES = new Set([
  'react',
  'react-dom',
  'vue',
  '@angular/core',
  'svelte',
  'preact',
  'solid-js',
  'next/navigation',
  'next/router',
  'react-native',
  '@remix-run/react',
]);

export default defineRule({
  meta: {
    id: 'defaults/jwt-misuse',
    title: 'JWT trusted without signature, algorithm or expiry checks',
    summary:
      'A JWT is decoded without verifying it, verified without an algorithms allow-list, accepted with alg "none" or without its expiry; verify with `algorithms: [...]` and keep expiry checks.',
    cwe: ['CWE-347', 'CWE-345', 'CWE-613'],
    ssdf: ['PW.5.1', 'PW.9.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      decode:
        '`{{fn}}` reads the claims without checking the signature: anyone can write a token that says they are anyone. Use jwt.verify(token, key, { algorithms: [...] }) and trust only what it returns.',
      noAlgorithms:
        "`verify` has no `algorithms` allow-list: the token's header picks the algorithm (an RS256 public key can then be used as an HS256 secret). Pass `algorithms: [{{suggested}}]`.",
      none: "`algorithms` accepts 'none': a token without any signature is accepted. Remove 'none'.",
      ignoreExpiration:
        '`ignoreExpiration: true` accepts expired tokens: a token that leaked once works forever. Remove it and keep tokens short-lived.',
    },
  },
  check(context) {
    const { facts } = context;
    const signed: { algorithm?: string | null } = {}; // this run's lookup, so many verify calls scan the file once
    for (const call of facts.nodesOfType('CallExpression')) {
      const name = facts.calleeName(call);
      if (name === 'strategy') {
        checkHapiStrategy(context, call, signed);
        continue;
      }
      // jsonwebtoken's verify/decode by name; jwt-decode's function under whatever name it was imported as.
      if (
        name !== 'verify' &&
        name !== 'decode' &&
        !(unwrap(call.callee).type === 'Identifier' && call.arguments.length >= 1)
      )
        continue;
      const callee = calleeOf(facts, call);
      if (!callee) continue;
      if (JWT_MODULES.has(callee.module) && callee.name === 'verify') checkVerify(context, call, signed);
      else if (JWT_MODULES.has(callee.module) && callee.name === 'decode') checkDecode(context, call, 'jwt.decode');
      else if (
        DECODE_MODULES.has(callee.module) &&
        (callee.path.length === 0 || callee.name === 'jwtDecode' || callee.name === 'default')
      )
        checkDecode(context, call, 'jwtDecode');
      else if (callee.module === 'jose' && (callee.name === 'decodeJwt' || callee.name === 'decode'))
        checkDecode(context, call, 'decodeJwt');
      else if (callee.module === '@nestjs/jwt' && callee.name === 'decode')
        checkDecode(context, call, 'jwtService.decode');
    }
    for (const property of facts.nodesOfType('Property')) {
      if (property.computed) continue;
      const key = propertyKeyName(property.key);
      if (key === 'ignoreExpiration' && constant(facts, property.value as Node) === true) {
        const object = facts.parent(property);
        context.report({
          messageId: 'ignoreExpiration',
          span: facts.span(property),
          docSection: 'Options',
          fixes:
            object?.type === 'ObjectExpression'
              ? [
                  {
                    title: 'Remove ignoreExpiration',
                    kind: 'needs-review',
                    preferred: true,
                    changes: 'expired tokens are now refused (clients must refresh them)',
                    edits: [{ span: removalSpan(context.text, object, property), newText: '' }],
                  },
                ]
              : [],
        });
      } else if (key === 'algorithms') {
        const list = unwrap(property.value as Node);
        if (list.type !== 'ArrayExpression') continue;
        const none = list.elements.find(
          (e) =>
            e !== null &&
            e.type !== 'SpreadElement' &&
            typeof constant(facts, e) === 'string' &&
            String(constant(facts, e)).toLowerCase() === 'none',
        );
        if (!none) continue;
        const others = list.elements.length > 1;
        context.report({
          messageId: 'none',
          span: facts.span(none),
          docSection: 'Options',
          fixes: others
            ? [
                {
                  title: "Remove 'none' from algorithms",
                  kind: 'needs-review',
                  preferred: true,
                  changes: 'unsigned tokens are now refused',
                  edits: [{ span: removalSpan(context.text, list, none), newText: '' }],
                },
              ]
            : [
                {
                  title: 'Name the algorithm your tokens are signed with',
                  kind: 'guidance',
                  reason:
                    'only the signing side knows which algorithm its tokens use (HS256 with a shared secret, RS256/ES256 with a key pair)',
                  edits: [],
                },
              ],
        });
      }
    }
  },
});

function checkVerify(context: RuleContext, call: TSESTree.CallExpression, signed: { algorithm?: string | null }): void {
  const { facts } = context;
  const [, key, third] = call.arguments as Node[];
  if (!key) return;
  const suggested = suggestedAlgorithm(context, key, signed);
  const fix = (edit: { span: { start: number; end: number }; newText: string }): Fix[] => [
    {
      title: `Pass algorithms: ['${suggested}']`,
      kind: 'needs-review',
      preferred: true,
      changes: `tokens signed with any other algorithm than ${suggested} are now refused; check that ${suggested} is what the signing side uses`,
      edits: [edit],
    },
  ];
  const isFunction = (n: Node | undefined) =>
    !!n && (unwrap(n).type === 'ArrowFunctionExpression' || unwrap(n).type === 'FunctionExpression');
  if (!third || isFunction(third)) {
    // verify(token, key) / verify(token, key, callback)
    context.report({
      messageId: 'noAlgorithms',
      data: { suggested: `'${suggested}'` },
      span: facts.span(call),
      docSection: 'jsonwebtoken',
      fixes: fix({ span: { start: key.range[1], end: key.range[1] }, newText: `, { algorithms: ['${suggested}'] }` }),
    });
    return;
  }
  const options = objectOf(facts, third);
  if (!options || hasSpread(options) || property(options, 'algorithms')) return;
  const at = options.range[0] + 1;
  const inline = unwrap(third) === options;
  const empty = options.properties.length === 0;
  context.report({
    messageId: 'noAlgorithms',
    data: { suggested: `'${suggested}'` },
    span: facts.span(call),
    docSection: 'jsonwebtoken',
    fixes:
      inline || objectOf(facts, third)
        ? fix({
            span: { start: at, end: at },
            newText: empty ? ` algorithms: ['${suggested}'] ` : ` algorithms: ['${suggested}'],`,
          })
        : [],
  });
}

/**
 * hapi-auth-jwt2: `server.auth.strategy(name, 'jwt', { key, verifyOptions })` hands `verifyOptions`
 * to jsonwebtoken's verify, so without `algorithms` there the token's header picks the algorithm.
 */
function checkHapiStrategy(
  context: RuleContext,
  call: TSESTree.CallExpression,
  signed: { algorithm?: string | null },
): void {
  const { facts } = context;
  const [, scheme, third] = call.arguments as Node[];
  if (!third || constant(facts, scheme) !== 'jwt') return;
  const options = objectOf(facts, third);
  if (!options || hasSpread(options)) return;
  const key = property(options, 'key');
  const suggested = suggestedAlgorithm(context, (key?.value as Node | undefined) ?? third, signed);
  const verifyOptions = property(options, 'verifyOptions');
  const verify = verifyOptions && objectOf(facts, verifyOptions.value as Node);
  if (verifyOptions && (!verify || hasSpread(verify) || property(verify, 'algorithms'))) return;
  const edits = verify
    ? setProperties(facts, verify, [['algorithms', `['${suggested}']`]])
    : setProperties(facts, options, [['verifyOptions', `{ algorithms: ['${suggested}'] }`]]);
  context.report({
    messageId: 'noAlgorithms',
    data: { suggested: `'${suggested}'` },
    span: facts.span(call),
    docSection: 'hapi-auth-jwt2',
    fixes: [
      {
        title: `Pass algorithms: ['${suggested}'] in verifyOptions`,
        kind: 'needs-review',
        preferred: true,
        changes: `tokens signed with any other algorithm than ${suggested} are now refused; check that ${suggested} is what the signing side uses`,
        edits,
      },
    ],
  });
}

/**
 * The algorithm to allow: the one this file signs with (`jwt.sign(…, { algorithm: 'RS256' })`),
 * else RS256 for a key whose name says public key / certificate, else HS256 (a shared secret).
 */
function suggestedAlgorithm(context: RuleContext, key: Node, signed: { algorithm?: string | null }): string {
  const { facts } = context;
  if (signed.algorithm === undefined) signed.algorithm = signingAlgorithm(context);
  if (signed.algorithm) return signed.algorithm;
  const words = wordsOfName(key);
  return words.some(
    (w) => w === 'public' || w === 'pub' || w === 'cert' || w === 'certificate' || w === 'pem' || w === 'jwks',
  )
    ? 'RS256'
    : 'HS256';
}

/** The algorithm this file's `jwt.sign(…, { algorithm })` uses, looked up once per file (null: none). */
function signingAlgorithm(context: RuleContext): string | null {
  const { facts } = context;
  for (const call of facts.nodesOfType('CallExpression')) {
    if (facts.calleeName(call) !== 'sign') continue;
    const callee = calleeOf(facts, call);
    if (!callee || !JWT_MODULES.has(callee.module)) continue;
    const options = objectOf(facts, call.arguments[2] as Node | undefined);
    const alg = options && property(options, 'algorithm');
    const value = alg && constant(facts, alg.value as Node);
    if (typeof value === 'string' && value.toLowerCase() !== 'none') return value;
  }
  return null;
}

function checkDecode(context: RuleContext, call: TSESTree.CallExpression, fn: string): void {
  const { facts } = context;
  const token = call.arguments[0] as Node | undefined;
  if (!token || isClientCode(context)) return;
  if (verifiedBefore(facts, call, token)) return;
  // A token the request carries: whatever its claims decide (a status to store, a user), the sender wrote them.
  const fromRequest = facts.outsideSource(token)?.kind === 'request';
  if (!trustedAsIdentity(facts, call, fromRequest ? readsClaim : readsIdentity)) return;
  context.report({
    messageId: 'decode',
    data: { fn },
    span: facts.span(call),
    docSection: 'Decoding is not verifying',
    fixes: [
      {
        title: 'Verify the token instead of decoding it',
        kind: 'guidance',
        reason:
          "verify needs the key and the algorithm the tokens are signed with, and it throws where decode returned null: the caller's error path changes",
        edits: [],
      },
    ],
  });
}

/** Claims that say who the caller is or what they may do; reading `iat` or `exp` for display is not trust. */
const IDENTITY_CLAIMS = new Set([
  'sub',
  'id',
  'userId',
  'user_id',
  'uid',
  'role',
  'roles',
  'email',
  'username',
  'admin',
  'isAdmin',
  'is_admin',
  'scope',
  'scopes',
  'permissions',
  'tenant',
  'tenantId',
  'tenant_id',
  'org',
  'orgId',
  'org_id',
  'data',
  'user',
  'account',
  'accountId',
  'groups',
  'customerId',
  'partnerId',
  'merchantId',
  'name',
]);
const IDENTITY_WORDS = new Set([
  'user',
  'identity',
  'principal',
  'session',
  'auth',
  'current',
  'viewer',
  'account',
  'tenant',
  'claims',
  'caller',
  'actor',
  'me',
  'who',
  'member',
  'customer',
]);

/**
 * The decoded claims decide who the caller is: an identity claim is read from them (`.sub`,
 * `.role`, destructured `{ sub }`), they become `req.user` / `ctx.state.user`, or a function named
 * for the caller's identity (`getUser`, `currentTenant`) returns them.
 */
function trustedAsIdentity(
  facts: Facts,
  call: TSESTree.CallExpression,
  reads: (member: TSESTree.MemberExpression) => boolean,
  depth = 0,
): boolean {
  let node: Node = call;
  // Through type assertions, awaits and the branches a value passes through (`t ? decode(t) : null`, `decode(t) || {}`).
  for (
    let parent = facts.parent(node);
    parent &&
    (['TSAsExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'AwaitExpression', 'ChainExpression'].includes(
      parent.type,
    ) ||
      (parent.type === 'ConditionalExpression' && parent.test !== node) ||
      (parent.type === 'LogicalExpression' && parent.operator !== '&&'));
    parent = facts.parent(node)
  )
    node = parent;
  const parent = facts.parent(node);
  if (!parent || depth > 2) return false;
  if (typedAsIdentity(facts, call, node)) return true;
  if (parent.type === 'MemberExpression' && parent.object === node) return reads(parent);
  if (parent.type === 'VariableDeclarator' && parent.init === node) {
    if (parent.id.type === 'ObjectPattern')
      return parent.id.properties.some(
        (p) =>
          p.type === 'Property' &&
          (reads === readsIdentity
            ? IDENTITY_CLAIMS.has(propertyKeyName(p.key) ?? '')
            : !TOKEN_FACTS.has(propertyKeyName(p.key) ?? '')),
      );
    if (parent.id.type !== 'Identifier') return false;
    const variable = facts.variableOf(parent.id);
    return (variable?.references ?? []).some((ref) => {
      const id = ref.identifier as Node;
      const use = facts.parent(id);
      if (use?.type === 'MemberExpression' && use.object === id) return reads(use);
      // `const payload = decoded as any` — one alias further
      if (
        use &&
        ['TSAsExpression', 'TSNonNullExpression'].includes(use.type) &&
        facts.parent(use)?.type === 'VariableDeclarator'
      )
        return trustedAsIdentity(facts, use as never, reads, depth + 1);
      if (use?.type === 'AssignmentExpression' && use.right === id) return assignsIdentity(use);
      if (use?.type === 'ReturnStatement') return returnsIdentity(facts, use);
      return false;
    });
  }
  if (parent.type === 'AssignmentExpression' && parent.right === node) return assignsIdentity(parent);
  if (parent.type === 'ReturnStatement' || parent.type === 'ArrowFunctionExpression')
    return returnsIdentity(facts, parent);
  return false;
}

/**
 * The decoded claims are given a type of the file's own that declares identity claims
 * (`jwt.decode(t) as RoomClaims` where `RoomClaims` has a `role`): whoever reads them decides by them.
 */
function typedAsIdentity(facts: Facts, call: Node, outer: Node): boolean {
  const types: Node[] = [];
  for (let n: Node | undefined = call; n && n !== facts.parent(outer); n = facts.parent(n))
    if ((n.type === 'TSAsExpression' || n.type === 'TSTypeAssertion') && n.typeAnnotation) types.push(n.typeAnnotation);
  const declarator = facts.parent(outer);
  if (declarator?.type === 'VariableDeclarator' && declarator.id.type === 'Identifier' && declarator.id.typeAnnotation)
    types.push(declarator.id.typeAnnotation.typeAnnotation);
  const names = new Set<string>();
  for (const t of types) {
    const parts = t.type === 'TSUnionType' ? t.types : [t];
    for (const part of parts)
      if (part.type === 'TSTypeReference' && part.typeName.type === 'Identifier') names.add(part.typeName.name);
      else if (part.type === 'TSTypeLiteral' && declaresIdentity(part.members)) return true;
  }
  if (names.size === 0) return false;
  for (const d of facts.nodesOfType('TSInterfaceDeclaration'))
    if (names.has(d.id.name) && declaresIdentity(d.body.body)) return true;
  for (const d of facts.nodesOfType('TSTypeAliasDeclaration'))
    if (names.has(d.id.name) && d.typeAnnotation.type === 'TSTypeLiteral' && declaresIdentity(d.typeAnnotation.members))
      return true;
  return false;
}

function declaresIdentity(members: readonly TSESTree.TypeElement[]): boolean {
  return members.some(
    (m) => m.type === 'TSPropertySignature' && IDENTITY_CLAIMS.has(propertyKeyName(m.key as Node) ?? ''),
  );
}

function readsIdentity(member: TSESTree.MemberExpression): boolean {
  const name = member.computed ? undefined : member.property.type === 'Identifier' ? member.property.name : undefined;
  return !!name && IDENTITY_CLAIMS.has(name);
}

/** What a token says about itself (its header, lifetime, issuer), read to pick a key or show an expiry: not a claim the token decides by. */
const TOKEN_FACTS = new Set(['exp', 'iat', 'nbf', 'kid', 'alg', 'typ', 'header', 'iss', 'aud', 'length']);

/** Any claim of a token that came with the request: its sender wrote it. */
function readsClaim(member: TSESTree.MemberExpression): boolean {
  const name = member.computed ? undefined : member.property.type === 'Identifier' ? member.property.name : undefined;
  return !!name && !TOKEN_FACTS.has(name);
}

function assignsIdentity(assignment: TSESTree.AssignmentExpression): boolean {
  const words = wordsOfName(assignment.left as Node);
  return words.some((w) => IDENTITY_WORDS.has(w));
}

function returnsIdentity(facts: Facts, from: Node): boolean {
  const fn = from.type === 'ArrowFunctionExpression' ? from : facts.enclosingFunction(from);
  const name = fn && functionName(facts, fn);
  return !!name && wordsOf(name).some((w) => IDENTITY_WORDS.has(w));
}

/**
 * A `verify` of the same token in the same function: before the decode (the header is read after
 * the signature was checked, e.g. to log the `kid`) or after it (the decode picks the key by `kid`
 * from a JWKS, and verify then checks the token with it).
 */
function verifiedBefore(facts: Facts, decode: TSESTree.CallExpression, token: Node): boolean {
  const fn = facts.enclosingFunction(decode);
  const text = facts.source(token);
  const calls = fn ? facts.nodesOfTypeWithin('CallExpression', fn) : facts.nodesOfType('CallExpression');
  return calls.some(
    (c) =>
      c !== decode &&
      /verify/i.test(facts.calleeName(c) ?? '') &&
      c.arguments.some((a) => facts.source(a as Node) === text) &&
      onPathOf(facts, c, decode, fn),
  );
}

/**
 * The verify runs whenever the decode's result is used: it is not in a branch the decode is not in
 * (`if (organizer) { decode } else { verify }`), and the decode's block does not return before
 * reaching it (`if (fast) { const c = decode(t); …; return next(c) } verify(t)`).
 */
function onPathOf(facts: Facts, verify: Node, decode: Node, fn: Node | undefined): boolean {
  const decodeAncestors = new Set(facts.ancestors(decode));
  for (let n: Node = verify, p = facts.parent(n); p && p !== fn; n = p, p = facts.parent(n)) {
    if (decodeAncestors.has(n)) break;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression') && n !== p.test) return false;
  }
  const verifyAncestors = new Set(facts.ancestors(verify));
  for (const a of facts.ancestors(decode)) {
    if (a === fn) break;
    if (a.type !== 'BlockStatement' || verifyAncestors.has(a)) continue;
    const last = a.body[a.body.length - 1];
    if (last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement') return false;
  }
  return true;
}

/** Browser code reads its own token to show a name or schedule a refresh; the server is where trust is decided. */
function isClientCode(context: RuleContext): boolean {
  const { facts } = context;
  if (facts.ast.body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use client')) return true;
  // The token is read from the browser's own storage: this code runs in the browser.
  if (
    facts
      .nodesOfType('Identifier')
      .some((id) => (id.name === 'localStorage' || id.name === 'sessionStorage') && !facts.variableOf(id))
  )
    return true;
  return facts.nodesOfType('ImportDeclaration').some((d) => CLIENT_MODULES.has(String(d.source.value)));
}
