// EJS and lodash/underscore templates: `<% code %>`, `<%= out %>`, `<%- out %>`, `<%# comment %>`,
// `<%_ … _%>` and the literal `<%%`. The two engines share delimiters but not meaning: EJS escapes
// `<%=` and not `<%-`; lodash/underscore escape `<%-` and not `<%=`.
// Like EJS itself, the closing `%>` is the first one after the opening (quotes are not special).

import type { TemplateToken } from './types';
import { trimSpan } from './scan';

export function tokenizeEjs(
  text: string,
  flavour: 'ejs' | 'lodash' | 'eta' = 'ejs',
  base = 0,
  end = text.length,
): TemplateToken[] {
  if (flavour === 'eta') return tokenizeEta(text, base, end);
  const tokens: TemplateToken[] = [];
  let i = base;
  while (i < end) {
    const open = text.indexOf('<%', i);
    if (open < 0 || open >= end) break;
    const marker = text[open + 2];
    if (marker === '%') {
      i = open + 3;
      continue;
    } // `<%%` is a literal `<%`
    const hasMarker = marker === '=' || marker === '-' || marker === '#' || marker === '_';
    const openLen = hasMarker ? 3 : 2;
    const bodyStart = open + openLen;
    let close = text.indexOf('%>', bodyStart);
    if (close >= end) close = -1;
    let closeStart = close < 0 ? end : close;
    // `-%>` and `_%>` trim white space; the marker belongs to the delimiter.
    if (
      close >= 0 &&
      flavour === 'ejs' &&
      (text[close - 1] === '-' || text[close - 1] === '_') &&
      close - 1 >= bodyStart
    )
      closeStart = close - 1;
    const tokenEnd = close < 0 ? end : close + 2;
    const openText = text.slice(open, open + openLen);
    const type =
      marker === '#'
        ? 'comment'
        : marker === '='
          ? flavour === 'ejs'
            ? 'output'
            : 'raw'
          : marker === '-'
            ? flavour === 'ejs'
              ? 'raw'
              : 'output'
            : 'code';
    tokens.push({
      type,
      span: { start: open, end: tokenEnd },
      open: openText,
      openSpan: { start: open, end: open + openLen },
      ...(close >= 0 ? { closeSpan: { start: closeStart, end: tokenEnd } } : {}),
      content: trimSpan(text, bodyStart, closeStart),
    });
    i = tokenEnd;
  }
  return tokens;
}

/**
 * Eta: `<%= x %>` escaped (by default), `<%~ x %>` raw, `<% code %>`; `-` or `_` right after `<%`
 * or right before `%>` only trims white space. The closing `%>` is the first one after the opening.
 */
function tokenizeEta(text: string, base: number, end: number): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let i = base;
  while (i < end) {
    const open = text.indexOf('<%', i);
    if (open < 0 || open >= end) break;
    let at = open + 2;
    if (text[at] === '-' || text[at] === '_') at++;
    const marker = text[at];
    if (marker === '=' || marker === '~') at++;
    let close = text.indexOf('%>', at);
    if (close >= end) close = -1;
    let closeStart = close < 0 ? end : close;
    if (close >= 0 && (text[close - 1] === '-' || text[close - 1] === '_') && close - 1 >= at) closeStart = close - 1;
    const tokenEnd = close < 0 ? end : close + 2;
    tokens.push({
      type: marker === '=' ? 'output' : marker === '~' ? 'raw' : 'code',
      span: { start: open, end: tokenEnd },
      open: text.slice(open, at),
      openSpan: { start: open, end: at },
      ...(close >= 0 ? { closeSpan: { start: closeStart, end: tokenEnd } } : {}),
      content: trimSpan(text, at, closeStart),
    });
    i = tokenEnd;
  }
  return tokens;
}
