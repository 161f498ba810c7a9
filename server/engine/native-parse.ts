// The fast path of the parse: oxc's parser (Rust, loaded as a Node-API addon) returns the same
// TS-ESTree AST typescript-estree builds (test/unit/native-parse.test.ts compares the two on every
// fixture, case and corpus file of this repository), at about a third of the cost. typescript-estree
// stays the parser of record: it is used wherever this fast path says no (`undefined`), and for
// every file the native parser finds a syntax error in, so error recovery is unchanged.
//
// The native parser recurses on the thread's stack without a depth guard (oxc-project/oxc#24375):
// a deep enough nesting overflows the stack, which kills the whole process, uncatchably. So it is
// off unless the caller says how much stack its thread has (our analysis worker threads do, see
// server/host/pool.ts), and it is only given a text whose worst possible nesting fits in half of that
// stack. `npm run bench -- nesting` measures the stack per character for 22 nesting shapes: the
// worst is ~1 KB (nested tuple types `[[[A]]]`; parentheses ~0.7 KB), counted here as 1 KB in half
// the stack, a 2× margin. A longer text goes to typescript-estree, which overflows in JavaScript,
// catchably (a parse note).

import type { TSESTree } from '@typescript-eslint/types';
import type { ScriptKind } from './parse';

/** Stack the native parser may use per character of source (the measured worst; the stack is halved for margin). */
export const NATIVE_STACK_BYTES_PER_CHAR = 1024;

interface OxcResult {
  program: unknown;
  errors: readonly unknown[];
}
type ParseSync = (file: string, text: string, options: Record<string, unknown>) => OxcResult;

let stackBytes = 0;
let parseSync: ParseSync | null | undefined; // undefined: not loaded yet; null: not available here
let unavailable: string | undefined;

/** Turn the native parser on for this thread, which has `stackBytes` of stack (0 turns it off). */
export function enableNativeParser(options: { stackBytes: number }): void {
  stackBytes = Math.max(0, options.stackBytes);
}

/** The longest text the native parser is given on this thread (0: it is off). */
export function nativeParserMaxChars(): number {
  return Math.floor(stackBytes / 2 / NATIVE_STACK_BYTES_PER_CHAR);
}

/** Whether the addon loaded (it ships for the platform it was installed on), and why not. */
export function nativeParserStatus(): { available: boolean; reason?: string } {
  load();
  return parseSync ? { available: true } : { available: false, ...(unavailable ? { reason: unavailable } : {}) };
}

function load(): ParseSync | null {
  if (parseSync !== undefined) return parseSync;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    parseSync = (require('oxc-parser') as { parseSync: ParseSync }).parseSync;
  } catch (error) {
    // No prebuilt addon for this platform (or a vsix built elsewhere): typescript-estree does it all.
    unavailable = error instanceof Error ? error.message.split('\n')[0] : String(error);
    parseSync = null;
  }
  return parseSync;
}

/** The TS-ESTree program of `text`, or undefined when the fast path does not apply (see above). */
export function parseNative(text: string, kind: ScriptKind): TSESTree.Program | undefined {
  if (text.length > nativeParserMaxChars()) return undefined;
  const parse = load();
  if (!parse) return undefined;
  // `.js` may hold JSX, as in parse.ts: parsed as JSX, like typescript-estree's `jsx: true`.
  let program: TSESTree.Program;
  try {
    // `range` is built here from `start`/`end` (normalise), not asked of oxc: as JSON, a two-element
    // array per node made JSON.parse ~2× slower (20,000 lines: 239 → 104 ms; normalise 26 → 83 ms).
    const result = parse(oxcFileName(kind), text, OXC_OPTIONS);
    if (result.errors.length > 0) return undefined;
    program = result.program as TSESTree.Program;
  } catch {
    // Anything the addon or its JSON decoding throws (a Rust panic arrives as an exception): the
    // file is not lost, typescript-estree parses it.
    return undefined;
  }
  normaliseOxcTree(program, text);
  return program;
}

/** What oxc is asked for (exported for the linearity bench, which times oxc and normalise apart). */
export const OXC_OPTIONS: Readonly<Record<string, unknown>> = {
  range: false,
  preserveParens: false,
  astType: 'ts',
  sourceType: 'module',
};
export function oxcFileName(kind: ScriptKind): string {
  return `file.${kind === 'js' ? 'jsx' : kind}`;
}

// typescript-estree leaves TypeScript-only optional properties out (undefined) where oxc writes
// null; rules test some of them with `=== undefined`. Exactly these keys, found by comparing the
// two parsers' output; ESTree's own nullable fields (`init`, `alternate`, `id`, …) are null in both,
// and so is `TSImportType.typeArguments`.
const TS_OPTIONAL = new Set([
  'typeAnnotation',
  'typeArguments',
  'typeParameters',
  'returnType',
  'accessibility',
  'superTypeArguments',
  'directive',
  'constraint',
  'default',
  'readonly',
  'initializer',
]);

export function normaliseOxcTree(program: TSESTree.Program, text: string): void {
  (program as { sourceType: string }).sourceType = 'module';
  (program as { hashbang?: unknown }).hashbang = undefined; // typescript-estree has no such key
  const stack: unknown[] = [program];
  while (stack.length) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === 'object') stack.push(item);
      continue;
    }
    const node = value as Record<string, unknown>;
    if (typeof node.type !== 'string') continue;
    node.range = [node.start, node.end];
    // A decorated optional or default-valued parameter (`@Query('s') status?: string`, `@Inject() q = 1`):
    // oxc starts it at its first decorator, typescript-estree at the parameter after the decorators.
    const decorators = node.decorators as { end: number }[] | undefined;
    if (
      decorators?.length &&
      (node.type === 'Identifier' || node.type === 'AssignmentPattern') &&
      (node.start as number) < decorators[decorators.length - 1].end
    ) {
      const after = decorators[decorators.length - 1].end;
      const start =
        node.type === 'AssignmentPattern'
          ? (node.left as { start: number }).start
          : text.indexOf(String(node.name), after);
      if (start >= after) {
        node.start = start;
        node.range = [start, node.end];
      }
    }
    // The flags as written (`/x/ig`), as typescript-estree keeps them; oxc sorts them (`gi`).
    if (node.type === 'Literal' && node.regex)
      (node.regex as { flags: string }).flags = String(node.raw).slice(String(node.raw).lastIndexOf('/') + 1);
    for (const key in node) {
      const child = node[key];
      if (child === null) {
        if (
          (TS_OPTIONAL.has(key) && node.type !== 'TSImportType') ||
          (key === 'value' && node.type === 'RestElement') ||
          (key === 'body' && node.type === 'TSDeclareFunction')
        )
          node[key] = undefined;
      } else if (typeof child === 'object' && key !== 'range' && key !== 'regex') {
        stack.push(child);
      }
    }
  }
}
