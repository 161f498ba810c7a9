// xss/dom-html-sink: a value that is not constant and not sanitized is written into the page as
// HTML through the DOM (innerHTML, outerHTML, insertAdjacentHTML, document.write, srcdoc,
// createContextualFragment), jQuery (.html, markup into .append/.prepend/.before/.after/$()) or
// a sink the team names in `htmlSinks`. The paved road writes text (textContent,
// insertAdjacentText, .text) when the value is text, and sanitizes when markup is intended.

import type { TSESTree } from '@typescript-eslint/types';
import { memberChain, propertyName, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import { abbreviate, defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { AS_TEXT, ESCAPED, localEscaper, sanitizeFix, wrapEdits } from '../shared/fixes';
import { moduleStyleOf } from '../../../server/engine/fixes/imports';
import { flowSteps, htmlValue, textPartsToEscape, type HtmlValue } from '../shared/html';

const PROPERTIES = new Set(['innerHTML', 'outerHTML', 'srcdoc']);
const JQUERY_MARKUP_METHODS = new Set([
  'append',
  'prepend',
  'before',
  'after',
  'replaceWith',
  'wrap',
  'appendTo',
  'prependTo',
  'insertBefore',
  'insertAfter',
]);

export default defineRule({
  meta: {
    id: 'xss/dom-html-sink',
    title: 'Untrusted value written into the page as HTML',
    summary:
      'A value that is not constant and not sanitized is parsed as HTML by the DOM or jQuery; write it as text, or sanitize it when markup is intended.',
    cwe: ['CWE-79'],
    ssdf: ['PW.5.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      text: '`{{value}}` is written with `{{sink}}`, which parses it as HTML: {{origin}}a `<script>`-bearing value like `<img src=x onerror=…>` runs in the page (cross-site scripting). Write it as text with `{{textSink}}` instead.',
      markup:
        'Markup built with `{{value}}` is written with `{{sink}}`: {{origin}}its non-constant parts can inject script into the page (cross-site scripting). Escape each part or sanitize the result with DOMPurify.sanitize(…) before writing it.',
    },
  },
  check(context) {
    const { facts } = context;
    // Property writes: el.innerHTML = x, el.innerHTML += x, frame.srcdoc = x.
    for (const assignment of facts.nodesOfType('AssignmentExpression')) {
      const left = unwrap(assignment.left);
      if (left.type !== 'MemberExpression') continue;
      const name = propertyName(left);
      if (!name || !PROPERTIES.has(name)) continue;
      if (assignment.operator !== '=' && assignment.operator !== '+=') continue;
      const textSink = name === 'innerHTML' && assignment.operator === '=' ? 'textContent' : undefined;
      report(context, assignment.right, left, `.${name}`, textSink, (value) =>
        textSink && !value.markup
          ? {
              title: 'Write the value as text with textContent',
              kind: 'needs-review',
              changes: AS_TEXT,
              preferred: true,
              edits: [{ span: facts.span(left.property), newText: 'textContent' }],
            }
          : undefined,
      );
    }
    for (const call of facts.nodesOfType('CallExpression')) {
      const callee = unwrap(call.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      const chain = memberChain(callee).join('.');
      // el.insertAdjacentHTML(position, html)
      if (method === 'insertAdjacentHTML' && call.arguments.length >= 2) {
        report(context, call.arguments[1], call, '.insertAdjacentHTML', 'insertAdjacentText', (value) =>
          !value.markup && callee.type === 'MemberExpression'
            ? {
                title: 'Insert the value as text with insertAdjacentText',
                kind: 'needs-review',
                changes: AS_TEXT,
                preferred: true,
                edits: [{ span: facts.span(callee.property), newText: 'insertAdjacentText' }],
              }
            : undefined,
        );
        continue;
      }
      // document.write(html), document.writeln(html)
      if (
        (chain === 'document.write' ||
          chain === 'document.writeln' ||
          chain === 'window.document.write' ||
          ((method === 'write' || method === 'writeln') &&
            callee.type === 'MemberExpression' &&
            isFrameDocument(facts, callee.object))) &&
        call.arguments[0]
      ) {
        for (const arg of call.arguments) report(context, arg, call, chain, undefined);
        continue;
      }
      // range.createContextualFragment(html)
      if (method === 'createContextualFragment' && call.arguments[0]) {
        report(context, call.arguments[0], call, '.createContextualFragment', undefined);
        continue;
      }
      // new DOMParser().parseFromString(html, 'text/html'), whose nodes are then put into the page.
      // Parsing alone is inert (no script runs, no image loads); inserting the nodes is the sink.
      if (method === 'parseFromString' && call.arguments[0]) {
        const mime = call.arguments[1] && facts.constantOf(call.arguments[1])?.value;
        if (typeof mime === 'string' && !/html|svg|xml/i.test(mime)) continue;
        const insertion = insertionOf(facts, call);
        if (insertion)
          report(
            context,
            call.arguments[0],
            insertion.call,
            `DOMParser.parseFromString(…) + .${insertion.method}()`,
            undefined,
          );
        continue;
      }
      // frame.setAttribute('srcdoc', html)
      if (
        method === 'setAttribute' &&
        call.arguments.length >= 2 &&
        facts.constantOf(call.arguments[0])?.value === 'srcdoc'
      ) {
        report(context, call.arguments[1], call, "setAttribute('srcdoc')", undefined);
        continue;
      }
      // jQuery / cheerio
      if (callee.type === 'MemberExpression' && method && isJQuery(facts, callee.object) && call.arguments[0]) {
        if (method === 'html') {
          report(context, call.arguments[0], call, '.html()', '.text()', (value) =>
            !value.markup
              ? {
                  title: 'Set the value as text with .text()',
                  kind: 'needs-review',
                  changes: AS_TEXT,
                  preferred: true,
                  edits: [{ span: facts.span(callee.property), newText: 'text' }],
                }
              : undefined,
          );
        } else if (JQUERY_MARKUP_METHODS.has(method)) {
          // Elements and jQuery objects are fine; only a string carrying markup is parsed.
          const value = htmlValue(facts, call.arguments[0], context.knowledge);
          if (value?.markup) report(context, call.arguments[0], call, `.${method}()`, undefined);
        }
        continue;
      }
      if ((chain === '$' || chain === 'jQuery') && call.arguments.length === 1) {
        const value = htmlValue(facts, call.arguments[0], context.knowledge);
        if (value?.markup) report(context, call.arguments[0], call, `${chain}()`, undefined);
        continue;
      }
      // The team's own HTML sinks.
      for (const ref of context.knowledge.htmlSinks ?? []) {
        if (call.arguments[0] && facts.calleeMatches(call, ref)) {
          report(context, call.arguments[0], call, ref.name, undefined);
          break;
        }
      }
    }
  },
});

const INSERTION_METHODS = new Set([
  'appendChild',
  'append',
  'prepend',
  'insertBefore',
  'replaceChild',
  'replaceChildren',
  'replaceWith',
  'before',
  'after',
  'insertAdjacentElement',
]);

/** The first call that inserts nodes of the parsed document into another node. */
function insertionOf(
  facts: Facts,
  parse: TSESTree.CallExpression,
): { call: TSESTree.CallExpression; method: string } | undefined {
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    if (!method || !INSERTION_METHODS.has(method)) continue;
    if (derivesFrom(facts, callee.type === 'MemberExpression' ? callee.object : callee, parse, 0)) continue; // moving nodes inside the parsed document
    if (call.arguments.some((a) => derivesFrom(facts, a, parse, 0))) return { call, method };
  }
  return undefined;
}

/** Is `node` the parsed document or a node taken from it (`doc.body.firstChild`, `...doc.body.childNodes`, `document.importNode(doc.body, true)`)? */
function derivesFrom(facts: Facts, node: Node, parse: Node, depth: number): boolean {
  const n = unwrap(node.type === 'SpreadElement' ? node.argument : node);
  if (n === parse) return true;
  if (depth > 8) return false;
  switch (n.type) {
    case 'MemberExpression':
      return derivesFrom(facts, n.object, parse, depth + 1);
    case 'AwaitExpression':
      return derivesFrom(facts, n.argument, parse, depth + 1);
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      if (callee.type !== 'MemberExpression') return false;
      const method = propertyName(callee);
      if ((method === 'importNode' || method === 'adoptNode' || method === 'from') && n.arguments[0])
        return derivesFrom(facts, n.arguments[0], parse, depth + 1);
      return derivesFrom(facts, callee.object, parse, depth + 1);
    }
    case 'ArrayExpression':
      return n.elements.some((e) => e !== null && derivesFrom(facts, e, parse, depth + 1));
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) return false;
      for (const write of facts.writesOf(variable)) {
        if (write.operator === 'param') return false;
        if (write.value === write.node) {
          // for (const child of doc.body.childNodes)
          const declaration = variable.defs[0]?.parent;
          const loop = declaration && facts.parent(declaration);
          if (loop?.type === 'ForOfStatement' && derivesFrom(facts, loop.right, parse, depth + 1)) return true;
          continue;
        }
        if (derivesFrom(facts, write.value, parse, depth + 1)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

function isJQuery(facts: Facts, receiver: Node): boolean {
  let n = unwrap(receiver);
  // Walk down method chains: $('#x').find('li').first()
  for (let i = 0; i < 20; i++) {
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      if (callee.type === 'Identifier')
        return callee.name === '$' || callee.name === 'jQuery' || isJQueryModule(facts, callee);
      if (callee.type === 'MemberExpression') {
        n = unwrap(callee.object);
        continue;
      }
      return false;
    }
    if (n.type === 'Identifier') {
      if (n.name.startsWith('$') && n.name.length > 1) return true;
      if (isJQueryModule(facts, n)) return true;
      const variable = facts.variableOf(n);
      const def = variable?.defs[0];
      if (
        variable &&
        facts.isSingleAssignment(variable) &&
        def?.type === 'Variable' &&
        def.node.init &&
        def.node.id.type === 'Identifier'
      ) {
        n = unwrap(def.node.init);
        continue;
      }
      return false;
    }
    return false;
  }
  return false;
}

function isJQueryModule(facts: Facts, node: Node): boolean {
  const origin = facts.moduleOf(node);
  return origin?.module === 'jquery' || origin?.module === 'cheerio';
}

function report(
  context: RuleContext,
  valueNode: Node,
  sinkNode: Node,
  sink: string,
  textSink: string | undefined,
  textFix?: (value: HtmlValue) => Fix | undefined,
): void {
  const { facts } = context;
  const value = htmlValue(facts, valueNode, context.knowledge);
  if (!value) return;
  const fixes: Fix[] = [];
  const text = textFix?.(value);
  if (text) fixes.push(text);
  const sanitize = sanitizeFix(facts, valueNode, moduleStyleOf(context));
  if (sanitize) fixes.push(sanitize);
  else if (value.markup && fixes.length === 0) {
    // No import can be added (a classic browser script): escape each interpolated part with a local helper.
    const parts = textPartsToEscape(facts, valueNode, context.knowledge);
    const local = parts && localEscaper(facts);
    if (parts && local)
      fixes.push({
        title: 'Escape each interpolated part with a local escapeHtml(…)',
        kind: 'needs-review',
        changes: ESCAPED,
        preferred: true,
        edits: [local.edit!, ...wrapEdits(facts, parts, local.callee)],
      });
  }
  const useText = textSink !== undefined && !value.markup;
  context.report({
    messageId: useText ? 'text' : 'markup',
    data: {
      value: abbreviate(useText ? facts.source(valueNode) : value.dynamic.map((d) => facts.source(d)).join('`, `')),
      sink,
      textSink: textSink ?? '',
      origin: value.source ? `it carries ${value.source.description}, and ` : '',
    },
    span: facts.span(valueNode),
    steps: flowSteps(facts, value, sinkNode as TSESTree.Node, `written as HTML by \`${sink}\``),
    fixes,
    confidence: value.source && value.source.kind !== 'parameter' ? 'high' : 'medium',
    docSection:
      sink.startsWith('.html') || sink.startsWith('$') || sink.startsWith('jQuery') || sink.startsWith('.append')
        ? 'jQuery'
        : 'DOM',
  });
}

/** An iframe's document: `frame.contentDocument`, `frame.contentWindow.document`, or a name bound once to one. */
function isFrameDocument(facts: Facts, node: Node, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'MemberExpression') {
    const name = propertyName(n);
    return (
      name === 'contentDocument' ||
      (name === 'document' &&
        unwrap(n.object).type === 'MemberExpression' &&
        propertyName(unwrap(n.object) as TSESTree.MemberExpression) === 'contentWindow')
    );
  }
  if (n.type !== 'Identifier' || depth > 2) return false;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || !facts.isSingleAssignment(variable) || def?.type !== 'Variable' || !def.node.init) return false;
  return isFrameDocument(facts, def.node.init, depth + 1);
}
