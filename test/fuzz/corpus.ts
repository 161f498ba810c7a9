// Inputs for the fuzzers: seeds from every rule's cases and the example app (so new rule families and
// template files are fuzzed as soon as they land), mutations of those seeds, and random token soup.
//
// FUZZ_SEED and FUZZ_RUNS choose the run: CI uses the fixed defaults below; a nightly run sets
// FUZZ_RUNS to thousands (`npm run fuzz`). A failure prints the seed and the shrunk counterexample,
// and `FUZZ_SEED=<seed> npm test` replays it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { packageRoot } from '../../server/engine/paths';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Runs for the in-process fuzzers; process-spawning fuzzers take a fraction of it. */
export const FUZZ_RUNS = Math.max(
  1,
  Number(process.env.FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 5000 : 300)),
);

export function fuzzParameters(runs = FUZZ_RUNS): { seed: number; numRuns: number; endOnFailure: boolean } {
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true };
}

export interface Seed {
  /** Path relative to the package root; its extension picks the language. */
  file: string;
  text: string;
}

const SOURCE =
  /\.(?:[cm]?[jt]sx?|ejs|hbs|handlebars|pug|njk|mustache|vue|svelte|html|json|ya?ml|env)$|^\.env(?:\.[a-z]+)?$/i;

function walk(dir: string, out: string[]): void {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    if (!fs.existsSync(current)) continue;
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const abs = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') stack.push(abs);
      else if (entry.isFile() && SOURCE.test(entry.name)) out.push(abs);
    }
  }
}

let cached: Seed[] | undefined;

/** Every rule case (and its `.fixed` expectation) and every source file of the examples. */
export function seeds(): Seed[] {
  if (cached) return cached;
  const root = packageRoot();
  const files: string[] = [];
  for (const category of fs.existsSync(path.join(root, 'rules')) ? fs.readdirSync(path.join(root, 'rules')) : []) {
    const dir = path.join(root, 'rules', category);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const rule of fs.readdirSync(dir)) walk(path.join(dir, rule, 'cases'), files);
  }
  walk(path.join(root, 'examples'), files);
  cached = files
    .sort()
    .map((f) => ({ file: path.relative(root, f).split(path.sep).join('/'), text: fs.readFileSync(f, 'utf8') }));
  return cached;
}

/** Tokens that stress parsers and the rules' shapes: SQL, templates, brackets, unicode, CRLF. */
const TOKENS = [
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  ',',
  '.',
  '?.',
  '=>',
  '=',
  '+',
  '+=',
  '`',
  '${',
  "'",
  '"',
  '\n',
  '\r\n',
  ' ',
  '\t',
  'const ',
  'let ',
  'var ',
  'function ',
  'async ',
  'await ',
  'return ',
  'if (',
  'import ',
  'export ',
  'require(',
  'new ',
  'class ',
  'this.',
  'req.query.id',
  'req.body',
  'pool.query(',
  'db.prepare(',
  'connection.execute(',
  'res.send(',
  "'SELECT * FROM t WHERE id = '",
  '`SELECT ${x}`',
  'sql`',
  'innerHTML',
  'document.write(',
  'password',
  "'AKIA0000000000000000'",
  '<div>',
  '</div>',
  '<%- x %>',
  '{{{ x }}}',
  '!= x',
  '/* */',
  '// c\n',
  '/re+/g',
  '0x1n',
  '\u2028',
  '\u00e9',
  '😀',
  '\\',
  'x',
  'y',
  'q',
  '1',
  '"use strict"',
  'as any',
  ': string',
  '<T>',
  'satisfies',
  '@dec',
  '#priv',
  '...',
  '??',
  '**',
];

export const tokenSoup: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 120 })
  .map((t) => t.join(''));

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'swap'; at: number; other: number; length: number }
  | { kind: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 80 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.constantFrom(...TOKENS),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat(), length: fc.nat({ max: 60 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = out.length ? m.at % (out.length + 1) : 0;
    switch (m.kind) {
      case 'delete':
        out = out.slice(0, at) + out.slice(at + m.length);
        break;
      case 'insert':
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      case 'duplicate':
        out = out.slice(0, at) + out.slice(at, at + m.length) + out.slice(at);
        break;
      case 'swap': {
        const other = out.length ? m.other % (out.length + 1) : 0;
        const [a, b] = at <= other ? [at, other] : [other, at];
        const len = Math.min(m.length, b - a);
        out =
          out.slice(0, a) + out.slice(b, b + len) + out.slice(a + len, b) + out.slice(a, a + len) + out.slice(b + len);
        break;
      }
      case 'truncate':
        if (m.at % 7 === 0) out = out.slice(0, at);
        break;
    }
  }
  return out;
}

/** A seed file's name with a mutated text, or token soup under a random script extension. */
export function source(): fc.Arbitrary<Seed> {
  const all = seeds();
  const mutated = fc
    .record({ seed: fc.constantFrom(...all), mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }) })
    .map(({ seed, mutations }) => ({ file: seed.file, text: mutate(seed.text, mutations) }));
  const unchanged = fc.constantFrom(...all);
  const soup = fc
    .record({ ext: fc.constantFrom('ts', 'js', 'tsx', 'jsx', 'mjs', 'cts'), text: tokenSoup })
    .map(({ ext, text }) => ({ file: `fuzz/soup.${ext}`, text }));
  return fc.oneof(
    { arbitrary: mutated, weight: 6 },
    { arbitrary: unchanged, weight: 1 },
    { arbitrary: soup, weight: 3 },
  );
}
