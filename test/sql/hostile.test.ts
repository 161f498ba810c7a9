// Bad input for the SQL family: gigantic concatenation chains, long chains of variables, recursion
// between helper functions, circular reassignments, SQL in comments and in non-SQL strings. Each
// must end without a crashed rule, and report nothing where no sink is reached.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/host/analyze';

const HEADER = "const { Pool } = require('pg');\nconst pool = new Pool();\n";

function sqlFindings(text: string): { lines: number[]; notes: string[]; fixes: number } {
  const { findings, notes } = analyze({ file: 'hostile.js', text });
  const sql = findings.filter((f) => f.ruleId.startsWith('sql/'));
  return {
    lines: sql.map((f) => text.slice(0, f.span.start).split('\n').length),
    notes: notes.map((n) => `${n.kind}: ${n.message.slice(0, 200)}`),
    fixes: sql.filter((f) => f.fixes?.length).length,
  };
}

describe('SQL family on hostile input', function () {
  this.timeout(60_000);

  it('a concatenation chain of 20,000 parts is reported once, without a crash', () => {
    const parts = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `' AND c${i} = '` : `req.query.p${i}`));
    const text = `${HEADER}module.exports = (req) => pool.query("SELECT * FROM t WHERE a = '" + ${parts.join(' + ')} + "'");\n`;
    const r = sqlFindings(text);
    assert.deepEqual(
      r.notes.filter((n) => n.startsWith('rule-error')),
      [],
    );
    assert.ok(r.lines.length <= 1);
  });

  it('5,000 variables each built from the previous one stay bounded', () => {
    let body = "let v0 = 'SELECT * FROM t WHERE id = ' + req.query.id;\n";
    for (let i = 1; i < 5000; i++) body += `const v${i} = v${i - 1} + ' ';\n`;
    const text = `${HEADER}module.exports = (req) => {\n${body}return pool.query(v4999);\n};\n`;
    const r = sqlFindings(text);
    assert.deepEqual(
      r.notes.filter((n) => n.startsWith('rule-error')),
      [],
    );
  });

  it('recursion between helper functions and circular reassignments end', () => {
    const text = `${HEADER}
function a(sql, n) { return n ? b(sql, n - 1) : pool.query(sql); }
function b(sql, n) { return a(sql, n); }
function self(sql) { return self(sql) || pool.query(sql); }
module.exports = (req) => {
  let x = 'SELECT 1';
  let y = x;
  x = y;
  y = x + '';
  a(y, 3);
  self('SELECT * FROM t WHERE id = ' + req.query.id);
  let s = 'SELECT * FROM t WHERE a = ' + req.query.a;
  for (let i = 0; i < 3; i++) s = s + ' OR a = ' + s;
  return a('SELECT * FROM t WHERE name = ' + req.query.name, 2);
};
`;
    const r = sqlFindings(text);
    assert.deepEqual(
      r.notes.filter((n) => n.startsWith('rule-error')),
      [],
    );
    assert.ok(r.lines.length >= 2, `the helpers' callers are still reported: ${JSON.stringify(r)}`);
  });

  it('SQL in comments and in strings that reach no sink is not reported', () => {
    const text = `${HEADER}
// pool.query("SELECT * FROM t WHERE id = " + req.query.id)
/* pool.query(\`DELETE FROM t WHERE id = \${id}\`) */
module.exports = (req, res) => {
  const message = 'SELECT * FROM t WHERE id = ' + req.query.id;
  console.log(message);
  res.send(\`<p>UPDATE users SET name = '\${req.query.name}'</p>\`);
  throw new Error('INSERT INTO t VALUES (' + req.query.v + ')');
};
`;
    const r = sqlFindings(text);
    assert.deepEqual(r.lines, []);
  });
});
