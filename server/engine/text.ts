// Positions in a document's text, shared by the engine (suppressions) and the rules (messages
// that name a line).

/** The 1-based line an offset is on. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The offset each line starts at (0 first): computed once per text, then `positionIn` is a binary search. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line and column of an offset, given the text's `lineStarts`. */
export function positionIn(starts: readonly number[], offset: number): [line: number, column: number] {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]];
}
