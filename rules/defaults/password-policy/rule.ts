// defaults/password-policy: a password that is being set may be shorter than 8 characters (NIST SP
// 800-63B §5.1.1.2) — Joi/zod/yup `.min(n)`, class-validator `@MinLength(n)`, `@Length(n, …)`,
// `@IsStrongPassword({ minLength: n })`, express-validator `isLength({ min: n })`, mongoose
// `minlength`/`minLength`. A minimum of 0 or 1 means "not empty" (a login form) and is not a
// policy. Where a policy of 8 or more sets a password and the file never checks it against known
// breached passwords, a hint says so (low confidence: the check may live elsewhere).

import type { TSESTree } from '@typescript-eslint/types';
import { defineRule } from '../../../server/engine/rule';
import { type Facts, type Node, memberChain, propertyKeyName, propertyName, unwrap } from '../../../server/engine/facts';
import type { RuleContext } from '../../../server/engine/types';
import { objectOf, property } from '../shared/objects';

const MINIMUM = 8;
/** A field where a password is set (not the current one typed to log in or confirm a change). */
const PASSWORD_FIELD = /^(new|plain|admin|initial|temp|user|account)?_?pass(word|phrase|wd)$/i;
const CURRENT_FIELD = /^(current|old|existing|previous)/i;
/** A check against breached passwords: Have I Been Pwned, zxcvbn-style checks, a team's own helper. */
const BREACH_CHECK = /pwned|breach|hibp|compromised|zxcvbn|leaked/i;
/** Schemas for logging in: their password has no minimum by design. */
const LOGIN_CONTEXT = /login|signin|sign_in|credentials|authenticate/i;

export default defineRule({
  meta: {
    id: 'defaults/password-policy',
    title: 'Password minimum below 8 characters',
    summary: 'A password being set may be shorter than 8 characters (NIST SP 800-63B); require at least 8 and check new passwords against known breached ones.',
    cwe: ['CWE-521'],
    ssdf: ['PW.9.1', 'PW.1.1'],
    severity: 'warning',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      short: 'The password `{{field}}` may be {{min}} character{{s}} long: short passwords fall to guessing and credential stuffing. NIST SP 800-63B asks for at least 8 (and a check against known breached passwords).',
      noBreachCheck: 'Hint: the password policy for `{{field}}` sets a minimum length but nothing in this file checks new passwords against known breached ones (NIST SP 800-63B), e.g. the Have I Been Pwned range API.',
    },
  },
  check(context) {
    const { facts } = context;
    const policies: { node: Node; field: string; min: number; edit?: Node }[] = [];
    // Builder chains: `password: Joi.string().min(6)`, `z.string().min(6)`, `yup.string().min(7)`, `body('password').isLength({ min: 6 })`.
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      if (callee.type !== 'MemberExpression') continue;
      const method = propertyName(callee);
      if (method === 'min' && call.arguments.length >= 1) {
        const n = facts.constantOf(call.arguments[0])?.value;
        if (typeof n !== 'number') continue;
        const field = chainField(facts, call);
        if (field && isStringChain(facts, call)) policies.push({ node: call, field, min: n, edit: call.arguments[0] });
      } else if (method === 'isLength' && call.arguments.length >= 1) {
        const options = objectOf(facts, call.arguments[0]);
        const minProp = options && property(options, 'min');
        const n = minProp && facts.constantOf(minProp.value)?.value;
        if (typeof n !== 'number') continue;
        const field = chainField(facts, call);
        if (field) policies.push({ node: call, field, min: n, edit: minProp!.value });
      }
    }
    // class-validator decorators on a DTO property.
    for (const prop of facts.nodesOfType('PropertyDefinition')) {
      const field = propertyKeyName(prop.key);
      if (!field || !isPasswordField(field)) continue;
      for (const d of prop.decorators ?? []) {
        const e = unwrap(d.expression);
        if (e.type !== 'CallExpression') continue;
        const name = facts.calleeName(e);
        if ((name === 'MinLength' || name === 'Length') && e.arguments[0]) {
          const n = facts.constantOf(e.arguments[0])?.value;
          if (typeof n === 'number') policies.push({ node: d, field, min: n, edit: e.arguments[0] });
        } else if (name === 'IsStrongPassword') {
          const options = objectOf(facts, e.arguments[0]);
          const minProp = options && property(options, 'minLength');
          const n = minProp ? facts.constantOf(minProp.value)?.value : MINIMUM; // its default is 8
          if (typeof n === 'number') policies.push({ node: d, field, min: n, ...(minProp ? { edit: minProp.value } : {}) });
        }
      }
    }
    // mongoose: `password: { type: String, minlength: 6 }`.
    for (const object of facts.nodesOfType('ObjectExpression')) {
      const parent = facts.parent(object);
      if (parent?.type !== 'Property' || parent.value !== object) continue;
      const field = propertyKeyName(parent.key);
      if (!field || !isPasswordField(field)) continue;
      const minProp = property(object, 'minlength') ?? property(object, 'minLength');
      if (!minProp) continue;
      const v = unwrap(minProp.value);
      const valueNode = v.type === 'ArrayExpression' && v.elements[0] ? v.elements[0] : v;
      const n = facts.constantOf(valueNode as Node)?.value;
      if (typeof n === 'number') policies.push({ node: minProp, field, min: n, edit: valueNode as Node });
    }

    const breachChecked = BREACH_CHECK.test(context.text);
    for (const p of policies) {
      if (p.min <= 1) continue; // "not empty": a login form, not a policy
      if (p.min < MINIMUM) {
        context.report({
          messageId: 'short',
          data: { field: p.field, min: p.min, s: p.min === 1 ? '' : 's' },
          span: facts.span(p.node),
          ...(p.edit ? { fixes: [{ title: `Require at least ${MINIMUM} characters`, kind: 'needs-review' as const, changes: `passwords shorter than ${MINIMUM} characters are now refused when set`, preferred: true, edits: [{ span: facts.span(p.edit), newText: String(MINIMUM) }] }] } : {}),
        });
      } else if (!breachChecked && setsPassword(context, p.node)) {
        context.report({ messageId: 'noBreachCheck', data: { field: p.field }, span: facts.span(p.node), confidence: 'low' });
      }
    }
  },
});

