// Small linear scanning helpers the tokenizers share. No regular expression here runs over more
// than a bounded slice, so hostile templates cost time proportional to their length.

/** Index just past a JS-ish string literal starting at `i` (a quote), or the text end if unclosed. */
export function skipString(text: string, i: number, limit = text.length): number {
  const quote = text[i];
  let j = i + 1;
  while (j < limit) {
    const c = text[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === quote) return j + 1;
    if (c === '\n' && quote !== '`') return j; // an unclosed quote ends at the line
    j++;
  }
  return limit;
}

/**
 * Find `close` from `from`, skipping quoted strings; -1 when absent. `nest` counts `{`/`}` (or
 * `(`/`)`) so that `close` inside nested braces is not taken.
 */
export function findClose(
  text: string,
  from: number,
  close: string,
  options: { nest?: [string, string]; stopAtNewline?: boolean; quotes?: boolean } = {},
): number {
  let depth = 0;
  const quotes = options.quotes ?? true;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (options.stopAtNewline && c === '\n') return -1;
    if (quotes && (c === '"' || c === "'" || c === '`')) {
      i = skipString(text, i) - 1;
      continue;
    }
    if (options.nest) {
      if (c === options.nest[0]) {
        depth++;
        continue;
      }
      if (c === options.nest[1] && depth > 0) {
        depth--;
        continue;
      }
    }
    if (depth === 0 && text.startsWith(close, i)) return i;
  }
  return -1;
}

/** The span of `text[start, end)` without leading and trailing white space. */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } {
  let s = start,
    e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}
