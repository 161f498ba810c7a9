// Hostile nesting must not overflow the stack anywhere: our walks are iterative, and a parser stack
// overflow becomes a "skipped" note (server/engine/parse.ts). Proven through analyze(), the CLI and
// the language server, for every shape of deep nesting a recursive-descent parser or a recursive
// tree walk could trip over. Moderately deep code (hundreds of levels) is still analysed.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/host/analyze';
import { packageRoot } from '../../server/engine/paths';
import { eventCeilingMs, startClient } from '../helpers/lsp-client';

const PRELUDE = "const { Pool } = require('pg');\nconst pool = new Pool();\nmodule.exports = (req, a, b, c, f) => {\n";

/** One piece per line, so the CLI does not take the file for a minified bundle (which it skips). */
const rep = (piece: string, n: number): string => `${piece}\n`.repeat(n);

/** Each shape nested `n` deep; every file also holds a real finding before the deep part. */
export const SHAPES: Record<string, (n: number) => string> = {
  parentheses: (n) => `const x = ${rep('(', n)}1${rep(')', n)};`,
  arrays: (n) => `const x = ${rep('[', n)}${rep(']', n)};`,
  blocks: (n) => `${rep('{', n)}${rep('}', n)}`,
  'template literals': (n) => `const x = ${rep('`${', n)}1${rep('}`', n)};`,
  'string concatenation': (n) => `pool.query('SELECT ' + ${Array(n).fill('req.query.a').join(' +\n')});`,
  calls: (n) => `${rep('f(', n)}${rep(')', n)};`,
  'arrow functions': (n) => `const g = ${rep('() => ', n)}1;`,
  'if statements': (n) => `${rep('if (a) ', n)}f();`,
  'member chains': (n) => `a${rep('.b', n)};`,
  objects: (n) => `const o = ${rep('{a:', n)}1${rep('}', n)};`,
  conditionals: (n) => `const t = ${rep('a ? b : ', n)}c;`,
  'unary operators': (n) => `const u = ${rep('!', n)}a;`,
  'JSX elements': (n) => `const j = ${rep('<a>', n)}${rep('</a>', n)};`,
};

function file(shape: string, n: number): string {
  return `${PRELUDE}  pool.query('SELECT * FROM t WHERE id = ' + req.query.id);\n  ${SHAPES[shape](n)}\n};\n`;
}

const DEEP = 50_000;
const MODERATE = 200;

describe('deep nesting: analyze()', function () {
  this.timeout(120000);
  for (const shape of Object.keys(SHAPES)) {
    it(`${shape}: ${DEEP} deep is skipped with a note, ${MODERATE} deep is analysed, never a crash`, () => {
      const deep = analyze({ file: 'deep.jsx', text: file(shape, DEEP) });
      assert.ok(
        deep.notes.some((n) => n.kind === 'skipped' && /nesting too deep/.test(n.message)) || deep.findings.length > 0,
        JSON.stringify(deep.notes),
      );
      assert.ok(!deep.notes.some((n) => n.kind === 'rule-error'), JSON.stringify(deep.notes));
      const moderate = analyze({ file: 'moderate.jsx', text: file(shape, MODERATE) });
      assert.deepEqual(moderate.notes, [], shape);
      assert.ok(
        moderate.findings.some((f) => f.ruleId === 'sql/string-built-query'),
        'the real finding before the deep part is reported',
      );
    });
  }
});

describe('deep nesting: the CLI and the language server', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-deep-'));
    for (const shape of Object.keys(SHAPES))
      fs.writeFileSync(path.join(dir, `${shape.replace(/ /g, '-')}.jsx`), file(shape, DEEP));
    fs.writeFileSync(path.join(dir, 'moderate.js'), file('string concatenation', MODERATE));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the CLI scans every deep file, notes each one it skipped, and still reports the rest', () => {
    const r = spawnSync(
      process.execPath,
      [path.join(packageRoot(), 'dist', 'cli.js'), 'scan', dir, '--format', 'json'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|RangeError|Maximum call stack/);
    const json = JSON.parse(r.stdout);
    const moderate = json.files.find((f: { path: string }) => f.path.endsWith('moderate.js'));
    assert.ok(moderate.findings.length >= 2, JSON.stringify(moderate));
    const skipped = json.files.filter((f: { notes: { message: string }[] }) =>
      f.notes.some((n) => /nesting too deep/.test(n.message)),
    );
    assert.ok(skipped.length >= Object.keys(SHAPES).length - 1, `${skipped.length} deep files noted`);
  });

  it('in worker threads, where the native parser takes these files (up to 70 MB of its stack each), the scan finishes: no crash, each deep file analysed or noted', () => {
    // oxc recurses without a depth guard; a stack overflow there would kill the process (signal,
    // no output). The workers' stack is sized so that no file it is given can overflow it.
    const r = spawnSync(
      process.execPath,
      [path.join(packageRoot(), 'dist', 'cli.js'), 'scan', dir, '--format', 'json', '--jobs', '2'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    assert.equal(r.signal, null, `the scan was killed by ${r.signal}`);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|RangeError|Maximum call stack/);
    const json = JSON.parse(r.stdout);
    assert.equal(json.files.length, Object.keys(SHAPES).length + 1);
    for (const f of json.files as { path: string; findings: unknown[]; notes: { message: string }[] }[]) {
      assert.ok(
        f.findings.length > 0 || f.notes.some((n) => /nesting too deep|took longer/.test(n.message)),
        `${f.path}: ${JSON.stringify(f.notes)}`,
      );
    }
  });

  it('the language server publishes a "skipped" note for each deep file and stays up', async function () {
    // Many files, each waited for on its event; the whole may take minutes on a loaded machine.
    this.timeout(Object.keys(SHAPES).length * eventCeilingMs());
    const client = await startClient();
    try {
      for (const shape of Object.keys(SHAPES)) {
        const uri = pathToFileURL(path.join(dir, `${shape}.jsx`)).href;
        const waiting = client.diagnostics(uri);
        client.open(uri, 'javascriptreact', file(shape, DEEP));
        const { diagnostics } = await waiting;
        assert.ok(
          diagnostics.some((d) => /skipped this file: nesting too deep/.test(String(d.message))) ||
            diagnostics.length > 0,
          `${shape}: ${JSON.stringify(diagnostics)}`,
        );
      }
      const uri = pathToFileURL(path.join(dir, 'moderate.js')).href;
      const waiting = client.diagnostics(uri);
      client.open(uri, 'javascript', file('string concatenation', MODERATE));
      assert.ok((await waiting).diagnostics.length >= 2);
      assert.doesNotMatch(client.stderr(), /RangeError|Maximum call stack|crashed/);
    } finally {
      await client.close();
    }
  });
});
