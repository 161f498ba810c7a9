// Positions in a document's text, shared by the engine (suppressions) and the rules (messages
// that name a line).

/** The 1-based line an offset is on. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
