// `.env` files, read as dotenv (v16) reads them: `[export] KEY=value` or `KEY: value`, `#` comments,
// unquoted values end at `#` and are trimmed, quoted values ('…', "…", `…`) may span lines and
// double-quoted ones expand \n and \r. dotenv's own `parse` gives no offsets, so this is a small
// linear line reader instead; it never fails (a line it cannot read is skipped, as dotenv does).

import { MAX_CONFIG_ENTRIES, type ConfigEntry } from './types';

const KEY = /^[ \t]*(?:export[ \t]+)?([\w.-]+)(?:[ \t]*=[ \t]*|:[ \t]+)/;

export function readEnv(text: string): { entries: ConfigEntry[]; truncated: boolean } {
  const entries: ConfigEntry[] = [];
  // Once a quote has no closing partner, no later line's has either: never search again (linear).
  const unclosed = new Set<string>();
  let at = 0;
  while (at < text.length) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(at, lineEnd);
    const m = KEY.exec(line);
    if (!m) {
      at = lineEnd + 1;
      continue;
    }
    if (entries.length >= MAX_CONFIG_ENTRIES) return { entries, truncated: true };
    const key = m[1];
    const valueStart = at + m[0].length;
    const quote = text[valueStart];
    if ((quote === '"' || quote === "'" || quote === '`') && !unclosed.has(quote)) {
      const close = closingQuote(text, valueStart + 1, quote);
      if (close < 0) unclosed.add(quote);
      if (close >= 0) {
        let value = text.slice(valueStart + 1, close);
        if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
        entries.push({
          path: [key],
          key,
          value,
          span: { start: valueStart, end: close + 1 },
          style: quote === '"' ? 'double' : 'single',
          siblings: [],
        });
        const next = text.indexOf('\n', close);
        at = next < 0 ? text.length : next + 1;
        continue;
      }
    }
    // Unquoted: up to a `#` or the end of the line, trimmed.
    const hash = line.indexOf('#', m[0].length);
    const raw = line.slice(m[0].length, hash < 0 ? line.length : hash);
    const value = raw.replace(/\r$/, '').trim();
    if (value) {
      const start = valueStart + raw.indexOf(value);
      entries.push({
        path: [key],
        key,
        value,
        span: { start, end: start + value.length },
        style: 'plain',
        siblings: [],
      });
    }
    at = lineEnd + 1;
  }
  return { entries, truncated: false };
}

/** The closing quote (a backslash escapes one), or -1. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === quote) return i;
  }
  return -1;
}
