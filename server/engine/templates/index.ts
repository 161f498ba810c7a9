// Template documents (EJS, Eta, Swig, Handlebars/Mustache, Pug, Nunjucks, Vue, Svelte, Angular): which files are templates, and their tokens. One small tokenizer per engine;
// each is a linear scan that never fails — an unclosed tag runs to the end of the file.

import type { Note } from '../types';
import { looksBinary, looksMinified } from '../coverage';
import { tokenizeEjs } from './ejs';
import { tokenizeMustache } from './mustache';
import { tokenizeNunjucks } from './nunjucks';
import { tokenizePug } from './pug';
import { tokenizeSfc } from './sfc';
import type { TemplateDocument, TemplateEngine, TemplateToken } from './types';

export type { TemplateDocument, TemplateEngine, TemplateToken, TokenType } from './types';
export { tokenizeEjs } from './ejs';
export { tokenizeSfc } from './sfc';
export { filtersOf } from './nunjucks';

const BY_EXTENSION: Record<string, TemplateEngine> = {
  ejs: 'ejs',
  hbs: 'handlebars',
  handlebars: 'handlebars',
  mustache: 'handlebars',
  pug: 'pug',
  jade: 'pug',
  njk: 'nunjucks',
  nunjucks: 'nunjucks',
  vue: 'vue',
  svelte: 'svelte',
  eta: 'eta',
  swig: 'swig',
  // Express apps render `.html` views through an engine of their choice (`app.engine('html', …)`:
  // Swig in NodeGoat, EJS, Handlebars), and static pages carry inline scripts: which one a file is
  // is read from its text (htmlEngineOf).
  html: 'html',
  htm: 'html',
};

const BY_LANGUAGE: Record<string, TemplateEngine> = {
  ejs: 'ejs',
  handlebars: 'handlebars',
  mustache: 'handlebars',
  pug: 'pug',
  jade: 'pug',
  nunjucks: 'nunjucks',
  njk: 'nunjucks',
  vue: 'vue',
  svelte: 'svelte',
};

/** Angular component templates: only the CLI's `*.component.html` naming makes an HTML file clearly one. */
const ANGULAR_TEMPLATE = /\.component\.html$/i;

export function templateEngineOf(file: string, languageId?: string): TemplateEngine | undefined {
  if (ANGULAR_TEMPLATE.test(file)) return 'angular';
  const ext = /\.([a-z]+)$/i.exec(file)?.[1].toLowerCase();
  return (ext && BY_EXTENSION[ext]) || (languageId ? BY_LANGUAGE[languageId] : undefined);
}

/**
 * The engine a `.html` file is written for, read from its text: EJS tags (`<%=`, `<%-`, `<% `),
 * Handlebars blocks or triple braces (`{{#`, `{{/`, `{{{`), Swig/Nunjucks tags or outputs (`{%`,
 * `{{`), else none (`html`: a static page). One bounded scan of the text.
 */
