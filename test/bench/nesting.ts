// npm run bench -- nesting: how much stack oxc's native parser needs per character of source, for
// the nesting shapes that make a recursive-descent parser recurse. server/engine/native-parse.ts
// gives the native parser only texts whose worst case fits (NATIVE_STACK_BYTES_PER_CHAR per
// character, in half the thread's stack); run this before upgrading oxc-parser, and raise the
// constant if a shape needs more. Each probe runs in its own process: an overflow there is a
// SIGSEGV that no try/catch can stop (oxc-project/oxc#24375).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NATIVE_STACK_BYTES_PER_CHAR } from '../../server/engine/native-parse';

/** Source text nested `d` deep; one to three characters per level for the expensive ones. */
export const NESTING_SHAPES: Record<string, (d: number) => string> = {
  parentheses: (d) => `x=${'('.repeat(d)}1${')'.repeat(d)}`,
  arrays: (d) => `x=${'['.repeat(d)}${']'.repeat(d)}`,
  objects: (d) => `x=${'{a:'.repeat(d)}1${'}'.repeat(d)}`,
  blocks: (d) => `${'{'.repeat(d)}${'}'.repeat(d)}`,
  calls: (d) => `x=${'f('.repeat(d)}${')'.repeat(d)}`,
  'unary minus in parentheses': (d) => `x=${'-('.repeat(d)}1${')'.repeat(d)}`,
  'unary not': (d) => `x=${'!'.repeat(d)}a`,
  'binary chain': (d) => `x=${'a+'.repeat(d)}a`,
  conditionals: (d) => `x=${'a?b:'.repeat(d)}c`,
  arrows: (d) => `x=${'a=>'.repeat(d)}a`,
  assignments: (d) => `${'a='.repeat(d)}1`,
  'if statements': (d) => `${'if(a)'.repeat(d)}b;`,
  'else if chains': (d) => `if(a){}${'else if(a){}'.repeat(d)}`,
  'template literals': (d) => `x=${'`${'.repeat(d)}a${'}`'.repeat(d)}`,
  'JSX elements': (d) => `x=${'<a>'.repeat(d)}${'</a>'.repeat(d)}`,
  'parenthesized types': (d) => `type T=${'('.repeat(d)}A${')'.repeat(d)}`,
  'tuple types': (d) => `type T=${'['.repeat(d)}A${']'.repeat(d)}`,
  'type arguments': (d) => `let x: ${'A<'.repeat(d)}B${'>'.repeat(d)};`,
  'union types in parentheses': (d) => `type T=${'(A|'.repeat(d)}B${')'.repeat(d)}`,
  'object types': (d) => `type T=${'{a:'.repeat(d)}A${'}'.repeat(d)}`,
  'function types': (d) => `type T=${'()=>'.repeat(d)}A`,
  'spread arrays': (d) => `x=${'[...'.repeat(d)}a${']'.repeat(d)}`,
};

const STACK_MB = 64;

function survives(shape: string, depth: number): boolean {
  const script = `
    const { Worker } = require('node:worker_threads');
    const w = new Worker(${JSON.stringify(`
      const { parentPort, workerData } = require('node:worker_threads');
      const text = require('node:fs').readFileSync(workerData, 'utf8');
      const r = require(${JSON.stringify(require.resolve('oxc-parser'))}).parseSync('f.tsx', text, { range: true });
      void r.program; parentPort.postMessage('ok');`)}, { eval: true, workerData: process.argv[1], resourceLimits: { stackSizeMb: ${STACK_MB} } });
    w.on('message', () => process.exit(0));`;
  // The text goes through a file: as an argument it would hit the 128 KiB limit of one argv string.
  const file = path.join(os.tmpdir(), `paved-road-nesting-${process.pid}.tsx`);
  fs.writeFileSync(file, NESTING_SHAPES[shape](depth));
  try {
    const child = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
    if (child.error) throw child.error;
    return child.status === 0;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

export function runNesting(): Record<string, unknown> {
  console.log(`\n## oxc native parser: deepest nesting that fits a ${STACK_MB} MB thread stack, per shape\n`);
  console.log(`${'shape'.padEnd(28)} ${'depth'.padStart(9)} ${'chars'.padStart(10)} ${'stack/char'.padStart(11)}`);
  const record: Record<string, unknown> = {};
  let worst = 0;
  for (const shape of Object.keys(NESTING_SHAPES)) {
    let lo = 100;
    let hi = 2_000_000;
    if (!survives(shape, lo)) throw new Error(`${shape}: even ${lo} deep overflows`);
    while (hi - lo > lo / 20) {
      const mid = Math.floor((lo + hi) / 2);
      if (survives(shape, mid)) lo = mid;
      else hi = mid;
    }
    const chars = NESTING_SHAPES[shape](lo).length;
    const perChar = (STACK_MB * 1024 * 1024) / chars;
    worst = Math.max(worst, perChar);
    record[shape] = { depth: lo, chars, bytesPerChar: Math.round(perChar) };
    console.log(
      `${shape.padEnd(28)} ${lo.toLocaleString('en-US').padStart(9)} ${chars.toLocaleString('en-US').padStart(10)} ${`${Math.round(perChar)} B`.padStart(11)}${lo >= 1_900_000 ? '  (no overflow found)' : ''}`,
    );
  }
  const allowed = 2 * NATIVE_STACK_BYTES_PER_CHAR;
  console.log(
    `\nworst: ${Math.round(worst)} B per character; the engine allows for ${allowed} B (half the stack at ${NATIVE_STACK_BYTES_PER_CHAR} B): ${(allowed / worst).toFixed(2)}× margin${worst > allowed / 1.5 ? '  ← TOO THIN: raise NATIVE_STACK_BYTES_PER_CHAR' : ''}`,
  );
  record.worstBytesPerChar = Math.round(worst);
  record.allowedBytesPerChar = allowed;
  return record;
}
