// Handlebars and Mustache: `{{x}}` escapes; `{{{x}}}` and `{{& x}}` do not; `{{! … }}` and
// `{{!-- … --}}` are comments; `{{#…}}`, `{{/…}}`, `{{^…}}`, `{{> …}}`, `{{else}}` output nothing.
// `~` whitespace control (`{{~{x}~}}`) and the escaped `\{{` are understood.

import type { TemplateToken, TokenType } from './types';
import { findClose, trimSpan } from './scan';

export function tokenizeMustache(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) break;
    if (open > 0 && text[open - 1] === '\\') {
      i = open + 2;
      continue;
    }
    let j = open + 2;
    if (text[j] === '~') j++;
    if (text.startsWith('!--', j)) {
      const close = text.indexOf('--', j + 3);
      const end = close < 0 ? -1 : text.indexOf('}}', close);
      const tokenEnd = end < 0 ? text.length : end + 2;
      tokens.push(token('comment', text, open, j + 3, end < 0 ? tokenEnd : close, tokenEnd, end >= 0));
      i = tokenEnd;
      continue;
    }
    const marker = text[j];
    let type: TokenType = 'output';
    let closer = '}}';
    if (marker === '!') type = 'comment';
    else if (marker === '{') {
      type = 'raw';
      closer = '}}}';
    } else if (marker === '&') type = 'raw';
    else if (marker === '#' || marker === '/' || marker === '^' || marker === '>' || marker === '*' || marker === '=')
      type = 'code';
    const bodyStart = marker === '{' || marker === '&' || type === 'code' || type === 'comment' ? j + 1 : j;
    let close = type === 'comment' ? text.indexOf('}}', bodyStart) : findClose(text, bodyStart, closer);
    if (close < 0 && closer === '}}}') close = findClose(text, bodyStart, '}}');
    const tokenEnd = close < 0 ? text.length : close + (text.startsWith('}}}', close) && closer === '}}}' ? 3 : 2);
    let contentEnd = close < 0 ? text.length : close;
    if (contentEnd > bodyStart && text[contentEnd - 1] === '~') contentEnd--;
    const t = token(type, text, open, bodyStart, contentEnd, tokenEnd, close >= 0);
    if (type === 'output' && /^else\b/.test(text.slice(t.content.start, t.content.start + 5))) t.type = 'code';
    tokens.push(t);
    i = tokenEnd;
  }
  return tokens;
}

function token(
  type: TokenType,
  text: string,
  open: number,
  bodyStart: number,
  contentEnd: number,
  tokenEnd: number,
  closed: boolean,
): TemplateToken {
  return {
    type,
    span: { start: open, end: tokenEnd },
    open: text.slice(open, bodyStart),
    openSpan: { start: open, end: bodyStart },
    ...(closed ? { closeSpan: { start: contentEnd, end: tokenEnd } } : {}),
    content: trimSpan(text, bodyStart, contentEnd),
  };
}