function isPasswordField(name: string): boolean {
  return PASSWORD_FIELD.test(name) && !CURRENT_FIELD.test(name);
}

/** The field a builder chain validates: the property it is the value of, or `body('password')`/`check('password')` at its root. */
function chainField(facts: Facts, call: TSESTree.CallExpression): string | undefined {
  // Up to the outermost call of the chain.
  let top: Node = call;
  for (;;) {
    const p = facts.parent(top);
    if (p?.type === 'MemberExpression' && p.object === top) { const c = facts.parent(p); if (c?.type === 'CallExpression' && c.callee === p) { top = c; continue; } }
    break;
  }
  const parent = facts.parent(top);
  if (parent?.type === 'Property' && parent.value === top) {
    const field = propertyKeyName(parent.key);
    return field && isPasswordField(field) ? field : undefined;
  }
  // Down to the root call: `body('password')`, `check('newPassword')`.
  let n: Node = unwrap(call.callee);
  while (n.type === 'MemberExpression' || n.type === 'CallExpression') {
    if (n.type === 'CallExpression') {
      const name = facts.calleeName(n);
      if ((name === 'body' || name === 'check' || name === 'param') && n.arguments[0]) {
        const c = facts.constantOf(n.arguments[0])?.value;
        return typeof c === 'string' && isPasswordField(c) ? c : undefined;
      }
      n = unwrap(n.callee);
    } else n = unwrap(n.object);
  }
  return undefined;
}

/** `.min()` on a string schema (Joi/zod/yup): the chain mentions `string` (not a number or an array). */
function isStringChain(facts: Facts, call: TSESTree.CallExpression): boolean {
  const chain = memberChain(call.callee);
  return chain.includes('string') || chain.includes('password');
}

/** Whether the policy is on a form that sets a password (not a login form). */
function setsPassword(context: RuleContext, node: Node): boolean {
  const { facts } = context;
  for (const a of facts.ancestors(node)) {
    let name: string | undefined;
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') name = a.id.name;
    else if (a.type === 'ClassDeclaration' && a.id) name = a.id.name;
    if (name) return !LOGIN_CONTEXT.test(name);
  }
  return !LOGIN_CONTEXT.test(context.file.split(/[\\/]/).pop() ?? '');
}
