// Single-file components (Vue, Svelte) and Angular component templates: an HTML scan that finds
// the `<script>` blocks (analysed as JS/TS at their own offsets), skips `<style>` and comments, and
// reports in the markup Vue's `v-html` attributes and `{{ }}` output, Svelte's `{@html …}` and
// `{…}` output, or Angular's `{{ }}` output and HTML property bindings (`[innerHTML]="…"`).

import type { TemplateDocument, TemplateToken } from './types';
import { findClose, skipString, trimSpan } from './scan';

type SfcEngine = 'vue' | 'svelte' | 'angular';

/** Angular element properties whose binding is HTML (sanitized by Angular unless marked trusted). */
const ANGULAR_HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML', 'srcdoc']);

export function tokenizeSfc(text: string, engine: SfcEngine): Pick<TemplateDocument, 'tokens' | 'scripts'> {
  const tokens: TemplateToken[] = [];
  const scripts: TemplateDocument['scripts'] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number): void => {
    if (end > textStart) markup(text, textStart, end, engine, tokens);
  };
  // A `<` inside a text expression (`{@html '<kbd>…</kbd>'}`, `{{ '<b>' }}`) is not a tag. The next
  // expression opener is cached; after one unclosed expression, expressions are no longer skipped
  // (so hostile input cannot make each `<` rescan to the end).
  const opener = engine === 'svelte' ? '{' : '{{';
  let nextOpen = -1;
  let skipExpressions = true;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (skipExpressions) {
      if (nextOpen < i) nextOpen = text.indexOf(opener, i);
      if (nextOpen < 0) skipExpressions = false;
      else if (nextOpen < lt) {
        const close =
          engine === 'svelte'
            ? findClose(text, nextOpen + 1, '}', { nest: ['{', '}'] })
            : findClose(text, nextOpen + 2, '}}');
        if (close < 0) skipExpressions = false;
        else {
          i = close + opener.length;
          continue;
        }
      }
    }
    if (text.startsWith('<!--', lt)) {
      flushText(lt);
      const close = text.indexOf('-->', lt + 4);
      const end = close < 0 ? text.length : close + 3;
      tokens.push({
        type: 'comment',
        span: { start: lt, end },
        open: '<!--',
        openSpan: { start: lt, end: lt + 4 },
        content: trimSpan(text, lt + 4, close < 0 ? end : close),
      });
      i = textStart = end;
      continue;
    }
    if (!/[A-Za-z]/.test(text[lt + 1] ?? '')) {
      i = lt + 1;
      continue;
    }
    flushText(lt);
    let nameEnd = lt + 1;
    while (nameEnd < text.length && /[\w\-:.]/.test(text[nameEnd])) nameEnd++;
    const name = text.slice(lt + 1, nameEnd).toLowerCase();
    const tagEnd = attributesOf(text, nameEnd, engine, tokens);
    i = textStart = tagEnd;
    if (name === 'script' || name === 'style') {
      const close = indexOfCaseless(text, `</${name}`, tagEnd);
      const contentEnd = close < 0 ? text.length : close;
      if (name === 'script') {
        const head = text.slice(lt, tagEnd);
        const lang = /\blang\s*=\s*["']?(ts|typescript|tsx|jsx)/i.exec(head)?.[1].toLowerCase();
        scripts.push({
          content: { start: tagEnd, end: contentEnd },
          lang: lang === 'typescript' ? 'ts' : ((lang as 'ts' | 'tsx' | 'jsx' | undefined) ?? 'js'),
        });
      }
      const after = close < 0 ? text.length : text.indexOf('>', close);
      i = textStart = after < 0 ? text.length : after + 1;
    }
  }
  flushText(text.length);
  return { tokens, scripts };
}

function indexOfCaseless(text: string, needle: string, from: number): number {
  const lower = needle.toLowerCase();
  let at = from;
  for (;;) {
    const found = text.indexOf('</', at);
    if (found < 0) return -1;
    if (text.slice(found, found + lower.length).toLowerCase() === lower) return found;
    at = found + 2;
  }
}

