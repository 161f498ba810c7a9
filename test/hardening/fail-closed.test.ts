// Fail closed, through every front door: a crashed rule is reported and the others still run; a
// runaway rule is stopped by its time budget with a visible note, never a hang; the language server
// logs its own crash with what reproduces it and exits non-zero so the client restarts it.
// Faults are injected with PAVED_ROAD_TEST_FAULTS (server/engine/faults.ts), honoured only there.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/host/analyze';
import { checkBudgetOnEveryCall, RuleBudgetExceeded, startBudget, type Budget } from '../../server/engine/budget';
import { Facts, UNCHECKED_FACTS_HELPERS } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import type { Rule } from '../../server/engine/types';
import { allRules } from '../../rules';
import { packageRoot } from '../../server/engine/paths';
import { startClient } from '../helpers/lsp-client';

const root = packageRoot();
const VULNERABLE = `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);\n`;
const SQL_LINE = 2; // zero-based line of the query

const meta = (id: string): Rule['meta'] => ({
  id,
  title: id,
  summary: id,
  cwe: [],
  ssdf: [],
  severity: 'info',
  confidence: 'low',
  messages: { m: 'x' },
  fixKinds: [],
});
const throwing: Rule = {
  meta: meta('test/throws'),
  check() {
    throw new Error('boom');
  },
};
const hanging: Rule = {
  meta: meta('test/hang'),
  check(ctx) {
    for (;;) ctx.facts.nodesOfType('CallExpression');
  },
};
const reportsThenHangs: Rule = {
  meta: meta('test/partial'),
  check(ctx) {
    ctx.report({ messageId: 'm', span: { start: 0, end: 1 } });
    for (;;) ctx.facts.constantOf(ctx.ast);
  },
};

