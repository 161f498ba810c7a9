// Paved Road never executes workspace code. This static check holds the engine, the rules, the
// server and the CLI to it: no require()/import() of a computed specifier (which could name a
// workspace file), no eval, no new Function / Function(), no vm, no child processes, no workers.
// It parses our own sources with our own parser and looks at the AST, so comments and strings
// that merely mention these words do not count.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
const FORBIDDEN_MODULES = new Set([
  'vm',
  'child_process',
  'worker_threads',
  'cluster',
  'module',
  'repl',
  'inspector',
  'wasi',
]);
/** Sites that are allowed, each with its reason (matched without the line number). */
const ALLOWED = new Map([
  [
    "server/host/pool.ts: import from 'node:worker_threads'",
    'scan parallelism: worker threads run only our own scan-worker.js',
  ],
  [
    'server/host/pool.ts: new Worker()',
    'the script is workerScript(): scan-worker.js next to our own module, never a workspace path',
  ],
  [
    "server/host/scan-worker.ts: import from 'node:worker_threads'",
    'the worker side: receives text, runs analyze(), posts results',
  ],
]);

function sources(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(root, dir)];
  while (stack.length) {
    const current = stack.pop()!;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'cases') stack.push(abs);
      else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(abs);
    }
  }
  return out.sort();
}

function isLiteralString(node: { type: string; expressions?: unknown[] } | undefined): boolean {
  return (
    !!node && (node.type === 'Literal' || (node.type === 'TemplateLiteral' && (node.expressions?.length ?? 0) === 0))
  );
}

/** Every place in a file that could run code it did not ship with. */
export function codeExecutionSites(file: string, text: string): string[] {
  const parsed = parse(text, file.endsWith('x') ? 'tsx' : 'ts');
  assert.deepEqual(parsed.notes, [], `${file} parses`);
  const facts = new Facts(text, parsed);
  const at = (n: { range: [number, number] }): string =>
    `${path.relative(root, file)}:${text.slice(0, n.range[0]).split('\n').length}`;
  const found: string[] = [];
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = call.callee;
    if (callee.type === 'Identifier' && callee.name === 'require') {
      const arg = call.arguments[0] as { type: string; value?: unknown } | undefined;
      if (!isLiteralString(arg)) found.push(`${at(call)}: require() of a computed specifier`);
      else if (typeof arg!.value === 'string' && FORBIDDEN_MODULES.has(arg!.value.replace(/^node:/, '')))
        found.push(`${at(call)}: require('${arg!.value}')`);
    }
    if (callee.type === 'Identifier' && (callee.name === 'eval' || callee.name === 'Function'))
      found.push(`${at(call)}: ${callee.name}()`);
    if (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      callee.property.type === 'Identifier' &&
      ['runInThisContext', 'runInNewContext', 'runInContext', 'compileFunction'].includes(callee.property.name)
    )
      found.push(`${at(call)}: ${callee.property.name}()`);
  }
  for (const n of facts.nodesOfType('NewExpression')) {
    if (n.callee.type === 'Identifier' && (n.callee.name === 'Function' || n.callee.name === 'Worker'))
      found.push(`${at(n)}: new ${n.callee.name}()`);
  }
  for (const n of facts.nodesOfType('ImportExpression')) {
    if (!isLiteralString(n.source as { type: string })) found.push(`${at(n)}: import() of a computed specifier`);
  }
  for (const n of facts.nodesOfType('Identifier')) {
    if (n.name === 'eval') found.push(`${at(n)}: eval referenced`);
  }
  for (const n of facts.nodesOfType('ImportDeclaration')) {
    const spec = String(n.source.value).replace(/^node:/, '');
    if (FORBIDDEN_MODULES.has(spec)) found.push(`${at(n)}: import from '${n.source.value}'`);
  }
  return found;
}

describe('never executes workspace code (static check of our own sources)', () => {
  for (const dir of ['server', 'rules']) {
    it(`${dir}/ has no computed require/import, eval, Function, vm, child processes or workers`, () => {
      const files = sources(dir);
      assert.ok(files.length > 0);
      const found = files
        .flatMap((f) => codeExecutionSites(f, fs.readFileSync(f, 'utf8')))
        .filter((site) => !ALLOWED.has(site.replace(/:\d+:/, ':')));
      assert.deepEqual(found, []);
    });
  }

  it('the check itself catches each forbidden form', () => {
    const bad = [
      'const m = require(name);',
      'await import(`./${x}`);',
      'eval("1");',
      'const f = new Function("return 1");',
      'Function("x")();',
      "import * as vm from 'node:vm';",
      "require('child_process').exec('x');",
      'vm.runInNewContext(code);',
      'const e = eval; e("1");',
      "new Worker('./w.js');",
    ];
    for (const line of bad) assert.notDeepEqual(codeExecutionSites('bad.ts', line), [], line);
    assert.deepEqual(
      codeExecutionSites(
        'ok.ts',
        "import * as fs from 'node:fs';\nconst pg = require('pg');\nconst t = `require(${'x'})`; // eval(x)\n",
      ),
      [],
    );
  });
});
