// xss/framework-raw-html: a framework's escape hatch out of its own escaping — React
// dangerouslySetInnerHTML, Angular bypassSecurityTrust*, lit unsafeHTML, Handlebars SafeString —
// given a value that is not constant and not sanitized. The paved road is the framework's normal,
// escaping output; where markup is really intended, sanitize it first.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import { abbreviate, defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { AS_TEXT, ESCAPED, sanitizeFix, wrapEdits } from '../shared/fixes';
import { moduleStyleOf } from '../../../server/engine/fixes/imports';
import { flowSteps, htmlValue, memoized, textPartsToEscape, type HtmlValue } from '../shared/html';

export default defineRule({
  meta: {
    id: 'xss/framework-raw-html',
    title: 'Framework escaping bypassed for an untrusted value',
    summary:
      'React dangerouslySetInnerHTML, Angular bypassSecurityTrust*, lit unsafeHTML or Handlebars SafeString is given a value that is not constant and not sanitized; let the framework escape it.',
    cwe: ['CWE-79'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      react:
        "`{{value}}` goes into dangerouslySetInnerHTML, which turns off React's escaping: {{origin}}markup in it runs as script (cross-site scripting). Render it as a child `{value}` so React escapes it, or sanitize it with DOMPurify.sanitize(…) when markup is intended.",
      angular:
        '`{{value}}` is passed to {{method}}, which tells Angular to skip its sanitizer: {{origin}}markup or URLs in it can run script (cross-site scripting). Bind the plain value and let Angular sanitize it; bypass only constants or values you sanitized yourself.',
      lit: "`{{value}}` is rendered with unsafeHTML, which skips lit's escaping: {{origin}}markup in it runs as script (cross-site scripting). Interpolate it directly in html`…` so lit renders it as text, or sanitize it with DOMPurify.sanitize(…) when markup is intended.",
      vue: "`{{value}}` is set as the `innerHTML` of a Vue render-function element, which skips Vue's escaping: {{origin}}markup in it runs as script (cross-site scripting). Set `textContent` (or pass the value as the text child) so Vue renders it as text, or sanitize it with DOMPurify.sanitize(…) when markup is intended.",
      safeString:
        'A Handlebars SafeString is built from `{{value}}`, which is then output without escaping: {{origin}}markup in it runs as script (cross-site scripting). Escape each part with Handlebars.escapeExpression(…) before wrapping it.',
    },
  },
  check(context) {
    const { facts } = context;
    // React: <div dangerouslySetInnerHTML={{ __html: x }} /> and createElement(…, { dangerouslySetInnerHTML: { __html: x } })
    for (const attr of facts.nodesOfType('JSXAttribute')) {
      if (attr.name.type !== 'JSXIdentifier' || attr.name.name !== 'dangerouslySetInnerHTML') continue;
      if (attr.value?.type !== 'JSXExpressionContainer' || attr.value.expression.type === 'JSXEmptyExpression')
        continue;
      const expression = unwrap(attr.value.expression);
      const html = htmlProperty(facts, expression);
      if (html) reactFinding(context, html, attr, expression.type === 'ObjectExpression');
    }
    for (const prop of facts.nodesOfType('Property')) {
      if (propertyKeyName(prop.key) !== 'dangerouslySetInnerHTML' || facts.parent(prop)?.type !== 'ObjectExpression')
        continue;
      const html = htmlProperty(facts, unwrap(prop.value));
      if (html) reactFinding(context, html, undefined, false);
    }
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      const method =
        callee.type === 'MemberExpression'
          ? propertyName(callee)
          : callee.type === 'Identifier'
            ? callee.name
            : undefined;
      const arg = call.arguments[0];
      if (!arg || !method) continue;
      if (/^bypassSecurityTrust(Html|Script|Style|Url|ResourceUrl)$/.test(method)) {
        const value = htmlValue(facts, arg, context.knowledge);
        if (!value) continue;
        // HTML can be sanitized before it is trusted (DOMPurify keeps the markup, drops script); URLs cannot.
        const sanitize =
          method === 'bypassSecurityTrustHtml' ? sanitizeFix(facts, arg, moduleStyleOf(context)) : undefined;
        emit(context, 'angular', value, arg, call, method, sanitize ? [sanitize] : [], 'Angular');
      } else if (method === 'unsafeHTML' && isFromLit(context, callee)) {
        const value = htmlValue(facts, arg, context.knowledge);
        if (!value) continue;
        const fixes: Fix[] = [];
        const parent = facts.parent(call);
        if (
          !value.markup &&
          parent?.type === 'TemplateLiteral' &&
          facts.parent(parent)?.type === 'TaggedTemplateExpression'
        ) {
          fixes.push({
            title: 'Interpolate the value so lit renders it as text',
            kind: 'needs-review',
            changes: AS_TEXT,
            preferred: true,
            edits: [{ span: facts.span(call), newText: facts.source(arg) }],
          });
        }
        const sanitize = sanitizeFix(facts, arg, moduleStyleOf(context));
        if (sanitize) fixes.push(sanitize);
        emit(context, 'lit', value, arg, call, 'unsafeHTML', fixes, 'lit');
      }
    }
    // Vue render functions: h('span', { innerHTML: x }) (Vue 3) and createElement('div', { domProps: { innerHTML: x } }) (Vue 2).
    for (const call of facts.nodesOfType('CallExpression')) {
      const data = call.arguments[1] && unwrap(call.arguments[1]);
      if (data?.type !== 'ObjectExpression' || !facts.isVueRenderCall(call)) continue;
      for (const prop of innerHtmlProperties(data)) {
        const value = htmlValue(facts, prop.value as Node, context.knowledge);
        if (!value) continue;
        const fixes: Fix[] = [];
        if (!value.markup) {
          // textContent is a DOM property in both Vue 2 (domProps) and Vue 3 (h props): the same value, rendered as text.
          const newText = prop.shorthand ? `textContent: ${facts.source(prop.value as Node)}` : 'textContent';
          fixes.push({
            title: 'Set textContent so the value is rendered as text',
            kind: 'needs-review',
            changes: AS_TEXT,
            preferred: true,
            edits: [{ span: facts.span(prop.shorthand ? prop : prop.key), newText }],
          });
        }
        const sanitize = sanitizeFix(facts, prop.value as Node, moduleStyleOf(context));
        if (sanitize) fixes.push(sanitize);
        emit(context, 'vue', value, prop.value as Node, prop, 'innerHTML', fixes, 'Vue');
      }
    }
    for (const expr of facts.nodesOfType('NewExpression')) {
      const chain = memberChain(expr.callee);
      if (chain[chain.length - 1] !== 'SafeString' || !expr.arguments[0]) continue;
      const origin = facts.moduleOf(expr.callee);
      if (
        origin &&
        origin.module !== 'handlebars' &&
        !origin.module.startsWith('express-handlebars') &&
        origin.module !== 'hbs'
      )
        continue;
      const arg = expr.arguments[0];
      const value = htmlValue(facts, arg, context.knowledge);
      if (!value) continue;
      const fixes: Fix[] = [];
      const base = chain.length > 1 ? chain.slice(0, -1).join('.') : undefined;
      if (base && !chain.includes('*')) {
        const escaper = `${base}.escapeExpression`;
        const inside = textPartsToEscape(facts, arg, context.knowledge);
        if (inside) {
          fixes.push({
            title: `Escape each part with ${escaper}(…)`,
            kind: 'needs-review',
            changes: ESCAPED,
            preferred: true,
            edits: wrapEdits(facts, inside, escaper),
          });
        }
      }
      emit(context, 'safeString', value, arg, expr, 'SafeString', fixes, 'Handlebars');
    }
  },
});