describe('fail closed: the engine', () => {
  it('a crashing rule is reported with its id, file and stack; the other rules still report', () => {
    const r = analyze({ file: 'a.js', text: VULNERABLE }, {}, [throwing, ...allRules]);
    const note = r.notes.find((n) => n.kind === 'rule-error');
    assert.ok(note, JSON.stringify(r.notes));
    assert.equal(note.ruleId, 'test/throws');
    assert.match(note.message, /rule test\/throws failed on a\.js: boom\n.*Error: boom/s);
    assert.ok(r.findings.some((f) => f.ruleId === 'sql/string-built-query'));
  });

  it('a runaway rule is stopped by its time budget, the findings it made before the cut kept, with a visible note; the others still report', () => {
    const r = analyze({ file: 'a.js', text: VULNERABLE }, { ruleBudgetMs: 50 }, [
      hanging,
      reportsThenHangs,
      ...allRules,
    ]);
    const skipped = r.notes.filter((n) => n.kind === 'skipped');
    assert.deepEqual(
      skipped.map((n) => n.ruleId),
      ['test/hang', 'test/partial'],
    );
    assert.match(skipped[0].message, /took longer than 50 ms on this file and was stopped/);
    assert.ok(
      r.findings.some((f) => f.ruleId === 'test/partial'),
      'a cut never hides a finding already made',
    );
    assert.match(
      skipped[1].message,
      /the 1 finding it made before the cut are shown, the rest of the file was not checked by it/,
    );
    assert.ok(r.findings.some((f) => f.ruleId === 'sql/string-built-query'));
  });

  it('a rule stopped midway leaves no half-filled Facts cache behind for the rules after it', () => {
    const alone = analyze({ file: 'a.js', text: VULNERABLE }, {}, allRules);
    const after = analyze({ file: 'a.js', text: VULNERABLE }, { ruleBudgetMs: 20 }, [
      reportsThenHangs,
      hanging,
      throwing,
      ...allRules,
    ]);
    assert.deepEqual(
      after.findings.filter((f) => f.ruleId !== 'test/partial'),
      alone.findings,
    );
  });

  it('the budget checks at every Facts call, including the calls Facts makes on itself', () => {
    let now = 0;
    const budget = startBudget(10, () => now);
    const calls: string[] = [];
    class Target {
      budget?: Budget;
      field = 7;
      a(): number {
        calls.push('a');
        return this.b();
      }
      b(): number {
        calls.push('b');
        now = 100;
        return this.c();
      }
      c(): number {
        calls.push('c');
        return 1;
      }
    }
    checkBudgetOnEveryCall(Target.prototype);
    const target = new Target();
    assert.equal(target.a(), 1, 'no budget: unbounded');
    calls.length = 0;
    now = 0;
    target.budget = budget;
    assert.equal(target.field, 7);
    assert.throws(() => target.a(), RuleBudgetExceeded);
    assert.deepEqual(calls, ['a', 'b']);
    // A helper named in `except` is not a safe point itself; the method that reaches it still is.
    class Helped {
      budget?: Budget;
      outer(): number {
        return this.helper();
      }
      helper(): number {
        return 2;
      }
    }
    checkBudgetOnEveryCall(Helped.prototype, { except: ['helper'] });
    const helped = new Helped();
    let later = 0;
    helped.budget = startBudget(10, () => (later += 100)); // spent by the first check
    assert.equal(helped.helper(), 2);
    assert.throws(() => helped.outer(), RuleBudgetExceeded);
    // And Facts itself is guarded this way: a spent budget stops its very next call.
    const text = 'const a = 1;';
    const facts = new Facts(text, parse(text, 'js'));
    let clock = 0;
    facts.budget = startBudget(5, () => (clock += 10));
    assert.throws(() => facts.nodesOfType('Identifier'), RuleBudgetExceeded);
    // Every method is a safe point; only the internal helpers that a checked method alone reaches
    // (the list facts/index.ts passes to checkBudgetOnEveryCall) are not.
    const internal = new Set(['constructor', ...UNCHECKED_FACTS_HELPERS]);
    const id = (facts.ast.body[0] as { declarations: { id: unknown }[] }).declarations[0].id;
    const methods = Object.getOwnPropertyNames(Facts.prototype).filter((n) => !internal.has(n));
    assert.ok(methods.length > 20, `Facts has ${methods.length} methods`);
    for (const name of methods) {
      const spent = new Facts(text, parse(text, 'js'));
      let tick = 0;
      spent.budget = startBudget(5, () => (tick += 10));
      const method = (spent as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      assert.throws(() => method.call(spent, id, 0), RuleBudgetExceeded, `Facts.${name} is not a safe point`);
    }
  });
});

function scanWithFaults(dir: string, format: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', dir, '--format', format], {
    encoding: 'utf8',
    env: { ...process.env, PAVED_ROAD_TEST_FAULTS: 'throw,hang' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('fail closed: the CLI', function () {
  this.timeout(60000);
  it('reports a crashed rule and a stopped rule in text, JSON and SARIF, and still reports the findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-faults-'));
    fs.writeFileSync(path.join(dir, 'a.js'), VULNERABLE);
    const text = scanWithFaults(dir, 'text');
    assert.equal(text.code, 2, 'a crashed rule fails the run');
    assert.match(text.stderr, /paved-road: rule test\/throws failed on .*a\.js: injected fault: test\/throws/);
    assert.match(text.stdout, /a\.js: note: rule test\/hang took longer than \d+ ms on this file and was stopped/);
    assert.match(text.stdout, /sql\/string-built-query/);

    const json = JSON.parse(scanWithFaults(dir, 'json').stdout);
    const notes = json.files[0].notes as { kind: string; ruleId?: string }[];
    assert.deepEqual(notes.map((n) => `${n.kind} ${n.ruleId}`).sort(), ['rule-error test/throws', 'skipped test/hang']);

    const sarif = JSON.parse(scanWithFaults(dir, 'sarif').stdout);
    const notifications = sarif.runs[0].invocations[0].toolExecutionNotifications as {
      level: string;
      associatedRule?: { id: string };
    }[];
    assert.deepEqual(notifications.map((n) => `${n.level} ${n.associatedRule?.id}`).sort(), [
      'error test/throws',
      'warning test/hang',
    ]);
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort(), [
      'paved-road/analysis-error',
      'paved-road/analysis-incomplete',
      'sql/string-built-query',
    ]);
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
  });
});

