// Run in a worker thread with a known stack (the native parser needs one, native-parse.ts): edit
// each file many times, the way typing does and the way that most tries to fool a partial
// re-parse, and after every edit compare what ParseReuse gives with a whole parse of the new text.
// test/unit/reparse.test.ts runs it.

import * as fs from 'node:fs';
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { analyze } from '../../server/host/analyze';
import { enableNativeParser } from '../../server/engine/native-parse';
import { parse, scriptKindOf } from '../../server/engine/parse';
import { ParseReuse } from '../../server/engine/reparse';
import { astDifference } from './native-parse-worker';

export interface ReparseReport {
  files: number;
  edits: number;
  /** Edits whose tree was spliced from the kept one (the rest were parsed whole). */
  reused: number;
  /** Edits after which the whole text had a syntax error (a spliced tree there would be a bug). */
  broken: number;
  /** Edits whose analysis was compared too (findings, notes, suppressions). */
  analysed: number;
  /** ADVERSARIAL edits compared, as TypeScript and as JavaScript. */
  adversarial: number;
  differences: string[];
}

/** Only `parent` (a property some tools add) is ignored: positions must match exactly too. */
const EXACT: ReadonlySet<string> = new Set(['parent']);

/**
 * What gets typed: plain characters, every kind of bracket and quote, comment openers, statement
 * continuations (`else`, `finally`, `(`, `[`, a template), directives and a hashbang: each can make
 * a statement parsed alone differ from the same statement in its file.
 */
const SNIPPETS = [
  'x',
  'a1',
  ' ',
  '\n',
  ';',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '=',
  '+',
  '/',
  '"',
  "'",
  '`',
  '${',
  '/*',
  '*/',
  '//',
  'else y();',
  ' else { z(); }',
  'finally {}',
  'catch {}',
  '(z)',
  '[0]',
  '`t`',
  '+ 1',
  '- 1',
  '/re/g',
  '\nfoo()\n',
  ';\n(bar)',
  '"use strict";\n',
  "'use client'\n",
  '#!/usr/bin/env node\n',
  'function q() {}\n',
  'class K {}\n',
  'if (c) d();\n',
  'const w = 1;\n',
  'export const v = 2;\n',
  'await p;\n',
  'let',
  'yield',
  '<div>{x}</div>',
  'as any',
  '!',
  '?.',
  '=>',
  'interface I { a: string }\n',
  'enum E { A }\n',
  'declare module "m";\n',
  '@dec ',
  'abstract ',
  'import x from "y";\n',
];

/**
 * Edits made to fool a splice, each against one of reparse.ts's guards: a piece that parses alone
 * but continues (or is continued by) its neighbours in the whole text, a directive that is one only
 * at the start, a hashbang that is one only at offset 0. Random typing almost never makes these.
 */
export const ADVERSARIAL: [before: string, after: string][] = [
  // A duplicated line: the piece alone is fine, the whole module declares and exports a name twice
  // (oxc refuses it, so the whole parse takes typescript-estree): the splice must decline.
  [
    "import { a } from './a.js';\nexport const f = () => a;\n\nexport const g = 1;\n",
    "import { a } from './a.js';\nexport const f = () => a;\nexport const f = () => a;\n\nexport const g = 1;\n",
  ],
  ["import { a } from './a.js';\nconst b = 1;\n", "import { a } from './a.js';\nconst a = 1;\n"],
  // The edited statement no longer ends definitely, and the next one starts with `(`, `[`, `` ` ``, `/`, `+`.
  ['function f() {}\n(x);\n', 'y = function f() {}\n(x);\n'],
  ['class A {}\n[1].map(g);\n', 'const B = class A {}\n[1].map(g);\n'],
  ['function f() {}\n`t`;\n', 'y = function f() {}\n`t`;\n'],
  ['function f() {}\n/re/g.test(s);\n', 'y = function f() {}\n/re/g.test(s);\n'],
  ['export default function f() {}\n(x);\n', 'export default (function f() {})\n(x);\n'],
  ['if (a) { b(); }\nfunction g() {}\n', 'if (a) b()\nfunction g() {}\n'],
  // The statement before the edit ended only because the next token could not continue it.
  ['a = b\nfoo();\n', 'a = b\n(foo)();\n'],
  ['a = b\nfoo();\n', 'a = b\n[foo]();\n'],
  ['a = b\nfoo();\n', 'a = b\n`foo`;\n'],
  ['let x = 1\nfoo();\n', 'let x = 1\n+foo();\n'],
  // A string statement is a directive only in the prologue.
  ['foo();\nbar();\n', "foo();\n'use strict';\n"],
  ["'use strict';\nfoo();\n", "'use strict';\n'use client';\nfoo();\n"],
  // A hashbang is one only at offset 0.
  ['a();\nb();\n', 'a();#!x\nb();\n'],
  ['#!/usr/bin/env node\na();\nb();\n', '#!/usr/bin/env node\na(1);\nb();\n'],
  // Comments and strings opened by the edit and closed further on.
  ['a();\nfunction g() { /* x */ }\n', 'a(); /*\nfunction g() { /* x */ }\n'],
  ['a();\nconst s = "x";\n', 'a(`);\nconst s = "x`;\n'],
  // Typing after the last statement, and deleting up to the end.
  ['a();\nb()', 'a();\nb()\n(c)'],
  ['a();\nb();\nc();\n', 'a();\n'],
];

