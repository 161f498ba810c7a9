// Template documents: which files are templates, and their tokens. One small tokenizer per engine;
// each is a linear scan that never fails — an unclosed tag runs to the end of the file.

import type { Note } from '../types';
import { looksBinary } from '../coverage';
import { tokenizeEjs } from './ejs';
import { tokenizeMustache } from './mustache';
import { tokenizeNunjucks } from './nunjucks';
import { tokenizePug } from './pug';
import { tokenizeSfc } from './sfc';
import type { TemplateDocument, TemplateEngine } from './types';

export type { TemplateDocument, TemplateEngine, TemplateToken, TokenType } from './types';
export { tokenizeEjs } from './ejs';
export { tokenizeSfc } from './sfc';
export { filtersOf } from './nunjucks';

const BY_EXTENSION: Record<string, TemplateEngine> = {
  ejs: 'ejs', hbs: 'handlebars', handlebars: 'handlebars', mustache: 'handlebars', pug: 'pug', jade: 'pug',
  njk: 'nunjucks', nunjucks: 'nunjucks', vue: 'vue', svelte: 'svelte',
};

const BY_LANGUAGE: Record<string, TemplateEngine> = {
  ejs: 'ejs', handlebars: 'handlebars', mustache: 'handlebars', pug: 'pug', jade: 'pug', nunjucks: 'nunjucks', njk: 'nunjucks', vue: 'vue', svelte: 'svelte',
};

/** Angular component templates: only the CLI's `*.component.html` naming makes an HTML file clearly one. */
const ANGULAR_TEMPLATE = /\.component\.html$/i;

export function templateEngineOf(file: string, languageId?: string): TemplateEngine | undefined {
  if (ANGULAR_TEMPLATE.test(file)) return 'angular';
  const ext = /\.([a-z]+)$/i.exec(file)?.[1].toLowerCase();
  return (ext && BY_EXTENSION[ext]) || (languageId ? BY_LANGUAGE[languageId] : undefined);
}

/** Tokens of a template, and the text the JS/TS parser sees: script blocks in place, all else blanked. */
export function parseTemplate(engine: TemplateEngine, text: string): { template: TemplateDocument; scriptText: string; notes: Note[] } {
  const notes: Note[] = [];
  if (looksBinary(text)) {
    notes.push({ kind: 'skipped', message: 'binary content in a template file; not analysed' });
    return { template: { engine, tokens: [], scripts: [] }, scriptText: '', notes };
  }
  switch (engine) {
    case 'ejs': case 'lodash': return { template: { engine, tokens: tokenizeEjs(text, engine), scripts: [] }, scriptText: '', notes };
    case 'handlebars': return { template: { engine, tokens: tokenizeMustache(text), scripts: [] }, scriptText: '', notes };
    case 'nunjucks': return { template: { engine, tokens: tokenizeNunjucks(text), scripts: [] }, scriptText: '', notes };
    case 'pug': return { template: { engine, tokens: tokenizePug(text), scripts: [] }, scriptText: '', notes };
    case 'angular':
      // Angular drops `<script>` from templates: nothing in one is analysed as code.
      return { template: { engine, tokens: tokenizeSfc(text, engine).tokens, scripts: [] }, scriptText: '', notes };
    case 'vue': case 'svelte': {
      const { tokens, scripts } = tokenizeSfc(text, engine);
      return { template: { engine, tokens, scripts }, scriptText: scripts.length ? blankOutside(text, scripts.map((s) => s.content)) : '', notes };
    }
  }
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
