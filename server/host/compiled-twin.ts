// A tracked `dist/` twin of a `src/*.ts` file: tsc's output whose source map names a TypeScript
// source that is on disk. The walk does not analyse it (its findings repeat the source's at other
// lines: each event would be reported twice) and says so with a not-analysed finding. Like the
// ignores and git's tracked files, this is a fact of the project on disk, so the CLI's walk
// decides it; the engine judges only the text (coverage.ts: compiledTypeScriptMap). A file the
// editor opens is analysed as it is.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compiledTypeScriptMap } from '../engine/coverage';

/** How much of a source map is read to find its first source (the `sources` array comes first). */
const MAP_SAMPLE = 64 * 1024;

/**
 * The TypeScript source a compiled file's map names, when that source is on disk beside the
 * project: then the compiled file only repeats it (each event would be reported twice, at other
 * lines). When the source is absent (git-ignored, not committed) the compiled file is the only
 * copy and is analysed — a secret compiled into a tracked `dist/config.js` is still found.
 */
export function compiledTwinOf(file: string, text: string): string | undefined {
  const map = compiledTypeScriptMap(text);
  if (!map) return undefined;
  try {
    const mapFile = path.join(path.dirname(file), map);
    const fd = fs.openSync(mapFile, 'r');
    let head: string;
    try {
      const buffer = Buffer.alloc(MAP_SAMPLE);
      head = buffer.subarray(0, fs.readSync(fd, buffer, 0, MAP_SAMPLE, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
    const source = /"sources"\s*:\s*\[\s*"([^"\\]+\.tsx?)"/.exec(head)?.[1];
    if (!source) return undefined;
    const root = /"sourceRoot"\s*:\s*"([^"\\]*)"/.exec(head)?.[1] ?? '';
    const resolved = path.resolve(path.dirname(mapFile), root, source);
    return fs.statSync(resolved).isFile() ? resolved : undefined;
  } catch {
    return undefined;
  }
}

const REASON = 'compiled TypeScript output of ';

/** Why the walk does not analyse a compiled twin, or undefined. */
export function compiledTwinReason(file: string, text: string): string | undefined {
  const twin = compiledTwinOf(file, text);
  return twin
    ? `${REASON}${path.relative(path.dirname(file), twin).split(path.sep).join('/')}, which is analysed instead`
    : undefined;
}

/** A twin's not-analysed finding is at info: nothing went unchecked, its source was analysed. */
export const isCompiledTwinReason = (reason: string): boolean => reason.startsWith(REASON);
