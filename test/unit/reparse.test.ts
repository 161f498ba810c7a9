// A re-parse of only the statements an edit touched (server/engine/reparse.ts) must give exactly
// the tree a whole parse gives: same nodes, same positions, and the same analysis. Thousands of
// edits over this repository's own code and over real third-party code, typed the way that most
// tries to fool it (brackets, quotes, comment openers, `else`/`finally` after a statement, ASI
// continuations, directives, a hashbang), each compared with a whole parse of the new text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { parse } from '../../server/engine/parse';
import { endsDefinitely, reparse } from '../../server/engine/reparse';
import { packageRoot } from '../../server/engine/paths';
import { DEFAULT_POOL_LIMITS } from '../../server/host/pool';
import { loadCorpus } from '../bench/corpus';
import { ADVERSARIAL, type ReparseReport } from '../helpers/reparse-worker';

const root = packageRoot();

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(root, dir)];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') stack.push(abs);
      else if (
        e.isFile() &&
        /\.[cm]?[jt]sx?$/.test(e.name) &&
        !e.name.endsWith('.d.ts') &&
        fs.statSync(abs).size < 200 * 1024
      )
        out.push(abs);
    }
  }
  return out.sort();
}

function inWorker(data: {
  paths: string[];
  editsPerFile: number;
  analyseEvery: number;
  seed: number;
}): Promise<ReparseReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, '..', 'helpers', 'reparse-worker.js'), {
      workerData: { reparse: data },
      resourceLimits: { stackSizeMb: DEFAULT_POOL_LIMITS.stackSizeMb, maxOldGenerationSizeMb: 1024 },
    });
    worker.once('message', (report: ReparseReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function check(report: ReparseReport, label: string): void {
  console.log(
    `      ${label}: ${report.adversarial} adversarial edits, ${report.files} files, ${report.edits} edits, ${report.reused} re-parsed in part, ${report.broken} left a syntax error, ${report.analysed} analyses compared`,
  );
  assert.deepEqual(report.differences, []);
  // The comparison means something only if the partial path was really taken, and on broken code too.
  assert.ok(report.reused > report.edits / 4, `only ${report.reused} of ${report.edits} edits were re-parsed in part`);
  assert.ok(report.broken > report.edits / 10, `only ${report.broken} of ${report.edits} edits broke the code`);
  assert.ok(report.analysed > 20);
  assert.equal(report.adversarial, ADVERSARIAL.length * 2);
}

describe('partial re-parse: the tree of a whole parse after every edit', function () {
  this.timeout(600000);

  it("this repository's engine, rules, rule cases and example apps", async () => {
    const paths = ['server', 'rules', 'examples', 'test/fixtures'].flatMap(sourceFiles);
    check(await inWorker({ paths, editsPerFile: 8, analyseEvery: 7, seed: 20261203 }), 'own code');
  });

  it('real third-party code (a sample of the node_modules bench corpus)', async () => {
    const files = loadCorpus('node_modules').files.filter((f) => fs.statSync(f).size < 200 * 1024);
    const paths = files.filter((_, i) => i % 6 === 0);
    check(await inWorker({ paths, editsPerFile: 6, analyseEvery: 13, seed: 7 }), 'node_modules sample');
  });
});

describe('partial re-parse: when it declines', () => {
  // The native parser is off on this (main) thread, so these check the decisions before it.
  it('a statement ends definitely only where nothing after it could continue it', () => {
    const cases: [string, boolean][] = [
      ['const a = 1;', true],
      ['const a = 1', false],
      ['f();', true],
      ['f()', false],
      ['function f() {}', true],
      ['class A {}', true],
      ['export function f() {}', true],
      ['export default class {}', true],
      ['export const a = 1;', true],
      ['export { a };', true],
      ['export default (function () {});', true],
      ['export default (function () {})', false],
      ['if (a) b();', false],
      ['try {} catch {}', false],
      ['for (;;) x();', false],
      ['interface I {}', true],
      ['declare module "m";', false],
      ['x = function () {}', false],
      ['import a from "a";', true],
      ['import a from "a"', false],
    ];
    for (const [text, expected] of cases) {
      const statement = parse(text, 'ts').ast.body[0];
      assert.equal(endsDefinitely(statement, text), expected, text);
    }
  });

  it('without the native parser it declines, and the kept tree is left as it was', () => {
    const before = 'function f() { return 1; }\nfunction g() { return 2; }\n';
    const tree = parse(before, 'ts').ast;
    const copy = JSON.stringify(tree);
    assert.equal(reparse(tree, before, before.replace('2', '3'), 'ts'), undefined);
    assert.equal(JSON.stringify(tree), copy);
  });
});