/** A small deterministic generator, so a failure names a reproducible seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

function edit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  const choice = rnd();
  if (choice < 0.45) {
    const snippet = SNIPPETS[Math.floor(rnd() * SNIPPETS.length)];
    return text.slice(0, at) + snippet + text.slice(at);
  }
  if (choice < 0.7) {
    const length = 1 + Math.floor(rnd() * 12);
    return text.slice(0, at) + text.slice(at + length);
  }
  if (choice < 0.9) {
    // The edit typing makes most: one word character changed in place (same length).
    const match = /[A-Za-z0-9_]/.exec(text.slice(at));
    if (!match) return text;
    const k = at + match.index;
    return text.slice(0, k) + (text[k] === 'q' ? 'r' : 'q') + text.slice(k + 1);
  }
  // Undo-like: a line duplicated or removed.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at);
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  return rnd() < 0.5
    ? text.slice(0, end) + text.slice(lineStart, end) + text.slice(end)
    : text.slice(0, lineStart) + text.slice(end);
}

function run(paths: string[], editsPerFile: number, analyseEvery: number, seed: number): ReparseReport {
  enableNativeParser({ stackBytes: (resourceLimits.stackSizeMb ?? 0) * 1024 * 1024 });
  const report: ReparseReport = {
    files: 0,
    edits: 0,
    reused: 0,
    broken: 0,
    analysed: 0,
    adversarial: 0,
    differences: [],
  };
  const rnd = random(seed);
  const reuse = new ParseReuse(4_000_000, 4);
  const roots = new WeakSet<object>();
  for (const [k, [before, after]] of ADVERSARIAL.entries()) {
    for (const kind of ['ts', 'js'] as const) {
      const key = `adversarial ${k} ${kind}`;
      reuse.parse(key, before, kind);
      const whole = parse(after, kind);
      const mine = reuse.parse(key, after, kind);
      report.adversarial++;
      const d =
        astDifference(mine.ast, whole.ast, '$', EXACT) ??
        (JSON.stringify(mine.notes) !== JSON.stringify(whole.notes) ? 'notes differ' : undefined);
      if (d) report.differences.push(`adversarial edit ${k} (${kind}) ${JSON.stringify(after)}: ${d}`);
    }
  }
  for (const file of paths) {
    const kind = scriptKindOf(file);
    if (!kind) continue;
    let text = fs.readFileSync(file, 'utf8');
    let lastClean = text;
    report.files++;
    reuse.parse(file, text, kind);
    for (let n = 0; n < editsPerFile; n++) {
      const next = edit(text, rnd);
      const whole = parse(next, kind);
      const reusedBefore = reuse.counts.reused;
      const mine = reuse.parse(file, next, kind);
      report.edits++;
      const spliced = reuse.counts.reused > reusedBefore;
      if (spliced) report.reused++;
      // Rules cache per tree by its root: a root handed out before would give them stale results.
      if (roots.has(mine.ast))
        report.differences.push(`${file} (seed ${seed}, edit ${n}): the same root handed out twice`);
      roots.add(mine.ast);
      const clean = whole.native === true && whole.notes.length === 0;
      if (!clean) report.broken++;
      if (spliced && !clean)
        report.differences.push(
          `${file} (seed ${seed}, edit ${n}): spliced a tree for a text a whole parse finds broken`,
        );
      const d = astDifference(mine.ast, whole.ast, '$', EXACT);
      if (d) report.differences.push(`${file} (seed ${seed}, edit ${n}, ${spliced ? 'spliced' : 'whole'}): ${d}`);
      if (report.edits % analyseEvery === 0) {
        report.analysed++;
        const a = JSON.stringify(analyze({ file, text: next }, {}, undefined, reuse));
        const b = JSON.stringify(analyze({ file, text: next }));
        if (a !== b) report.differences.push(`${file} (seed ${seed}, edit ${n}): analysis differs with the kept tree`);
      }
      // Typing goes on from a broken version (the kept tree is then an older clean one), or mends it.
      if (clean) lastClean = next;
      text = clean || rnd() < 0.5 ? next : lastClean;
      if (report.differences.length > 20) return report;
    }
  }
  return report;
}

// Under `reparse`, not `paths`: native-parse-worker (imported for astDifference) answers to `paths`.
if (parentPort && workerData?.reparse) {
  const { paths, editsPerFile, analyseEvery, seed } = workerData.reparse as {
    paths: string[];
    editsPerFile: number;
    analyseEvery: number;
    seed: number;
  };
  parentPort.postMessage(run(paths, editsPerFile, analyseEvery, seed));
}
