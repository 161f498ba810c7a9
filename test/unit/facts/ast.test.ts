// facts/ast.ts: the AST vocabulary (wrappers, member chains, property names, destructuring paths).

import * as assert from 'node:assert/strict';
import {
  destructuringPath,
  FUNCTION_TYPES,
  isRequireCall,
  memberChain,
  memberRoot,
  propertyKeyName,
  propertyName,
  unwrap,
} from '../../../server/engine/facts/ast';
import { factsOf, nodeOf } from './helpers';

describe('facts/ast', () => {
  it('unwrap strips TypeScript wrappers and optional chains, nothing else', () => {
    const facts = factsOf('const a = (x as any)!; const b = y satisfies T; const c = (z);');
    for (const init of facts.nodesOfType('VariableDeclarator').map((d) => d.init!)) {
      assert.equal(unwrap(init).type, 'Identifier', facts.source(init));
    }
  });

  it('memberChain reads names through calls and ends computed parts with *', () => {
    const facts = factsOf("req.query.id; a.b().c; this.db.query; x[k].y; x['lit'].y;");
    const chains = facts.nodesOfType('ExpressionStatement').map((s) => memberChain(s.expression));
    assert.deepEqual(chains, [
      ['req', 'query', 'id'],
      ['a', 'b', 'c'],
      ['this', 'db', 'query'],
      ['x', '*', 'y'],
      ['x', 'lit', 'y'],
    ]);
    assert.equal(facts.source(memberRoot(facts.nodesOfType('ExpressionStatement')[1].expression)), 'a');
  });

  it('propertyName and propertyKeyName read static names only', () => {
    const facts = factsOf("o.a; o['b']; o[c]; ({ d: 1, 'e': 2, 3: 3, [`t${x}`]: 4 });");
    assert.deepEqual(facts.nodesOfType('MemberExpression').map(propertyName), ['a', 'b', undefined]);
    assert.deepEqual(
      facts.nodesOfType('Property').map((p) => propertyKeyName(p.key)),
      ['d', 'e', '3', undefined],
    );
  });

  it('destructuringPath gives the property path to a bound name', () => {
    const facts = factsOf('const { a: { b: bb }, c: [d] } = x;');
    const pattern = facts.nodesOfType('VariableDeclarator')[0].id;
    assert.deepEqual(destructuringPath(pattern, nodeOf(facts, 'Identifier', 'bb')), ['a', 'b']);
    assert.deepEqual(destructuringPath(pattern, nodeOf(facts, 'Identifier', 'd')), ['c']);
  });

  it('isRequireCall only for require of one literal; FUNCTION_TYPES are the three function nodes', () => {
    const facts = factsOf("require('pg'); require(name); require('a', 'b');");
    assert.deepEqual(facts.nodesOfType('CallExpression').map(isRequireCall), [true, false, false]);
    assert.deepEqual([...FUNCTION_TYPES].sort(), [
      'ArrowFunctionExpression',
      'FunctionDeclaration',
      'FunctionExpression',
    ]);
  });
});
