// User-supplied text (loosening reasons, suppression justifications, paths, ignore patterns, config
// error messages) placed in markdown — `posture --format markdown`, the editor's posture view — must
// stay the text it is: one inline run, no markup, no raw HTML. A reason of "\n\n<!--" used to open an
// HTML comment that hid the rest of the posture; "# x" or "| x" made a heading or broke a table.

/** Every line terminator markdown or an HTML renderer could honour, and the other control characters. */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Plain inline text, for a place after other text on its line (never at a line's start, where
 * `#`, `-` or `>` would open a block): controls and line breaks become one space, the characters
 * that open inline markup or a table cell are backslash-escaped, and `<>&` are entities.
 */
export function markdownText(text: string): string {
  return text
    .replace(BREAKS, ' ')
    .replace(/[\\`*_[\]()!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A code span holding `text` literally: fenced by one more backtick than its longest run of
 * backticks, padded with a space when it starts or ends with one, line breaks made spaces. (Not
 * for table cells: GFM splits cells at `|` before it reads code spans; use markdownText there.)
 */
export function markdownCode(text: string): string {
  const body = text.replace(BREAKS, ' ');
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || /^ .* $/.test(body) ? ' ' : '';
  return `${fence}${pad}${body || ' '}${pad}${fence}`;
}
