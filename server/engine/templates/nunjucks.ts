// Nunjucks (and Jinja-style) templates: `{{ expr | filter }}`, `{% tag … %}`, `{# comment #}`,
// with `{% raw %}…{% endraw %}` / `{% verbatim %}` left alone. Filters of an output are found
// by `filtersOf`, outside string literals.

import type { Span } from '../types';
import type { TemplateToken } from './types';
import { findClose, skipString, trimSpan } from './scan';

export function tokenizeNunjucks(text: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const kind = text[open + 1];
    if (kind !== '{' && kind !== '%' && kind !== '#') {
      i = open + 1;
      continue;
    }
    let bodyStart = open + 2;
    if (text[bodyStart] === '-') bodyStart++;
    const closer = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    const close = kind === '#' ? text.indexOf('#}', bodyStart) : findClose(text, bodyStart, closer);
    const tokenEnd = close < 0 ? text.length : close + 2;
    let contentEnd = close < 0 ? text.length : close;
    if (contentEnd > bodyStart && text[contentEnd - 1] === '-') contentEnd--;
    const content = trimSpan(text, bodyStart, contentEnd);
    const t: TemplateToken = {
      type: kind === '{' ? 'output' : kind === '%' ? 'tag' : 'comment',
      span: { start: open, end: tokenEnd },
      open: text.slice(open, bodyStart),
      openSpan: { start: open, end: bodyStart },
      ...(close >= 0 ? { closeSpan: { start: contentEnd, end: tokenEnd } } : {}),
      content,
    };
    if (kind === '%')
      t.name = /^[A-Za-z_]\w*/.exec(text.slice(content.start, Math.min(content.end, content.start + 40)))?.[0];
    tokens.push(t);
    i = tokenEnd;
    if (t.name === 'raw' || t.name === 'verbatim') {
      const endTag = new RegExp(`\\{%-?\\s*end${t.name}\\s*-?%\\}`, 'g');
      endTag.lastIndex = i;
      const m = endTag.exec(text);
      i = m ? m.index : text.length;
    }
  }
  return tokens;
}

/** The filters applied at the top level of an output expression: `x | safe | trim` → safe, trim. */
export function filtersOf(text: string, content: Span): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  let depth = 0;
  for (let i = content.start; i < content.end; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = skipString(text, i, content.end) - 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '|' && depth === 0 && text[i + 1] !== '|' && text[i - 1] !== '|') {
      let j = i + 1;
      while (j < content.end && (text[j] === ' ' || text[j] === '\t')) j++;
      let k = j;
      while (k < content.end && /\w/.test(text[k])) k++;
      if (k > j) out.push({ name: text.slice(j, k), span: { start: i, end: k } });
    }
  }
  return out;
}
