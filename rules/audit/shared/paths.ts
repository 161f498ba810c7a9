// "Is an audit event reached on this path?" — a structural answer, bounded and without guessing:
// the branch itself, the statements that run before it (dominating it, unless they sit in a branch
// that always leaves), and, when the branch falls through, the statements after it up to the
// first one that always leaves. The walk stops at the enclosing function.

import type { TSESTree } from '@typescript-eslint/types';
import { FUNCTION_TYPES, type Facts, type Node, memberChain, unwrap } from '../../../server/engine/facts';
import { type AuditIndex, auditCallsWithin } from './audit-calls';

/**
 * A statement (or a one-statement block) that hands the decision back to its caller with nothing:
 * `return;`, `return null`, `return false`, `return undefined` — the caller decides and audits.
 */
export function returnsNothing(facts: Facts, node: Node | undefined): boolean {
  let n = node;
  if (n?.type === 'BlockStatement') n = n.body.length === 1 ? n.body[0] : undefined;
  if (n?.type !== 'ReturnStatement') return false;
  if (!n.argument) return true;
  const c = facts.constantOf(n.argument);
  return c !== undefined && (c.value === null || c.value === false || c.value === undefined);
}

/** A branch of a decision: a node (block, statement, catch body) or "the statements after `stmt`". */
export type Branch = { kind: 'node'; node: Node } | { kind: 'after'; stmt: Node };

export function statementList(node: Node): Node[] | undefined {
  switch (node.type) {
    case 'BlockStatement':
    case 'Program':
    case 'StaticBlock':
      return node.body as Node[];
    case 'SwitchCase':
      return node.consequent;
    default:
      return undefined;
  }
}

/** Whether control never falls out of the end of `node` (return, throw, `ctx.throw`, both branches leave). */
export function alwaysExits(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 60) return false;
  switch (node.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return node.body.some((s) => alwaysExits(s, depth + 1));
    case 'IfStatement':
      return !!node.alternate && alwaysExits(node.consequent, depth + 1) && alwaysExits(node.alternate, depth + 1);
    case 'TryStatement':
      return (
        (alwaysExits(node.block, depth + 1) && (!node.handler || alwaysExits(node.handler.body, depth + 1))) ||
        alwaysExits(node.finalizer, depth + 1)
      );
    case 'LabeledStatement':
      return alwaysExits(node.body, depth + 1);
    case 'ExpressionStatement': {
      const e = unwrap(node.expression);
      const call = e.type === 'AwaitExpression' ? unwrap(e.argument) : e;
      if (call.type !== 'CallExpression') return false;
      const chain = memberChain(call.callee).join('.');
      // Koa's ctx.throw and process.exit never return.
      return /(^|\.)(ctx|context)\.throw$/.test(chain) || chain === 'process.exit';
    }
    default:
      return false;
  }
}

/** The statement (in a statement list or as a branch body) that contains `node`. */
export function statementOf(facts: Facts, node: Node): Node | undefined {
  for (let n: Node | undefined = node; n; n = facts.parent(n)) {
    if (FUNCTION_TYPES.has(n.type) && n !== node) return undefined;
    const parent = facts.parent(n);
    if (!parent) return undefined;
    if (statementList(parent)?.includes(n)) return n;
    if (
      (parent.type === 'IfStatement' && (parent.consequent === n || parent.alternate === n)) ||
      ((parent.type === 'ForStatement' ||
        parent.type === 'ForOfStatement' ||
        parent.type === 'ForInStatement' ||
        parent.type === 'WhileStatement' ||
        parent.type === 'DoWhileStatement') &&
        parent.body === n)
    ) {
      return n;
    }
  }
  return undefined;
}

/** Audit calls inside `stmt` that run whenever control falls through `stmt` (not inside a branch that leaves). */
function auditOnFallThrough(facts: Facts, index: AuditIndex, stmt: Node): boolean {
  for (const call of auditCallsWithin(index, stmt)) {
    let counted = true;
    for (let a: Node = call; a !== stmt; ) {
      const p = facts.parent(a);
      if (!p) break;
      if (
        (p.type === 'IfStatement' && (p.consequent === a || p.alternate === a) && alwaysExits(a)) ||
        (p.type === 'CatchClause' && alwaysExits(a)) ||
        (p.type === 'SwitchCase' && p.consequent.some((s) => alwaysExits(s)))
      ) {
        counted = false;
        break;
      }
      a = p;
    }
    if (counted) return true;
  }
  return false;
}

/** Whether an audit event is reached on the path through `branch`, within its enclosing function. */
export function auditReached(facts: Facts, index: AuditIndex, branch: Branch): boolean {
  let cur: Node;
  let exits: boolean;
  if (branch.kind === 'node') {
    if (auditCallsWithin(index, branch.node).length > 0) return true;
    cur = branch.node;
    exits = alwaysExits(branch.node);
  } else {
    cur = branch.stmt;
    exits = false;
  }
  for (let guard = 0; guard < 500; guard++) {
    const parent = facts.parent(cur);
    if (!parent || FUNCTION_TYPES.has(parent.type)) return false;
    const list = statementList(parent);
    if (list) {
      const i = list.indexOf(cur);
      for (let j = 0; j < i; j++) if (auditOnFallThrough(facts, index, list[j])) return true;
      if (!exits) {
        for (let j = i + 1; j < list.length; j++) {
          if (auditOnFallThrough(facts, index, list[j])) return true;
          if (alwaysExits(list[j])) {
            exits = true;
            break;
          }
        }
      }
    }
    if (
      parent.type === 'TryStatement' &&
      parent.finalizer &&
      cur !== parent.finalizer &&
      auditCallsWithin(index, parent.finalizer).length > 0
    )
      return true;
    // A decision made in an `if` test: the audit may sit in the test's other operands only by accident; ignore.
    cur = parent;
  }
  return false;
}
