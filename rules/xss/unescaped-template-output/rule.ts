// xss/unescaped-template-output: a template writes a value without the engine's HTML escaping —
// EJS `<%-`, Handlebars/Mustache `{{{ }}}` and `{{& }}`, Pug `!=` and `!{}`, Nunjucks `| safe`,
// Vue `v-html`, Svelte `{@html}`, lodash/underscore `<%=` — in template files, and in template
// strings handed to `_.template` / `ejs.render` / `ejs.compile` in JS/TS. The fix switches to the
// engine's escaping form. Literals, sanitizer calls, EJS `include` and a layout's `body` are not findings.

import type { TSESTree } from '@typescript-eslint/types';
import { memberChain, propertyKeyName, unwrap, type Node } from '../../../server/engine/facts';
import { abbreviate, defineRule } from '../../../server/engine/rule';
import {
  filtersOf,
  tokenizeEjs,
  tokenizeSfc,
  type TemplateEngine,
  type TemplateToken,
} from '../../../server/engine/templates';
import type { Fix, RuleContext, Span, TextEdit } from '../../../server/engine/types';
import { htmlValue, isSanitizerCall } from '../shared/html';
import {
  isLayout,
  numericExpression,
  literalSetVariable,
  templateBindings,
  trustedExpression,
  type TemplateBindings,
} from '../shared/templates';

const ENGINE_NAMES: Record<TemplateEngine, string> = {
  ejs: 'EJS',
  eta: 'Eta',
  swig: 'Swig',
  handlebars: 'Handlebars',
  pug: 'Pug',
  nunjucks: 'Nunjucks',
  vue: 'Vue',
  svelte: 'Svelte',
  lodash: 'lodash',
  angular: 'Angular',
  html: 'HTML',
};

export default defineRule({
  meta: {
    id: 'xss/unescaped-template-output',
    title: 'Template output without HTML escaping',
    summary:
      "A template writes a value with the engine's unescaped form (<%-, triple braces, !=, | safe, v-html, {@html}); use the escaping form so markup in the value is shown as text.",
    cwe: ['CWE-79'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      output:
        "`{{expression}}` is written with {{engine}}'s unescaped {{raw}}: markup in the value reaches the page as HTML, so a value like `<img src=x onerror=…>` runs script (cross-site scripting). Use the escaping form, {{escaped}}; if markup is intended, sanitize it (DOMPurify) before rendering.",
    },
  },
  check(context) {
    const { template } = context;
    if (template) {
      const layout = isLayout(context.file, context.text);
      let bindings: TemplateBindings | undefined;
      const bindingsOf = (): TemplateBindings => (bindings ??= templateBindings(context.text));
      for (const token of template.tokens) check(context, template.engine, token, layout, bindingsOf);
      if (template.scripts.length === 0) return;
    }
    // Template strings in JS/TS: _.template('…<%= x %>…'), ejs.render('…<%- x %>…', data).
    for (const call of context.facts.nodesOfType('CallExpression')) {
      const flavour = templateCall(context, call);
      if (!flavour || !call.arguments[0]) continue;
      const body = literalBody(context, call.arguments[0]);
      if (!body) continue;
      for (const token of tokenizeEjs(context.facts.text, flavour, body.start, body.end))
        check(context, flavour, token, false);
    }
    // Angular inline templates: @Component({ template: `…` }).
    for (const property of context.facts.nodesOfType('Property')) {
      if (propertyKeyName(property.key) !== 'template' || !isComponentOptions(context, property)) continue;
      const body = literalBody(context, property.value as TSESTree.Node);
      if (!body) continue;
      for (const token of tokenizeSfc(context.text.slice(body.start, body.end), 'angular').tokens)
        check(context, 'angular', shiftToken(token, body.start), false);
    }
  },
});