export function htmlEngineOf(text: string): TemplateEngine {
  const sample = text.slice(0, 512 * 1024);
  if (/<%[=\-_#~]?[^%]{0,400}%>/.test(sample)) return 'ejs';
  if (/\{\{\{|\{\{[#/^>]/.test(sample)) return 'handlebars';
  if (/\{%|\{\{/.test(sample)) return 'swig';
  return 'html';
}

/** Tokens of a template, and the text the JS/TS parser sees: script blocks in place, all else blanked. */
export function parseTemplate(
  declared: TemplateEngine,
  text: string,
): { template: TemplateDocument; scriptText: string; notes: Note[] } {
  const notes: Note[] = [];
  const engine = declared === 'html' ? htmlEngineOf(text) : declared;
  if (looksBinary(text)) {
    notes.push({ kind: 'skipped', message: 'binary content in a template file; not analysed' });
    return { template: { engine, tokens: [], scripts: [] }, scriptText: '', notes };
  }
  switch (engine) {
    // A static page: no template tags, its inline scripts only; a bundler's output inlined into a
    // built page is judged as a bundle file is (coverage.ts), and said, not analysed as the team's code.
    case 'html': {
      const blocks = inlineScripts(text, []);
      if (looksMinified(blocks.map((b) => text.slice(b.start, b.end)).join('\n'))) {
        notes.push({
          kind: 'skipped',
          message: "minified or generated bundle in the page's inline scripts; not analysed",
        });
        return { template: { engine, tokens: [], scripts: [] }, scriptText: '', notes };
      }
      return withInlineScripts(engine, text, [], notes, blocks);
    }
    case 'ejs':
    case 'eta':
      return withInlineScripts(engine, text, tokenizeEjs(text, engine), notes);
    case 'lodash':
      return { template: { engine, tokens: tokenizeEjs(text, engine), scripts: [] }, scriptText: '', notes };
    case 'handlebars':
      return withInlineScripts(engine, text, tokenizeMustache(text), notes);
    // Swig's syntax is Nunjucks' (`{{ x|safe }}`, `{% autoescape false %}`): one tokenizer.
    case 'nunjucks':
    case 'swig':
      return withInlineScripts(engine, text, tokenizeNunjucks(text), notes);
    case 'pug':
      return withInlineScripts(engine, text, tokenizePug(text), notes, pugScriptBlocks(text));
    case 'angular':
      // Angular drops `<script>` from templates: nothing in one is analysed as code.
      return { template: { engine, tokens: tokenizeSfc(text, engine).tokens, scripts: [] }, scriptText: '', notes };
    case 'vue':
    case 'svelte': {
      const { tokens, scripts } = tokenizeSfc(text, engine);
      return {
        template: { engine, tokens, scripts },
        scriptText: scripts.length
          ? blankOutside(
              text,
              scripts.map((s) => s.content),
            )
          : '',
        notes,
      };
    }
  }
}

/** `<script>` types that hold data or another template, not JavaScript. */
const NOT_JAVASCRIPT =
  /\btype\s*=\s*["']?(?!(?:text\/javascript|application\/javascript|module|text\/ecmascript)["'\s>])[^"'\s>]+/i;

/**
 * A server template's inline `<script>` blocks (EJS, Handlebars, Nunjucks, Swig; Pug's `script.`): the page's own
 * JavaScript, parsed in place like a component's script so that every JS rule (DOM sinks above
 * all) runs on it. The template's tags inside a script are not JavaScript: an output tag becomes
 * `0` (a value, so `var x = <%- json %>;` still parses), any other tag blank; offsets stay.
 */
function withInlineScripts(
  engine: TemplateEngine,
  text: string,
  tokens: TemplateToken[],
  notes: Note[],
  blocks?: { start: number; end: number }[],
): { template: TemplateDocument; scriptText: string; notes: Note[] } {
  const scripts = blocks ?? inlineScripts(text, tokens);
  if (scripts.length === 0) return { template: { engine, tokens, scripts: [] }, scriptText: '', notes };
  const chars = blankOutside(text, scripts).split('');
  for (const token of tokens) {
    if (!scripts.some((s) => token.span.start < s.end && s.start < token.span.end)) continue;
    for (let i = token.span.start; i < token.span.end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
    if (token.type === 'output' || token.type === 'raw') chars[token.span.start] = '0';
  }
  return {
    template: { engine, tokens, scripts: scripts.map((content) => ({ content, lang: 'js' as const })) },
    scriptText: chars.join(''),
    notes,
  };
}

/**
 * The contents of `<script>` elements without `src` whose type is JavaScript (or absent); an opener
 * inside a template tag (`<%# "<script>" %>`) is not one. Linear: one pass over openers and tokens.
 */
function inlineScripts(text: string, tokens: readonly TemplateToken[]): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const lower = text.toLowerCase();
  let i = 0;
  let t = 0;
  while (i < text.length) {
    const open = lower.indexOf('<script', i);
    if (open < 0) break;
    while (t < tokens.length && tokens[t].span.end <= open) t++;
    if (t < tokens.length && tokens[t].span.start <= open) {
      i = tokens[t].span.end;
      continue;
    }
    const after = lower[open + 7];
    if (after !== '>' && after !== undefined && !/\s/.test(after)) {
      i = open + 7;
      continue;
    }
    const tagEnd = text.indexOf('>', open + 7);
    if (tagEnd < 0) break;
    const head = text.slice(open, tagEnd);
    const close = lower.indexOf('</script', tagEnd + 1);
    const end = close < 0 ? text.length : close;
    if (!/\bsrc\s*=/i.test(head) && !NOT_JAVASCRIPT.test(head)) out.push({ start: tagEnd + 1, end });
    i = close < 0 ? text.length : close + 8;
  }
  return out;
}

/** A Pug `script` tag line that opens a text block: `script.`, `script(nonce=n).`; attributes on the line. */
const PUG_SCRIPT = /^([ \t]*)script(\([^\n]*\))?\.[ \t]*\r?$/;

/**
 * Pug's inline scripts: the indented lines under a `script.` tag whose type is JavaScript (or
 * absent) and that has no `src`. Their text is JavaScript as written (Pug only interpolates
 * `#{…}`/`!{…}`, which the caller turns into values). Linear: one pass over the lines.
 */
function pugScriptBlocks(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let open: { indent: number; start: number; end: number } | undefined;
  let ls = 0;
  while (ls <= text.length) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const line = text.slice(ls, le);
    const blank = /^\s*$/.test(line);
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (open && !blank && indent <= open.indent) {
      out.push({ start: open.start, end: open.end });
      open = undefined;
    }
    if (open && !blank) open.end = le;
    if (!open) {
      const m = PUG_SCRIPT.exec(line);
      if (m && !(m[2] && (/\bsrc\s*=/i.test(m[2]) || NOT_JAVASCRIPT.test(m[2]))))
        open = { indent: m[1].length, start: le + 1, end: le + 1 };
    }
    ls = le + 1;
  }
  if (open && open.end > open.start) out.push({ start: open.start, end: open.end });
  return out.filter((s) => s.end > s.start && s.start <= text.length);
}

/** Keep the given spans, replace every other character but line breaks with a space: offsets stay. */
function blankOutside(text: string, keep: { start: number; end: number }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of [...keep].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue;
    parts.push(text.slice(at, span.start).replace(/[^\r\n]/g, ' '), text.slice(span.start, span.end));
    at = span.end;
  }
  parts.push(text.slice(at).replace(/[^\r\n]/g, ' '));
  return parts.join('');
}
