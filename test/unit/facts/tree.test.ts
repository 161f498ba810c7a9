// The tree's own indexes (facts/tree.ts): built once per tree and shared by every Facts over it;
// the variable of each identifier recorded on the identifier, exactly what the scope analysis says,
// and never a stale one from another analysis of a node two trees share (reparse.ts).

import * as assert from 'node:assert/strict';
import type { Scope, ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/types';
import { Facts, type Node } from '../../../server/engine/facts';
import { parse, withScopes } from '../../../server/engine/parse';
import { nodeOf } from './helpers';

const TEXT = `import * as db from 'db';
import cfg = require('cfg');
const { a, b: [c] } = db.load();
let x = a;
function f(x: number, ...rest: string[]) {
  const inner = () => x + c + rest.length;
  x = 2;
  return inner();
}
class K { m(y = x) { return y + this.z; } z = 1; }
for (const k of [a]) { let a = k; x += a; }
label: { undeclared(f, K, cfg); }
export { x as y };
`;

/** The identifier → variable table as it was built before tree.ts (a Map filled scope by scope). */
function mapOf(scopeManager: ScopeManager): Map<Node, Variable> {
  const map = new Map<Node, Variable>();
  for (const scope of scopeManager.scopes as Scope[]) {
    for (const variable of scope.variables) for (const id of variable.identifiers) map.set(id, variable);
    for (const ref of scope.references) if (ref.resolved) map.set(ref.identifier, ref.resolved);
  }
  return map;
}

describe('the tree index (facts/tree.ts)', () => {
  it('is built once per tree: a second Facts over the same tree reads the same lists', () => {
    const parsed = parse(TEXT, 'ts');
    const one = new Facts(TEXT, parsed);
    const two = new Facts(TEXT, parsed, {});
    const ids = one.nodesOfType('Identifier');
    assert.ok(ids.length > 20);
    assert.equal(two.nodesOfType('Identifier'), ids);
    const call = nodeOf(two, 'CallExpression', 'inner()');
    assert.equal(two.parent(call)?.type, 'ReturnStatement');
  });

  it('gives every identifier the variable the scope analysis gives it, and none to the rest', () => {
    const parsed = parse(TEXT, 'tsx');
    const facts = new Facts(TEXT, parsed);
    const expected = mapOf(parsed.scopeManager);
    let resolved = 0;
    for (const id of [...facts.nodesOfType('Identifier'), ...facts.nodesOfType('JSXIdentifier')]) {
      assert.equal(facts.variableOf(id), expected.get(id), `${facts.source(id)} at ${id.range[0]}`);
      if (expected.has(id)) resolved++;
    }
    assert.ok(resolved > 15, 'the snippet declares and uses variables');
    assert.equal(facts.variableOf(nodeOf(facts, 'Identifier', 'undeclared')), undefined);
  });

  it('two scope analyses of one tree: each Facts reads its own variables, in any order', () => {
    const parsed = parse(TEXT, 'ts');
    const again = { ...parsed, ...withScopes(parsed.ast) };
    const one = new Facts(TEXT, parsed);
    const two = new Facts(TEXT, again);
    const ids = one.nodesOfType('Identifier').filter((id) => one.variableOf(id));
    const first = mapOf(parsed.scopeManager);
    const second = mapOf(again.scopeManager);
    for (const id of ids) {
      assert.equal(two.variableOf(id), second.get(id));
      assert.equal(one.variableOf(id), first.get(id));
      assert.notEqual(first.get(id), second.get(id));
    }
  });

  it('a node shared with a newer tree whose analysis does not resolve it has no variable there', () => {
    const text = 'const a = 1;\nuse(a);\n';
    const parsed = parse(text, 'ts');
    const old = new Facts(text, parsed);
    const use = nodeOf(old, 'Identifier', 'a') as TSESTree.Identifier;
    const ref = old.nodesOfType('Identifier').find((id) => id !== use && old.source(id) === 'a')!;
    assert.ok(old.variableOf(ref), 'resolved in the tree that declares it');
    // What reparse.ts does: a new root (a copy of the old one, its symbol-keyed entries included)
    // reusing an untouched statement (here: the declaration is gone).
    const root = { ...parsed.ast, body: [parsed.ast.body[1]] } as TSESTree.Program;
    const newer = new Facts(text, { ...withScopes(root), notes: [] });
    assert.equal(newer.parent(ref)?.type, 'CallExpression');
    assert.equal(newer.variableOf(ref), undefined);
    assert.equal(newer.parent(root.body[0]), root, 'the reused statement hangs from the new root');
  });
});