/** Scan a tag's attributes from after its name to after its `>`; report `v-html`. */
function attributesOf(text: string, from: number, engine: SfcEngine, tokens: TemplateToken[]): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '>') return i + 1;
    if (c === '"' || c === "'") {
      i = skipString(text, i);
      continue;
    }
    if (c === '{' && engine === 'svelte') {
      const close = findClose(text, i + 1, '}', { nest: ['{', '}'] });
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (/[\w@:#.\-[]/.test(c)) {
      const nameStart = i;
      while (i < text.length && /[\w@:#.\-\[\]]/.test(text[i])) i++;
      const name = text.slice(nameStart, i);
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === '=') {
        j++;
        while (j < text.length && /\s/.test(text[j])) j++;
        const q = text[j];
        let valueStart = j,
          valueEnd: number,
          end: number;
        if (q === '"' || q === "'") {
          const close = text.indexOf(q, j + 1);
          valueStart = j + 1;
          valueEnd = close < 0 ? text.length : close;
          end = close < 0 ? text.length : close + 1;
        } else {
          valueEnd = j;
          while (valueEnd < text.length && !/[\s>]/.test(text[valueEnd])) valueEnd++;
          end = valueEnd;
        }
        if (engine === 'vue' && name === 'v-html') {
          tokens.push({
            type: 'raw',
            name,
            span: { start: nameStart, end },
            open: 'v-html',
            openSpan: { start: nameStart, end: i },
            content: trimSpan(text, valueStart, valueEnd),
          });
        }
        if (engine === 'angular') {
          // [innerHTML]="…" and bind-innerHTML="…"; [attr.innerHTML] sets an attribute, not the property.
          const property = /^\[([A-Za-z]+)\]$/.exec(name)?.[1] ?? /^bind-([A-Za-z]+)$/.exec(name)?.[1];
          if (property && ANGULAR_HTML_PROPERTIES.has(property)) {
            tokens.push({
              type: 'output',
              name: property,
              span: { start: nameStart, end },
              open: name,
              openSpan: { start: nameStart, end: i },
              content: trimSpan(text, valueStart, valueEnd),
            });
          }
        }
        i = end;
        continue;
      }
      continue;
    }
    i++;
  }
  return text.length;
}

/** Text between tags: Vue `{{ }}`, Svelte `{@html …}` and `{…}`. */
function markup(text: string, start: number, end: number, engine: SfcEngine, tokens: TemplateToken[]): void {
  let i = start;
  while (i < end) {
    const at = text.indexOf('{', i);
    if (at < 0 || at >= end) return;
    if (engine === 'vue' || engine === 'angular') {
      if (text[at + 1] !== '{') {
        i = at + 1;
        continue;
      }
      const close = findClose(text, at + 2, '}}');
      const stop = close < 0 || close > end ? end : close;
      tokens.push({
        type: 'output',
        span: { start: at, end: stop === close ? close + 2 : end },
        open: '{{',
        openSpan: { start: at, end: at + 2 },
        content: trimSpan(text, at + 2, stop),
      });
      i = stop === close ? close + 2 : end;
      continue;
    }
    const close = findClose(text, at + 1, '}', { nest: ['{', '}'] });
    const stop = close < 0 || close > end ? end : close;
    const tokenEnd = stop === close ? close + 1 : end;
    if (text.startsWith('{@html', at) && /\s/.test(text[at + 6] ?? '')) {
      tokens.push({
        type: 'raw',
        span: { start: at, end: tokenEnd },
        open: '{@html',
        openSpan: { start: at, end: at + 6 },
        ...(stop === close ? { closeSpan: { start: close, end: close + 1 } } : {}),
        content: trimSpan(text, at + 6, stop),
      });
    } else {
      const marker = text[at + 1];
      tokens.push({
        type: marker === '#' || marker === '/' || marker === ':' || marker === '@' ? 'code' : 'output',
        span: { start: at, end: tokenEnd },
        open: '{',
        openSpan: { start: at, end: at + 1 },
        content: trimSpan(text, at + 1, stop),
      });
    }
    i = tokenEnd;
  }
}