function check(
  context: RuleContext,
  engine: TemplateEngine,
  token: TemplateToken,
  layout: boolean,
  bindingsOf?: () => TemplateBindings,
): void {
  const { text } = context;
  const expression = text.slice(token.content.start, token.content.end);
  if (engine === 'angular') {
    if (token.type === 'output' && token.name) checkAngularBinding(context, token, token.name, expression);
    return;
  }
  if (engine === 'nunjucks' || engine === 'swig') {
    if (token.type !== 'output') return;
    const filters = filtersOf(text, token.content);
    const safe = filters.find((f) => f.name === 'safe');
    if (!safe) return;
    const before = text.slice(token.content.start, filters[0].span.start);
    // `x | escape | safe` is escaped; a literal marked safe is the author's own markup.
    if (
      filters.findIndex((f) => f.name === 'escape' || f.name === 'e') < filters.indexOf(safe) &&
      filters.some((f) => f.name === 'escape' || f.name === 'e')
    )
      return;
    if (
      trustedExpression(before, context.knowledge) ||
      (bindingsOf !== undefined && literalSetVariable(bindingsOf(), before)) ||
      renderedSafe(context, before)
    )
      return;
    let start = safe.span.start;
    while (start > token.content.start && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    report(context, engine, token, before.trim(), '`| safe` filter', 'the same output without `| safe`', [
      { span: { start, end: safe.span.end }, newText: '' },
    ]);
    return;
  }
  if (token.type !== 'raw') return;
  if (trustedExpression(expression, context.knowledge) || numericExpression(expression)) return;
  if (renderedSafe(context, expression)) return;
  if (
    (engine === 'vue' || engine === 'svelte') &&
    (sanitizedInScript(context, expression) || constantTableInScript(context, expression))
  )
    return;
  // Another template inserted (`include`, express-partials' `partial(…)`): it escapes on its own.
  if (engine === 'ejs' && /^(?:include\b|partial\s*\()/.test(expression)) return;
  // express-ejs-layouts moves the view's own `<script>`, `<style>` and `<meta>` elements and its
  // `contentFor` blocks into the layout: `<%- script %>`, `<%- style %>`, `<%- meta %>`,
  // `<%- defineContent('name') %>` are pieces of the rendered view, like its `body`.
  if (
    layout &&
    engine === 'ejs' &&
    /^(?:script|style|meta|defineContent\s*\(\s*(?:'[\w-]+'|"[\w-]+")\s*\))$/.test(expression)
  )
    return;
  // Eta's partials and layouts: `<%~ include('./nav', it) %>`, and the layout's `<%~ it.body %>` (the rendered view).
  if (
    engine === 'eta' &&
    (/^(?:await\s+)?include(?:Async|File)?\s*\(/.test(expression) || /^(?:it\.)?body$/.test(expression))
  )
    return;
  if (
    layout &&
    /^(body|yield|content)$/.test(expression) &&
    (engine === 'ejs' || engine === 'handlebars' || engine === 'pug')
  )
    return;
  // JSON written into a <script>: HTML escaping would break the script (`&quot;` is no quote to
  // JavaScript). The paved road is script-safe serialization: `<` as \u003c (no `</script>` can
  // close the element) and U+2028/2029 escaped. Already so: not a finding; else that is the fix.
  const script =
    (engine === 'pug' || engine === 'ejs' || engine === 'eta' || engine === 'handlebars' || engine === 'lodash') &&
    inScript(engine, text, token.span.start, context.template?.tokens);
  const json = script && /^JSON\.stringify\s*\(/.test(expression);
  if (json && SCRIPT_SAFE.test(expression)) return;
  const edits: TextEdit[] = [];
  if (script && !json) {
    // Any other value written into a script (often JSON prepared by the view's caller): HTML
    // escaping would break the script, and what the value is cannot be seen here. Guidance.
    const open = text.slice(token.openSpan.start, token.openSpan.end);
    report(
      context,
      engine,
      token,
      expression,
      engine === 'pug' && open === '!{' ? '`!{…}`' : `\`${open}\``,
      'script-safe serialization',
      [],
      undefined,
      {
        title: 'Serialize the value for a script where it is prepared',
        reason:
          "it is written inside a <script>, where HTML escaping would break the script (quotes become &quot;); serialize it where the view gets it with JSON.stringify(value).replace(/</g, '\\\\u003c') (and U+2028/U+2029 escaped), or pass it in a data- attribute with the escaping output",
      },
    );
    return;
  }
  if (json) {
    edits.push({ span: { start: token.content.end, end: token.content.end }, newText: SCRIPT_SAFE_SUFFIX });
    while (text[edits[0].span.start - 1] === ' ' && edits[0].span.start > token.content.start)
      edits[0].span = { start: edits[0].span.start - 1, end: edits[0].span.start - 1 };
    const raw =
      engine === 'pug' && text.slice(token.openSpan.start, token.openSpan.end) === '!{'
        ? '`!{…}`'
        : `\`${text.slice(token.openSpan.start, token.openSpan.end)}\``;
    report(context, engine, token, expression, raw, 'script-safe serialization', edits, {
      title: 'Serialize for a script: escape `<`, U+2028 and U+2029 in the JSON',
      changes:
        'the JSON written into the script has `<`, U+2028 and U+2029 as \\u escapes: the same value to JavaScript, but no `</script>` in it can end the element',
    });
    return;
  }
  let escaped = '';
  const open = text.slice(token.openSpan.start, token.openSpan.end);
  switch (engine) {
    case 'ejs':
      edits.push({ span: token.openSpan, newText: '<%=' });
      escaped = '`<%= … %>`';
      break;
    case 'eta':
      edits.push({ span: { start: token.openSpan.end - 1, end: token.openSpan.end }, newText: '=' });
      escaped = '`<%= … %>`';
      break;
    case 'lodash':
      edits.push({ span: token.openSpan, newText: '<%-' });
      escaped = '`<%- … %>`';
      break;
    case 'handlebars':
      if (open.endsWith('{') && token.closeSpan && text.slice(token.closeSpan.start, token.closeSpan.end) === '}}}') {
        edits.push(
          { span: { start: token.openSpan.end - 1, end: token.openSpan.end }, newText: '' },
          { span: { start: token.closeSpan.start, end: token.closeSpan.start + 1 }, newText: '' },
        );
      } else if (open.endsWith('&')) {
        let end = token.openSpan.end;
        while (text[end] === ' ') end++;
        edits.push({ span: { start: token.openSpan.end - 1, end }, newText: '' });
      }
      escaped = 'double-brace output';
      break;
    case 'pug':
      if (open === '!=') edits.push({ span: token.openSpan, newText: '=' });
      else if (open === '!{')
        edits.push({ span: { start: token.openSpan.start, end: token.openSpan.start + 1 }, newText: '#' });
      escaped = open === '!{' ? '`#{…}`' : '`=`';
      break;
    case 'vue':
      edits.push({ span: token.openSpan, newText: 'v-text' });
      escaped = '`v-text` or double-brace interpolation';
      break;
    case 'svelte':
      edits.push({ span: { start: token.openSpan.start, end: token.content.start }, newText: '{' });
      escaped = '`{…}`';
      break;
    default:
      return;
  }
  const raw =
    engine === 'handlebars'
      ? open.endsWith('&')
        ? 'ampersand output'
        : 'triple-brace output'
      : engine === 'svelte'
        ? '`{@html …}`'
        : engine === 'pug' && open === '!{'
          ? '`!{…}`'
          : `\`${open}\``;
  report(context, engine, token, expression, raw, escaped, edits);
}

/** What the script-safe serialization appends to `JSON.stringify(…)`. */
const SCRIPT_SAFE_SUFFIX =
  ".replace(/</g, '\\\\u003c').replace(/\\u2028/g, '\\\\u2028').replace(/\\u2029/g, '\\\\u2029')";
/** The `<` escape of a script-safe `JSON.stringify(…)` (linear: no backtracking over the expression). */
const SCRIPT_SAFE = /\.replace\(\s*\/<\/g\s*,\s*(['"])\\\\u003c\1\s*\)/;

/**
 * Whether `offset` is inside a script element: after an HTML `<script…>` with no `</script>`
 * since; in Pug, on a `script` tag's line or in the block under a `script.` / `script(…).` line.
 */
function inScript(
  engine: TemplateEngine,
  text: string,
  offset: number,
  tokens: readonly TemplateToken[] = [],
): boolean {
  if (engine === 'pug') {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const line = text.slice(lineStart, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));
    if (/^\s*script\b/.test(line)) return true;
    let indent = /^[ \t]*/.exec(line)![0].length;
    for (let end = lineStart - 1; end > 0; ) {
      const start = text.lastIndexOf('\n', end - 1) + 1;
      const previous = text.slice(start, end);
      end = start - 1;
      if (!previous.trim()) continue;
      const own = /^[ \t]*/.exec(previous)![0].length;
      if (own >= indent) continue;
      if (/^\s*script\b[^\n]*\.\s*$/.test(previous)) return true;
      indent = own;
      if (own === 0) return false;
    }
    return false;
  }
  // HTML: the last `<script` before `offset` that is markup (not inside a template tag or comment),
  // with no markup `</script` after it. Tokens are in text order: binary search.
  const inToken = (at: number): boolean => {
    let lo = 0;
    let hi = tokens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const span = tokens[mid].span;
      if (at < span.start) hi = mid - 1;
      else if (at >= span.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
  const from = Math.max(0, offset - 200_000);
  const lower = text.slice(from, offset).toLowerCase();
  let open = lower.lastIndexOf('<script');
  while (open >= 0 && inToken(from + open)) open = open > 0 ? lower.lastIndexOf('<script', open - 1) : -1;
  if (open < 0) return false;
  for (let close = lower.indexOf('</script', open); close >= 0; close = lower.indexOf('</script', close + 1)) {
    if (!inToken(from + close)) return false;
  }
  return true;
}

function report(
  context: RuleContext,
  engine: TemplateEngine,
  token: TemplateToken,
  expression: string,
  raw: string,
  escaped: string,
  edits: TextEdit[],
  fix?: { title: string; changes: string },
  guidance?: { title: string; reason: string },
): void {
  const fixes: Fix[] = edits.length
    ? [
        {
          title: fix?.title ?? `Escape the output: ${escaped.replace(/`/g, '')}`,
          kind: 'needs-review',
          changes: fix?.changes ?? 'the output is HTML-escaped: markup in it now shows as text',
          preferred: true,
          edits,
        },
      ]
    : guidance
      ? [{ title: guidance.title, kind: 'guidance', reason: guidance.reason, edits: [] }]
      : [];
  context.report({
    messageId: 'output',
    data: { expression: abbreviate(expression || '(empty)'), engine: ENGINE_NAMES[engine], raw, escaped },
    span: token.span,
    fixes,
    docSection: ENGINE_NAMES[engine],
  });
}

/**
 * Angular sanitizes `[innerHTML]`, `[outerHTML]` and `[srcdoc]` bindings itself, so a plain binding
 * is the paved road and is not reported. It is reported when the binding itself marks the value
 * trusted with a `bypassSecurityTrust*` call. A property that holds a bypassed value, or a pipe that
 * bypasses (`| safeHtml`), is reported once where its `bypassSecurityTrust*` call is written, by
 * xss/framework-raw-html — one finding per bypass, fixed in one place, not one per binding.
 */
function checkAngularBinding(context: RuleContext, token: TemplateToken, property: string, expression: string): void {
  const { text } = context;
  if (!/\bbypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(/.test(expression)) return;
  const pipes = pipesOf(text, token.content.start, token.content.end);
  const valueEnd = pipes[0]?.span.start ?? token.content.end;
  const value = text.slice(token.content.start, valueEnd).trim();
  const call = /^[\w$.]+\.bypassSecurityTrust(?:Html|Script|Style|Url|ResourceUrl)\s*\(([^]*)\)$/.exec(value);
  if (call && trustedExpression(call[1], context.knowledge)) return;
  const edits: TextEdit[] = [];
  // sanitizer.bypassSecurityTrustHtml(c.body) → c.body: Angular's sanitizer runs again.
  if (call && call[1].trim() && !/[(),]/.test(call[1])) {
    const at = text.indexOf(value, token.content.start);
    edits.push({ span: { start: at, end: at + value.length }, newText: call[1].trim() });
  }
  const open = `[${property}]`;
  report(
    context,
    'angular',
    token,
    value,
    `\`${open}\` with a value marked trusted by \`bypassSecurityTrust…\`, which skips Angular's sanitizer`,
    `a plain \`${open}\` binding, which Angular sanitizes`,
    edits,
  );
}

/** The pipes of an Angular expression (`a | p1: x | p2`): top-level `|` that is not `||`, outside quotes and brackets. */
function pipesOf(text: string, start: number, end: number): { name: string; span: Span }[] {
  const out: { name: string; span: Span }[] = [];
  let depth = 0;
  const bars: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === '`') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 || close >= end ? end : close;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === '|' && depth === 0) {
      if (text[i + 1] === '|') {
        i++;
        continue;
      }
      bars.push(i);
    }
  }
  bars.forEach((bar, k) => {
    const segmentEnd = k + 1 < bars.length ? bars[k + 1] : end;
    const name = /^\s*([A-Za-z_$][\w$]*)/.exec(text.slice(bar + 1, segmentEnd))?.[1];
    let e = segmentEnd;
    while (e > bar && /\s/.test(text[e - 1])) e--;
    if (name) out.push({ name, span: { start: bar, end: e } });
  });
  return out;
}

/** `property` is `template:` in the options of an `@Component({…})` decorator. */
function isComponentOptions(context: RuleContext, property: TSESTree.Property): boolean {
  const object = context.facts.parent(property);
  const call = object && context.facts.parent(object);
  if (object?.type !== 'ObjectExpression' || call?.type !== 'CallExpression' || call.arguments[0] !== object)
    return false;
  if (memberChain(call.callee).pop() !== 'Component') return false;
  return context.facts.parent(call)?.type === 'Decorator';
}

function shiftToken(token: TemplateToken, by: number): TemplateToken {
  const move = (s: Span): Span => ({ start: s.start + by, end: s.end + by });
  return {
    ...token,
    span: move(token.span),
    openSpan: move(token.openSpan),
    content: move(token.content),
    ...(token.closeSpan ? { closeSpan: move(token.closeSpan) } : {}),
  };
}

/**
 * A Vue or Svelte template expression that names a binding of the component's own script whose
 * every value is sanitized or constant: `safeExcerpt` computed as `DOMPurify.sanitize(…)`,
 * `$: html = DOMPurify.sanitize(…)`, `const STAR = '<svg …>'`. Props (`export let`, defineProps)
 * come from the parent and are never trusted.
 */
function sanitizedInScript(context: RuleContext, expression: string): boolean {
  const name = /^(?:this\.)?([A-Za-z_$][\w$]*)$/.exec(expression.trim())?.[1];
  if (!name) return false;
  const { facts } = context;
  const binding = facts.componentBinding(name);
  if (binding?.source !== 'state' || !binding.values?.length) return false;
  // Svelte props (`export let review = ''`): their declared default is not what the parent passes.
  const props = facts.componentProps();
  // Every value sanitized or a constant of the component's own (`const STAR = '<svg…>'`).
  for (const v of binding.values) {
    if (htmlValue(facts, v, context.knowledge) !== undefined) return false;
    if (
      props.size > 0 &&
      facts
        .nodesOfTypeWithin('Identifier', v)
        .some((id) => props.has(id.name) && !isSanitizedUse(facts, id, v, context))
    )
      return false;
  }
  return true;
}

/**
 * `icons[name]` / `icons.sun` where `icons` is a top-level constant object of the component's script
 * whose every value is a literal: whichever key the template picks, the markup is the author's own.
 */
function constantTableInScript(context: RuleContext, expression: string): boolean {
  const name =
    /^([A-Za-z_$][\w$]*)(?:\[\s*[A-Za-z_$][\w$.]*\s*\]|\[\s*(?:'[^']*'|"[^"]*")\s*\]|\.[A-Za-z_$][\w$]*)$/.exec(
      expression.trim(),
    )?.[1];
  if (!name) return false;
  const declarations = context.facts.componentBinding(name)?.declarators ?? [];
  if (declarations.length !== 1) return false;
  return context.facts.constantTable(declarations[0].id) !== undefined;
}

/** Is `id` inside a sanitizer call within `value` (`DOMPurify.sanitize(review)`)? */
function isSanitizedUse(facts: RuleContext['facts'], id: Node, value: Node, context: RuleContext): boolean {
  for (let n: Node | undefined = facts.parent(id); n; n = facts.parent(n)) {
    if (n.type === 'CallExpression' && isSanitizerCall(facts, n, context.knowledge)) return true;
    if (n === value) break;
  }
  return false;
}

/** `_.template(…)` (lodash, underscore) or `ejs.render(…)` / `ejs.compile(…)`. */
function templateCall(context: RuleContext, call: TSESTree.CallExpression): 'lodash' | 'ejs' | undefined {
  const { facts } = context;
  const callee = unwrap(call.callee);
  const origin = facts.moduleOf(callee);
  const chain = memberChain(callee).join('.');
  if (origin) {
    if (
      /^(lodash|underscore|lodash-es|lodash\.template)$/.test(origin.module) &&
      (origin.path.includes('template') || origin.module === 'lodash.template')
    )
      return 'lodash';
    if (origin.module === 'ejs' && (origin.path.includes('render') || origin.path.includes('compile'))) return 'ejs';
    return undefined;
  }
  if (chain === '_.template') return 'lodash';
  return undefined;
}

/** Where a string literal's characters are in the file, when they map one to one (no escapes). */
function literalBody(context: RuleContext, node: TSESTree.Node): Span | undefined {
  const n = unwrap(node);
  const raw = context.facts.source(n);
  if (n.type === 'Literal' && typeof n.value === 'string' && !raw.includes('\\'))
    return { start: n.range[0] + 1, end: n.range[1] - 1 };
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0 && !raw.includes('\\'))
    return { start: n.range[0] + 1, end: n.range[1] - 1 };
  return undefined;
}

/**
 * Every module of the project that renders this view passes the local as a value no visitor's
 * markup reaches (a constant, an escaped value, JSON of server data: rules/xss/shared/renders.ts).
 */
function renderedSafe(context: RuleContext, expression: string): boolean {
  const views = context.facts.views;
  const name = expression.trim().replace(/^(?:locals|it)\./, '');
  return !!views?.length && /^[A-Za-z_$][\w$]*$/.test(name) && views.every((v) => v.safe.includes(name));
}
