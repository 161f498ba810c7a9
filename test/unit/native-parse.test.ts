// The native parser (oxc, server/engine/native-parse.ts) must be a pure speed-up: on every file of
// this repository's rule cases, fixtures, labelled corpora and example apps, and on the node_modules
// bench corpus, it gives the AST typescript-estree gives and analyze() gives the same findings and
// notes either way. It is off wherever the stack is not known, and never given a text whose worst
// nesting could overflow the stack (the deep-nesting hardening test runs that through the CLI).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isAnalysable } from '../../server/engine/analyze';
import {
  enableNativeParser,
  nativeParserMaxChars,
  nativeParserStatus,
  parseNative,
} from '../../server/engine/native-parse';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';
import { AnalysisPool, DEFAULT_POOL_LIMITS, FALLBACK_STACK_MB } from '../../server/host/pool';
import { loadCorpus } from '../bench/corpus';
import type { CompareReport } from '../helpers/native-parse-worker';

const root = packageRoot();

function repositoryFiles(): string[] {
  const out: string[] = [];
  const stack = ['rules', 'test/fixtures', 'examples'].map((d) => path.join(root, d));
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') stack.push(abs);
      else if (e.isFile() && !/\.fixed\b/.test(e.name) && isAnalysable(abs) && fs.statSync(abs).size < 4 * 1024 * 1024)
        out.push(abs);
    }
  }
  return out.sort();
}

function compareInWorker(paths: string[]): Promise<CompareReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, '..', 'helpers', 'native-parse-worker.js'), {
      workerData: { paths },
      resourceLimits: { stackSizeMb: DEFAULT_POOL_LIMITS.stackSizeMb },
    });
    worker.once('message', (report: CompareReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0 && code !== 1) reject(new Error(`comparison worker exited with ${code}`));
    });
  });
}

describe('native parser: the same AST and the same analysis as typescript-estree', function () {
  this.timeout(300000);

  before(function () {
    const status = nativeParserStatus();
    // The addon ships for the platform npm installed; CI installs it. Missing here is a failure,
    // not a skip: the engine would silently run at typescript-estree speed.
    assert.ok(status.available, `the oxc-parser addon did not load: ${status.reason}`);
  });

  it('every rule case, fixture, corpus and example file: identical ASTs and identical findings and notes', async () => {
    const files = repositoryFiles();
    const report = await compareInWorker(files);
    assert.deepEqual(report.differences, []);
    assert.equal(report.files, files.length);
    console.log(`      ${report.files} files compared, ${report.native} of them parsed natively`);
    assert.ok(report.native > files.length / 3, `only ${report.native} of ${files.length} files took the native path`);
  });

  it('the node_modules bench corpus (real third-party code): identical ASTs and analysis', async () => {
    const corpus = loadCorpus('node_modules');
    const report = await compareInWorker(corpus.files);
    assert.deepEqual(report.differences.slice(0, 5), []);
    console.log(`      ${report.files} files compared, ${report.native} of them parsed natively`);
    assert.ok(
      report.native > corpus.files.length * 0.9,
      `only ${report.native} of ${corpus.files.length} files took the native path`,
    );
  });
});

describe('native parser: when it declines', () => {
  afterEach(() => enableNativeParser({ stackBytes: 0 }));

  it('is off unless the thread says how much stack it has (the main thread never does)', () => {
    assert.equal(nativeParserMaxChars(), 0);
    assert.equal(parseNative('const a = 1;', 'ts'), undefined);
  });

  it('takes only texts whose worst nesting fits in half the stack (1 KB per character)', () => {
    enableNativeParser({ stackBytes: 64 * 1024 * 1024 });
    assert.equal(nativeParserMaxChars(), 32 * 1024);
    assert.ok(parseNative('const a = 1;\n'.repeat(2000), 'js'));
    assert.equal(parseNative('const a = 1;\n'.repeat(3000), 'js'), undefined, '39,000 characters is over the limit');
  });

  it('leaves broken code to typescript-estree, so recovery and its notes are unchanged', () => {
    const broken = "const { Pool } = require('pg');\nfunction f( {\nconst ok = 1;\n";
    const reference = parse(broken, 'js');
    enableNativeParser({ stackBytes: 64 * 1024 * 1024 });
    assert.equal(parseNative(broken, 'js'), undefined);
    const again = parse(broken, 'js');
    assert.deepEqual(again.notes, reference.notes);
    assert.ok(again.notes.some((n) => n.kind === 'parse-error'));
  });
});

describe("native parser: the analysis threads' stack", function () {
  this.timeout(60000);

  it('a worker whose stack cannot be reserved starts with a smaller one, and the analysis goes on', async () => {
    // 64 TB of stack: no machine reserves that (new Worker throws EAGAIN), as a low `ulimit -v`
    // or strict overcommit would refuse the real 2 GB; the pool halves it until a thread starts.
    const pool = new AnalysisPool(1, { ...DEFAULT_POOL_LIMITS, stackSizeMb: 64 * 1024 * 1024 });
    try {
      assert.ok(pool.stackSizeMb < 64 * 1024 * 1024 && pool.stackSizeMb >= FALLBACK_STACK_MB, `${pool.stackSizeMb} MB`);
      const result = await pool.run(
        '/virtual/a.js',
        "const { Pool } = require('pg');\nnew Pool().query('SELECT * FROM t WHERE id = ' + req.query.id);\n",
        {},
      );
      assert.ok(
        result.findings.some((f) => f.ruleId === 'sql/string-built-query'),
        JSON.stringify(result),
      );
    } finally {
      await pool.close();
    }
  });
});
