// facts/modules.ts and Facts.moduleOf: where a value comes from when it comes from a module.

import * as assert from 'node:assert/strict';
import { normalizeModule, packageOf } from '../../../server/engine/facts/modules';
import { factsOf, nodeOf } from './helpers';

describe('facts/modules', () => {
  it('specifiers: node: prefix dropped, packages named with their scope', () => {
    assert.equal(normalizeModule('node:fs'), 'fs');
    assert.equal(normalizeModule('pg'), 'pg');
    assert.equal(packageOf('mysql2/promise'), 'mysql2');
    assert.equal(packageOf('@scope/a/b'), '@scope/a');
  });

  it('moduleOf follows imports, requires, import-equals, new and property reads', () => {
    const facts = factsOf(
      [
        "import { Pool } from 'pg';",
        "const fs = require('node:fs');",
        "import m = require('mysql2/promise');",
        'const pool = new Pool();',
        'pool.query;',
        'fs.promises.readFile;',
        'm.createConnection;',
      ].join('\n'),
    );
    const origin = (source: string) => facts.moduleOf(nodeOf(facts, 'MemberExpression', source));
    assert.deepEqual(origin('pool.query'), { module: 'pg', path: ['Pool', 'query'] });
    assert.deepEqual(origin('fs.promises.readFile'), { module: 'fs', path: ['promises', 'readFile'] });
    assert.deepEqual(origin('m.createConnection'), { module: 'mysql2/promise', path: ['createConnection'] });
  });

  it('a local value has no module', () => {
    const facts = factsOf('const local = { query() {} }; local.query;');
    assert.equal(facts.moduleOf(nodeOf(facts, 'MemberExpression', 'local.query')), undefined);
  });
});
