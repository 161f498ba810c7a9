// Password policies in code, shared by defaults/password-policy (a minimum below 8) and
// defaults/breached-password-check (a policy with no breached-password check): Joi/zod/yup
// `.min(n)`, class-validator `@MinLength(n)`, `@Length(n, …)`, `@IsStrongPassword({ minLength })`,
// express-validator `isLength({ min })`, mongoose `minlength`/`minLength`, on a field where a
// password is set.

import type { TSESTree } from '@typescript-eslint/types';
import {
  type Facts,
  type Node,
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
} from '../../../server/engine/facts';
import type { RuleContext } from '../../../server/engine/types';
import { objectOf, property } from './objects';

export const MINIMUM = 8;
/** A field where a password is set (not the current one typed to log in or confirm a change). */
export const PASSWORD_FIELD = /^(new|plain|admin|initial|temp|user|account)?_?pass(word|phrase|wd)$/i;
const CURRENT_FIELD = /^(current|old|existing|previous)/i;
/** A check against breached passwords: Have I Been Pwned, zxcvbn-style checks, a team's own helper. */
export const BREACH_CHECK = /pwned|breach|hibp|compromised|zxcvbn|leaked/i;
/** Schemas for logging in: their password has no minimum by design. */
const LOGIN_CONTEXT = /login|signin|sign_in|credentials|authenticate/i;

export interface Policy {
  node: Node;
  field: string;
  min: number;
  edit?: Node;
}

/** Every password minimum written in the file, with the node to report and the number to edit. */
export function passwordPolicies(context: RuleContext): Policy[] {
  const { facts } = context;
  const policies: Policy[] = [];
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
        if (typeof n === 'number')
          policies.push({ node: d, field, min: n, ...(minProp ? { edit: minProp.value } : {}) });
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

  return policies;
}

function isPasswordField(name: string): boolean {
  return PASSWORD_FIELD.test(name) && !CURRENT_FIELD.test(name);
}

/** The field a builder chain validates: the property it is the value of, or `body('password')`/`check('password')` at its root. */
function chainField(facts: Facts, call: TSESTree.CallExpression): string | undefined {
  // Up to the outermost call of the chain.
  let top: Node = call;
  for (;;) {
    const p = facts.parent(top);
    if (p?.type === 'MemberExpression' && p.object === top) {
      const c = facts.parent(p);
      if (c?.type === 'CallExpression' && c.callee === p) {
        top = c;
        continue;
      }
    }
    break;
  }
  const parent = facts.parent(top);
  if (parent?.type === 'Property' && parent.value === top) {
    const field = propertyKeyName(parent.key);
    return field && isPasswordField(field) ? field : undefined;
  }
  // A schema kept in a variable named for what it validates: `const newPassword = Joi.string().min(6)`.
  if (parent?.type === 'VariableDeclarator' && parent.init === top && parent.id.type === 'Identifier')
    return isPasswordField(parent.id.name) ? parent.id.name : undefined;
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

/** Route paths that check a password rather than set one. */
const LOGIN_PATH = /log-?in|sign-?in|\/sessions?\b|\/auth\/token\b|\/token\b|authenticate/i;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'all', 'route']);

/** Whether the policy is on a form that sets a password (not a login form): the nearest named schema, DTO or route path decides, else the file name. */
export function setsPassword(context: RuleContext, node: Node): boolean {
  const { facts } = context;
  for (const a of facts.ancestors(node)) {
    let name: string | undefined;
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') name = a.id.name;
    else if (a.type === 'ClassDeclaration' && a.id) name = a.id.name;
    if (name) return !LOGIN_CONTEXT.test(name);
    // A policy written inline in a route's middleware: `router.post('/login', body('password').isLength({ min: 8 }), …)`.
    if (a.type === 'CallExpression' && a.arguments.length >= 2 && ROUTE_METHODS.has(facts.calleeName(a) ?? '')) {
      const path = facts.constantOf(a.arguments[0])?.value;
      if (typeof path === 'string' && path.startsWith('/')) return !LOGIN_PATH.test(path);
    }
  }
  return !LOGIN_CONTEXT.test(context.file.split(/[\\/]/).pop() ?? '');
}
