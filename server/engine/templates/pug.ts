// Pug (and Jade): a line-oriented scan. Buffered code after a tag is `= expr` (escaped) or
// `!= expr` (not escaped); so are attribute values `(href!=url)`; interpolation is `#{…}`
// (escaped) or `!{…}` (not). `//` comments and `tag.` text blocks swallow their indented lines
// (text blocks still interpolate). Unbalanced parentheses or braces end at the text's end, never loop.

import type { TemplateToken, TokenType } from './types';
import { findClose, skipString, trimSpan } from './scan';

const KEYWORDS = new Set([
  'if',
  'else',
  'unless',
  'each',
  'for',
  'while',
  'case',
  'when',
  'default',
  'include',
  'extends',
  'block',
  'append',
  'prepend',
  'mixin',
  'yield',
  'doctype',
]);
const NAME = /[\w\-:$@]/;

export function tokenizePug(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let blockIndent = -1;
  let blockKind: 'comment' | 'text' | 'code' = 'comment';
  let ls = 0;
  while (ls <= text.length) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    let p = ls;
    while (p < le && (text[p] === ' ' || text[p] === '\t')) p++;
    const indent = p - ls;
    let next = le + 1;
    if (p < le && text[p] !== '\r') {
      if (blockIndent >= 0 && indent > blockIndent) {
        if (blockKind === 'text') interpolations(text, p, le, tokens);
        else if (blockKind === 'comment') tokens.push(simple('comment', text, p, p, le));
      } else {
        blockIndent = -1;
        if (text.startsWith('//', p)) {
          tokens.push(simple('comment', text, p, p + (text[p + 2] === '-' ? 3 : 2), le));
          blockIndent = indent;
          blockKind = 'comment';
        } else if (text[p] === '-') {
          tokens.push(simple('code', text, p, p + 1, le));
          if (/^-\s*$/.test(text.slice(p, le))) {
            blockIndent = indent;
            blockKind = 'code';
          }
        } else if (text[p] === '|' || text[p] === '<') {
          interpolations(text, p + 1, le, tokens);
        } else {
          const end = tagLine(text, p, le, tokens);
          if (end.textBlock) {
            blockIndent = indent;
            blockKind = 'text';
          }
          if (end.position > le) {
            const after = text.indexOf('\n', end.position);
            next = after < 0 ? text.length + 1 : after + 1;
          }
        }
      }
    }
    ls = next;
  }
  return tokens;
}

function tagLine(
  text: string,
  start: number,
  le: number,
  tokens: TemplateToken[],
): { position: number; textBlock: boolean } {
  let p = start;
  for (let guard = 0; guard < 50; guard++) {
    const nameStart = p;
    if (text[p] === '+') p++;
    while (p < text.length && NAME.test(text[p])) p++;
    const name = text.slice(nameStart, p);
    if (KEYWORDS.has(name)) return { position: le, textBlock: false };
    for (;;) {
      if ((text[p] === '.' || text[p] === '#') && p + 1 < text.length && NAME.test(text[p + 1])) {
        p++;
        while (p < text.length && NAME.test(text[p])) p++;
        continue;
      }
      if (text[p] === '(') {
        p = attributes(text, p, tokens);
        continue;
      }
      if (text.startsWith('&attributes(', p)) {
        p = skipParens(text, p + 11);
        continue;
      }
      break;
    }
    if (p === nameStart) {
      // Not a tag: `!= x` or `= x` at the start of a line, or plain text.
      if (!text.startsWith('!=', p) && text[p] !== '=') {
        interpolations(text, p, le, tokens);
        return { position: le, textBlock: false };
      }
    }
    const lineEnd = Math.max(le, text.indexOf('\n', p) < 0 ? text.length : text.indexOf('\n', p));
    if (text[p] === ':' && (text[p + 1] === ' ' || text[p + 1] === '\t')) {
      p += 1;
      while (text[p] === ' ' || text[p] === '\t') p++;
      continue; // block expansion: `li: a(href=x)!= y`
    }
    if (text.startsWith('!=', p)) {
      tokens.push(simple('raw', text, p, p + 2, lineEnd));
      return { position: lineEnd, textBlock: false };
    }
    if (text[p] === '=') {
      tokens.push(simple('output', text, p, p + 1, lineEnd));
      return { position: lineEnd, textBlock: false };
    }
    if (text[p] === '.' && /^\s*$/.test(text.slice(p + 1, lineEnd))) return { position: lineEnd, textBlock: true };
    if (text[p] === '/') return { position: lineEnd, textBlock: false }; // self-closing `img/`
    interpolations(text, p, lineEnd, tokens);
    return { position: lineEnd, textBlock: false };
  }
  return { position: le, textBlock: false };
}

/** Attributes from `(` to the matching `)`, reporting `name!=value`; returns the index after `)`. */
function attributes(text: string, open: number, tokens: TemplateToken[]): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipString(text, i) - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
      continue;
    }
    if (depth === 1 && c === '!' && text[i + 1] === '=' && i > open + 1 && NAME.test(text[i - 1])) {
      // The value runs to the next top-level `,`, newline or `)`.
      let j = i + 2,
        d = 0;
      for (; j < text.length; j++) {
        const cj = text[j];
        if (cj === '"' || cj === "'" || cj === '`') {
          j = skipString(text, j) - 1;
          continue;
        }
        if (cj === '(' || cj === '[' || cj === '{') d++;
        else if (cj === ')' || cj === ']' || cj === '}') {
          if (d === 0) break;
          d--;
        } else if (d === 0 && (cj === ',' || cj === '\n')) break;
      }
      let nameStart = i;
      while (nameStart > open + 1 && NAME.test(text[nameStart - 1])) nameStart--;
      const t = simple('raw', text, i, i + 2, j);
      t.name = text.slice(nameStart, i);
      t.span = { start: nameStart, end: j };
      tokens.push(t);
      i = j - 1;
    }
  }
  return text.length;
}

function skipParens(text: string, open: number): number {
  const close = findClose(text, open + 1, ')', { nest: ['(', ')'] });
  return close < 0 ? text.length : close + 1;
}

/** `#{…}` and `!{…}` in text between `start` and `end` (one line). */
function interpolations(text: string, start: number, end: number, tokens: TemplateToken[]): void {
  let i = start;
  while (i < end) {
    const at = text.indexOf('{', i);
    if (at < 0 || at >= end) return;
    const marker = text[at - 1];
    if ((marker === '!' || marker === '#') && at - 1 >= start && text[at - 2] !== '\\') {
      const close = findClose(text, at + 1, '}', { nest: ['{', '}'], stopAtNewline: true });
      const stop = close < 0 ? end : close;
      const type: TokenType = marker === '!' ? 'raw' : 'output';
      tokens.push({
        type,
        span: { start: at - 1, end: close < 0 ? end : close + 1 },
        open: `${marker}{`,
        openSpan: { start: at - 1, end: at + 1 },
        ...(close >= 0 ? { closeSpan: { start: close, end: close + 1 } } : {}),
        content: trimSpan(text, at + 1, stop),
      });
      i = close < 0 ? end : close + 1;
    } else {
      i = at + 1;
    }
  }
}

function simple(type: TokenType, text: string, start: number, bodyStart: number, end: number): TemplateToken {
  let e = end;
  if (e > start && text[e - 1] === '\r') e--;
  return {
    type,
    span: { start, end: e },
    open: text.slice(start, bodyStart),
    openSpan: { start, end: bodyStart },
    content: trimSpan(text, bodyStart, e),
  };
}