/** The `__html` value of `{ __html: x }`, also through a constant binding or `useMemo(() => ({ __html: x }))`. */
function htmlProperty(facts: Facts, node: Node, depth = 0): Node | undefined {
  const object = unwrap(node);
  if (depth > 4) return undefined;
  if (object.type === 'Identifier') {
    const variable = facts.variableOf(object);
    const def = variable?.defs[0];
    if (
      !variable ||
      !facts.isSingleAssignment(variable) ||
      def?.type !== 'Variable' ||
      !def.node.init ||
      def.node.id.type !== 'Identifier'
    )
      return undefined;
    return htmlProperty(facts, def.node.init, depth + 1);
  }
  if (object.type === 'CallExpression') {
    const fn = memoized(object);
    if (!fn) return undefined;
    for (const r of facts.returnedValues(fn)) {
      const found = htmlProperty(facts, r, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (object.type !== 'ObjectExpression') return undefined;
  for (const p of object.properties) {
    if (p.type === 'Property' && propertyKeyName(p.key) === '__html') return p.value as Node;
  }
  return undefined;
}

function reactFinding(
  context: RuleContext,
  html: Node,
  attr: TSESTree.JSXAttribute | undefined,
  inline: boolean,
): void {
  const { facts } = context;
  const value = htmlValue(facts, html, context.knowledge);
  if (!value) return;
  const fixes: Fix[] = [];
  const opening = attr && facts.parent(attr);
  // Only a value written in the attribute itself can move into the children (a bound object's value may use names of another scope).
  if (attr && inline && !value.markup && opening?.type === 'JSXOpeningElement' && opening.selfClosing) {
    // <div className="bio" dangerouslySetInnerHTML={{ __html: bio }} />  →  <div className="bio">{bio}</div>
    const text = facts.text;
    let start = attr.range[0];
    while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
    const closeAt = text.lastIndexOf('/>', opening.range[1]);
    if (closeAt >= attr.range[1]) {
      let beforeClose = closeAt;
      while (beforeClose > attr.range[1] && /\s/.test(text[beforeClose - 1])) beforeClose--;
      fixes.push({
        title: 'Render the value as a child so React escapes it',
        kind: 'needs-review',
        changes: AS_TEXT,
        preferred: true,
        edits: [
          { span: { start, end: attr.range[1] }, newText: '' },
          {
            span: { start: beforeClose, end: opening.range[1] },
            newText: `>{${facts.source(html)}}</${facts.source(opening.name)}>`,
          },
        ],
      });
    }
  }
  const sanitize = sanitizeFix(facts, html, moduleStyleOf(context));
  if (sanitize) fixes.push(sanitize);
  // A value bound elsewhere (`const html = useMemo(() => ({ __html: … }))`) is reported at the attribute, where the escape hatch is.
  const at = attr && !inline && attr.value?.type === 'JSXExpressionContainer' ? attr.value.expression : undefined;
  emit(context, 'react', value, html, attr ?? html, 'dangerouslySetInnerHTML', fixes, 'React', at);
}

/** `innerHTML: x` in a Vue 3 props object, or inside its Vue 2 `domProps: { … }`. */
function innerHtmlProperties(data: TSESTree.ObjectExpression): TSESTree.Property[] {
  const found: TSESTree.Property[] = [];
  for (const p of data.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = propertyKeyName(p.key);
    if (key === 'innerHTML') found.push(p);
    if (key === 'domProps' && p.value.type === 'ObjectExpression') {
      for (const q of p.value.properties)
        if (q.type === 'Property' && !q.computed && propertyKeyName(q.key) === 'innerHTML') found.push(q);
    }
  }
  return found;
}

function isFromLit(context: RuleContext, callee: Node): boolean {
  const origin = context.facts.moduleOf(callee);
  return !origin || origin.module.startsWith('lit') || origin.module.startsWith('@lit');
}

function emit(
  context: RuleContext,
  messageId: string,
  value: HtmlValue,
  valueNode: Node,
  sink: Node,
  method: string,
  fixes: Fix[],
  docSection: string,
  at: Node = valueNode,
): void {
  const { facts } = context;
  context.report({
    messageId,
    data: {
      value: abbreviate(facts.source(valueNode)),
      method,
      origin: value.source ? `it carries ${value.source.description}, and ` : '',
    },
    span: facts.span(at),
    steps: flowSteps(facts, value, sink, `output without escaping by \`${method}\``),
    fixes,
    confidence: value.source && value.source.kind !== 'parameter' ? 'high' : 'medium',
    docSection,
  });
}
