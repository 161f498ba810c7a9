// Is this query text built from strings with a part that is not a compile-time constant?
// Follows local variables (initialisers, reassignments and `+=`) and records the way as steps.

import type { TSESTree } from '@typescript-eslint/types';
import { propertyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import type { FlowStep } from '../../../server/engine/types';

export interface StringBuild {
  /** The expression where the text is assembled (a template, a `+` chain, a `concat`/`join`/`format` call). */
  node: Node;
  /** The parts that are not constants. */
  dynamic: Node[];
  /** From where the text is built towards the sink. */
  steps: FlowStep[];
}

const MAX_DEPTH = 12;

export function findStringBuild(facts: Facts, expr: Node, depth = 0, seen = new Set<Node>()): StringBuild | undefined {
  if (depth > MAX_DEPTH || seen.has(expr)) return undefined;
  seen.add(expr);
  const n = unwrap(expr);
  if (facts.isConstant(n)) return undefined;
  switch (n.type) {
    case 'TemplateLiteral': {
      const dynamic = n.expressions.filter((e) => !facts.isConstant(e));
      return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
    }
    case 'BinaryExpression': {
      if (n.operator !== '+') return undefined;
      const operands = flattenPlus(n);
      const hasText = operands.some((o) => isStringy(facts, o));
      if (!hasText) return undefined;
      const dynamic = operands.filter((o) => !facts.isConstant(o));
      return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
    }
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      const name = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
      if (callee.type === 'MemberExpression' && name === 'concat' && isStringy(facts, callee.object)) {
        const dynamic = [callee.object, ...n.arguments].filter((a) => !facts.isConstant(a));
        return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
      }
      if (callee.type === 'MemberExpression' && name === 'join' && unwrap(callee.object).type === 'ArrayExpression') {
        const elements = (unwrap(callee.object) as TSESTree.ArrayExpression).elements.filter((e): e is TSESTree.Expression => !!e && e.type !== 'SpreadElement');
        const dynamic = elements.filter((e) => !facts.isConstant(e));
        return dynamic.length && elements.some((e) => isStringy(facts, e)) ? { node: n, dynamic, steps: [] } : undefined;
      }
      if (name === 'format' && isUtilFormat(facts, n) && n.arguments.length > 1 && facts.isConstant(n.arguments[0])) {
        const dynamic = n.arguments.slice(1).filter((a) => !facts.isConstant(a));
        return dynamic.length ? { node: n, dynamic, steps: [] } : undefined;
      }
      return undefined;
    }
    case 'ConditionalExpression':
      return findStringBuild(facts, n.consequent, depth + 1, seen) ?? findStringBuild(facts, n.alternate, depth + 1, seen);
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) return undefined;
      const dynamic: Node[] = [];
      const steps: FlowStep[] = [];
      let first: Node | undefined;
      for (const write of facts.writesOf(variable)) {
        if (write.node.range[0] > n.range[0] && facts.enclosingFunction(write.node) === facts.enclosingFunction(n)) continue; // later writes in the same function cannot reach this use
        if (write.operator === 'param') continue;
        if (write.operator === '+=') {
          const inner = findStringBuild(facts, write.value, depth + 1, seen);
          const parts = inner ? inner.dynamic : facts.isConstant(write.value) ? [] : [write.value];
          if (parts.length) {
            dynamic.push(...parts);
            steps.push(...(inner?.steps ?? []), { span: facts.span(write.node), message: `\`${n.name}\` is extended with \`${abbreviate(facts.source(write.value))}\`` });
            first ??= write.node;
          }
          continue;
        }
        const inner = findStringBuild(facts, write.value, depth + 1, seen);
        if (inner) {
          dynamic.push(...inner.dynamic);
          steps.push(...inner.steps, { span: facts.span(inner.node), message: `query text assembled here with \`${abbreviate(inner.dynamic.map((d) => facts.source(d)).join('`, `'))}\`` });
          first ??= inner.node;
        }
      }
      return first ? { node: first, dynamic, steps } : undefined;
    }
    default:
      return undefined;
  }
}

/** `a + b + c` → [a, b, c] (left-associative `+` chains only). */
export function flattenPlus(node: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length) {
    const n = unwrap(stack.pop()!);
    if (n.type === 'BinaryExpression' && n.operator === '+') {
      stack.push(n.right, n.left);
    } else {
      out.push(n);
    }
  }
  return out;
}

function isStringy(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'TemplateLiteral') return true;
  const c = facts.constantOf(n);
  return typeof c?.value === 'string';
}

function isUtilFormat(facts: Facts, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const origin = callee.type === 'MemberExpression' ? facts.moduleOf(callee.object) : facts.moduleOf(callee);
  return origin?.module === 'util';
}

export function abbreviate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
