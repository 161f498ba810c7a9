// Applying a fix's edits to a text: one implementation for the CLI, the tests and the fuzzers.

import type { Fix, TextEdit } from './types';

/** Apply same-document edits; throws on overlapping edits, which a correct fix never produces. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const own = edits.filter((e) => e.file === undefined).sort((a, b) => a.span.start - b.span.start);
  let out = '';
  let at = 0;
  for (const e of own) {
    if (e.span.start < at || e.span.end < e.span.start || e.span.end > text.length)
      throw new Error(`overlapping or out-of-range edit at ${e.span.start}`);
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/**
 * Apply several fixes at once, skipping any fix that overlaps one already taken. An edit identical
 * to one already taken (two fixes adding the same helper at the end of the file) is shared, not an
 * overlap: it is applied once.
 */
export function applyFixes(
  text: string,
  fixes: readonly Fix[],
): { text: string; applied: number; edits: TextEdit[]; fixes: Fix[] } {
  const taken: TextEdit[] = [];
  const takenFixes: Fix[] = [];
  let applied = 0;
  for (const fix of fixes) {
    const same = (a: TextEdit, b: TextEdit): boolean =>
      a.span.start === b.span.start && a.span.end === b.span.end && a.newText === b.newText;
    const own = fix.edits.filter((e) => e.file === undefined && !taken.some((t) => same(t, e)));
    const overlaps = own.some((e) =>
      taken.some(
        (t) =>
          (e.span.start < t.span.end && t.span.start < e.span.end) ||
          (e.span.start === e.span.end && e.span.start === t.span.start),
      ),
    );
    if (overlaps) continue;
    taken.push(...own);
    takenFixes.push(fix);
    applied++;
  }
  return {
    text: applyEdits(text, taken),
    applied,
    edits: [...taken].sort((a, b) => a.span.start - b.span.start),
    fixes: takenFixes,
  };
}
