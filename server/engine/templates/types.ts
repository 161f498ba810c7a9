// The vocabulary of template documents: a flat list of tokens per file, the same for every
// engine, so that template rules stay pure `(tokens, text) → findings`.

import type { Span } from '../types';

/**
 * `html`: a `.html` page whose text holds no template syntax (a static page, or one whose tags no
 * engine here reads): only its inline `<script>` blocks are analysed. A `.html` file that does hold
 * EJS, Handlebars or Swig/Nunjucks tags is read as that engine (templates/index.ts `htmlEngineOf`).
 */
export type TemplateEngine =
  | 'ejs'
  | 'handlebars'
  | 'pug'
  | 'nunjucks'
  | 'vue'
  | 'svelte'
  | 'lodash'
  | 'angular'
  | 'eta'
  | 'swig'
  | 'html';

export type TokenType =
  /**
   * Output the engine escapes: EJS `<%=`, `{{x}}`, Pug `=`/`#{}`, Nunjucks `{{ }}`, Vue `{{ }}`, Svelte `{x}`, lodash `<%-`;
   * Angular `{{ }}`, and Angular's HTML property bindings (`[innerHTML]`, `[outerHTML]`, `[srcdoc]`, named in
   * `name`), which Angular's sanitizer cleans unless the value was marked trusted.
   */
  | 'output'
  /** Output the engine does NOT escape: `<%-`, Eta `<%~`, `{{{x}}}`, `{{& x}}`, `!=`, `!{}`, `v-html`, `{@html}`, lodash `<%=`. */
  | 'raw'
  /** Code that outputs nothing (`<% if %>`, `{{#each}}`, `{% for %}`, Pug `- x`). */
  | 'code'
  /** A block tag with a name (`{% autoescape false %}`); `name` holds the tag name. */
  | 'tag'
  | 'comment';

export interface TemplateToken {
  type: TokenType;
  /** The whole construct, delimiters included. */
  span: Span;
  /** The opening delimiter or marker as written: `<%-`, `{{{`, `{{&`, `!=`, `!{`, `v-html`, `{@html`, `{%`. */
  open: string;
  /** Where the opening marker is (for fixes that rewrite it). */
  openSpan: Span;
  /** Where the closing delimiter is, if any (absent when the template ends first). */
  closeSpan?: Span;
  /** The expression or tag body between the delimiters. */
  content: Span;
  /** Tag name for `tag` tokens (`autoescape`, `raw`), attribute name for attributes. */
  name?: string;
}

export interface TemplateDocument {
  engine: TemplateEngine;
  tokens: TemplateToken[];
  /** For single-file components: the `<script>` blocks, analysed as JS/TS at their own offsets. */
  scripts: { content: Span; lang: 'js' | 'ts' | 'jsx' | 'tsx' }[];
}
