// TypeScript's import-equals declarations (`import x = require('y')`, `import type x = require('y')`,
// `export import a = B.c`) are resolved like the CommonJS they compile to. Before, the scope
// manager's binding for `import m = require('../m/index')` was read as an ES import
// (`decl.source.value`), and every rule that asked where a value came from threw: 0 findings, the
// errors only in notes. Both parsers (typescript-estree and the oxc fast path) must give the same
// tree and the same findings for these forms.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TSESTree } from '@typescript-eslint/types';
import { analyze } from '../../server/host/analyze';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';
import { DEFAULT_POOL_LIMITS } from '../../server/host/pool';
import type { CompareReport } from '../helpers/native-parse-worker';

const root = packageRoot();

const SOURCE = [
  "import m = require('../m/index');",
  "import mysql = require('mysql2');",
  "import type pg = require('pg');",
  "import escape = require('escape-html');",
  'export namespace Db {',
  '  export import connect = mysql.createConnection;',
  '}',
  "const conn = Db.connect({ host: 'db' });",
  'export function handler(req: any, res: any) {',
  "  conn.query('SELECT * FROM users WHERE id = ' + req.query.id);",
  "  res.send('<p>' + escape(req.query.name) + '</p>');",
  '  return m;',
  '}',
  'export type Client = pg.Client;',
  '',
].join('\n');

/** The facts of SOURCE and its identifier named `name` at its `nth` use. */
function identifier(facts: Facts, name: string, nth: number): TSESTree.Identifier {
  const found = facts.nodesOfType('Identifier').filter((id) => id.name === name);
  assert.ok(found[nth], `no use #${nth} of ${name}`);
  return found[nth];
}

describe('TypeScript import-equals declarations', () => {
  it("a TypeScript file with import m = require('../m/index') runs every rule without a crash and is flagged", () => {
    const r = analyze({ file: path.join(os.tmpdir(), 'svc.ts'), text: SOURCE });
    assert.deepEqual(
      r.notes.filter((n) => n.kind === 'rule-error').map((n) => n.message.split('\n')[0]),
      [],
    );
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId}@${SOURCE.slice(0, f.span.start).split('\n').length}`),
      ['sql/string-built-query@10'],
    );
  });

  it("moduleOf treats import x = require('y') like const x = require('y'), and export import a = B.c like a read of B.c", () => {
    const facts = new Facts(SOURCE, parse(SOURCE, 'ts'));
    assert.deepEqual(facts.moduleOf(identifier(facts, 'm', 1)), { module: '../m/index', path: [] });
    assert.deepEqual(facts.moduleOf(identifier(facts, 'escape', 1)), { module: 'escape-html', path: [] });
    assert.deepEqual(facts.moduleOf(identifier(facts, 'pg', 1)), { module: 'pg', path: [] });
    // `Db.connect` is `mysql.createConnection`; `conn` is what it returns.
    assert.deepEqual(facts.moduleOf(identifier(facts, 'connect', 0)), { module: 'mysql2', path: ['createConnection'] });
    assert.deepEqual(facts.moduleOf(identifier(facts, 'conn', 1)), { module: 'mysql2', path: ['createConnection'] });
  });

  it('the native parser and typescript-estree give the same tree and the same analysis for every import-equals form', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-import-equals-'));
    const file = path.join(dir, 'svc.ts');
    fs.writeFileSync(file, SOURCE);
    try {
      const report = await new Promise<CompareReport>((resolve, reject) => {
        const worker = new Worker(path.join(__dirname, '..', 'helpers', 'native-parse-worker.js'), {
          workerData: { paths: [file] },
          resourceLimits: { stackSizeMb: DEFAULT_POOL_LIMITS.stackSizeMb },
        });
        worker.once('message', (m: CompareReport) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
      assert.deepEqual(report.differences, []);
      assert.equal(report.native, 1, 'the native parser took the file');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the CLI reports the SQL injection behind import mysql = require('mysql2') and no analysis error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-import-equals-'));
    try {
      fs.writeFileSync(path.join(dir, 'svc.ts'), SOURCE);
      const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', 'json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const json = JSON.parse(run.stdout) as { files: { findings: { ruleId: string }[]; notes: { kind: string }[] }[] };
      assert.deepEqual(
        json.files[0].findings.map((f) => f.ruleId),
        ['sql/string-built-query'],
      );
      assert.deepEqual(
        json.files[0].notes.filter((n) => n.kind === 'rule-error'),
        [],
      );
      assert.equal(run.status, 1, run.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
