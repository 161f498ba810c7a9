// Run in a worker thread with a known stack (test/unit/native-parse.test.ts): for each file, parse
// and analyse it once with typescript-estree only and once with the native parser allowed, and
// report every difference. The native parser is off on the main thread (native-parse.ts), so this
// is the only place both are run side by side on the same text.

import * as fs from 'node:fs';
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import { analyze } from '../../server/host/analyze';
import { enableNativeParser, nativeParserMaxChars, parseNative } from '../../server/engine/native-parse';
import { parse, scriptKindOf } from '../../server/engine/parse';

export interface CompareReport {
  files: number;
  /** Files the native parser really parsed (not too long, no syntax error). */
  native: number;
  differences: string[];
}

/** oxc also gives every node `start`/`end` (the same numbers as `range`); typescript-estree does not. */
const OXC_ONLY: ReadonlySet<string> = new Set(['parent', 'start', 'end']);

/** Structural equality where a key set to `undefined` equals a missing key (typescript-estree omits them). */
export function astDifference(
  a: unknown,
  b: unknown,
  at = '$',
  ignored: ReadonlySet<string> = OXC_ONLY,
): string | undefined {
  if (a === b) return undefined;
  if (a instanceof RegExp || b instanceof RegExp)
    return String(a) === String(b) ? undefined : `${at}: ${String(a)} vs ${String(b)}`;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    const d = astDifference(
      ra[key],
      rb[key],
      `${at}${Array.isArray(a) ? `[${key}]` : `.${key}`}${typeof ra.type === 'string' && !Array.isArray(a) ? `<${ra.type}>` : ''}`,
      ignored,
    );
    if (d) return d;
  }
  return undefined;
}

function compare(paths: string[]): CompareReport {
  const report: CompareReport = { files: 0, native: 0, differences: [] };
  for (const file of paths) {
    const text = fs.readFileSync(file, 'utf8');
    report.files++;
    enableNativeParser({ stackBytes: 0 });
    const kind = scriptKindOf(file);
    const reference = kind ? parse(text, kind) : undefined;
    const before = analyze({ file, text });
    enableNativeParser({ stackBytes: (resourceLimits.stackSizeMb ?? 0) * 1024 * 1024 });
    if (kind && text.length <= nativeParserMaxChars()) {
      const native = parseNative(text, kind);
      if (native) {
        report.native++;
        const d = astDifference(native, reference!.ast);
        if (d) report.differences.push(`${file}: AST differs at ${d}`);
      }
    }
    const after = analyze({ file, text });
    const d = astDifference(JSON.parse(JSON.stringify(after)), JSON.parse(JSON.stringify(before)));
    if (d) report.differences.push(`${file}: analysis differs at ${d}`);
  }
  return report;
}

if (parentPort && workerData?.paths) parentPort.postMessage(compare(workerData.paths as string[]));