describe('fail closed: a rule crash fails the run', function () {
  this.timeout(60000);
  const scan = (dir: string, args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', dir, ...args], {
      encoding: 'utf8',
      env: { ...process.env, PAVED_ROAD_TEST_FAULTS: 'throw' },
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  it('a crashed rule on a clean file: exit 2 unless --fail-on none, SARIF executionSuccessful false with the file and rule named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-crash-'));
    fs.writeFileSync(path.join(dir, 'clean.js'), 'exports.ok = 1;\n');
    const text = scan(dir, []);
    assert.equal(text.code, 2, 'never a green build');
    assert.match(
      text.stdout,
      /clean\.js:1:1 {2}error {4}paved-road\/analysis-error {2}rule test\/throws failed on .*clean\.js: injected fault: test\/throws/,
    );
    assert.match(text.stderr, /ANALYSIS FAILED: 1 rule crash/);
    for (const failOn of ['error', 'warning', 'info']) assert.equal(scan(dir, ['--fail-on', failOn]).code, 2, failOn);
    assert.equal(scan(dir, ['--fail-on', 'none']).code, 0, '--fail-on none is the one way to accept it');
    const json = JSON.parse(scan(dir, ['--format', 'json']).stdout);
    assert.equal(json.summary.analysisErrors, 1);
    const sarif = JSON.parse(scan(dir, ['--format', 'sarif']).stdout);
    const invocation = sarif.runs[0].invocations[0];
    assert.equal(invocation.executionSuccessful, false);
    const crash = invocation.toolExecutionNotifications.find((n: { level: string }) => n.level === 'error');
    assert.equal(crash.associatedRule.id, 'test/throws');
    assert.match(crash.locations[0].physicalLocation.artifactLocation.uri, /paved-road-crash-[^/]+\/clean\.js$/);
    assert.deepEqual(
      sarif.runs[0].results.map((r: { ruleId: string; level: string }) => `${r.ruleId} ${r.level}`),
      ['paved-road/analysis-error error'],
    );
    // Without the fault the same scan is clean and successful.
    const plain = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', dir, '--format', 'sarif'], {
      encoding: 'utf8',
      env: { ...process.env, PAVED_ROAD_TEST_FAULTS: '' },
    });
    assert.equal(plain.status, 0);
    assert.equal(JSON.parse(plain.stdout).runs[0].invocations[0].executionSuccessful, true);
  });

  it("the issue's import-equals file no longer makes every rule throw", () => {
    const r = analyze(
      { file: 'a.ts', text: "import m = require('../m/index');\nm.query('SELECT ' + m.x);\nconst k = 'x';\n" },
      {},
      allRules,
    );
    assert.deepEqual(
      r.notes.filter((n) => n.kind === 'rule-error'),
      [],
    );
  });
});

describe('fail closed: the language server', function () {
  this.timeout(60000);
  const uri = pathToFileURL(path.join(root, 'test', 'fixtures', 'virtual', 'faults.js')).href;

  it('logs a crashed rule with rule, file, version and stack, shows a stopped rule, and still publishes the findings', async () => {
    const client = await startClient({ env: { PAVED_ROAD_TEST_FAULTS: 'throw,hang' } });
    try {
      const waiting = client.diagnostics(uri);
      client.open(uri, 'javascript', VULNERABLE, 4);
      const { diagnostics } = await waiting;
      assert.ok(diagnostics.some((d) => d.code === 'sql/string-built-query' && d.range.start.line === SQL_LINE));
      assert.ok(
        diagnostics.some(
          (d) =>
            /skipped a rule on this file: rule test\/hang took longer/.test(String(d.message)) &&
            d.severity === 1 &&
            d.code === 'paved-road/analysis-incomplete',
        ),
        JSON.stringify(diagnostics),
      );
      // A crash is an error on the file (the CLI fails the run on it), never a clean-looking file.
      assert.ok(
        diagnostics.some(
          (d) =>
            d.code === 'paved-road/analysis-error' &&
            d.severity === 1 &&
            /rule test\/throws failed on .*faults\.js: injected fault/.test(String(d.message)),
        ),
        JSON.stringify(diagnostics),
      );
      const log = client.logs.find((l) => l.includes('test/throws'));
      assert.ok(log, client.logs.join('\n'));
      assert.match(
        log,
        /rule test\/throws failed on .*faults\.js: injected fault: test\/throws\nError: injected fault: test\/throws\n\s+at /,
      );
      assert.match(log, new RegExp(`document ${uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} version 4`));
    } finally {
      await client.close();
    }
  });

  it('on its own crash, logs what reproduces it (never the text) and exits non-zero so the client restarts it', async () => {
    const client = await startClient({ env: { PAVED_ROAD_TEST_FAULTS: 'crash' } });
    try {
      const secret = 'const key = "AKIAIOSFODNN7EXAMPLE"; // PAVED_ROAD_TEST_CRASH\n';
      client.open(uri, 'javascript', secret, 7);
      const code = await client.exited;
      assert.notEqual(code, 0);
      const log = client.stderr();
      assert.match(log, /paved-road-server crashed \((uncaughtException|unhandledRejection)\)/);
      assert.ok(log.includes(`while: analysing ${uri} version 7 (javascript)`), log);
      assert.ok(log.includes(`sha256 ${createHash('sha256').update(secret).digest('hex')}`), log);
      assert.match(log, /injected fault: server crash while analysing\n\s+at /);
      assert.match(log, /node v\d+/);
      assert.ok(!log.includes('AKIAIOSFODNN7EXAMPLE'), 'the document text is not logged');
    } finally {
      await client.close();
    }
    // A fresh server (what the client's restart starts) serves the same document normally.
    const restarted = await startClient();
    try {
      const waiting = restarted.diagnostics(uri);
      restarted.open(uri, 'javascript', VULNERABLE);
      assert.equal((await waiting).diagnostics.length, 1);
    } finally {
      await restarted.close();
    }
  });
});
