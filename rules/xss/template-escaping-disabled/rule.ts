// xss/template-escaping-disabled: the template engine's escaping is switched off for everything it
// renders — Nunjucks `configure(…, { autoescape: false })` / `new Environment(…, { autoescape: false })`
// and `{% autoescape false %}`, Swig `setDefaults({ autoescape: false })`, Eta `new Eta({ autoEscape: false })`, Handlebars `compile(…, { noEscape: true })`, Mustache's or EJS's
// escape function replaced by one that does not escape. Every `{{ x }}` / `<%= x %>` then becomes
// raw output. The fix turns escaping back on.

import type { TSESTree } from '@typescript-eslint/types';
import {
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
} from '../../../server/engine/facts';
import { defineRule } from '../../../server/engine/rule';
import type { Fix, RuleContext } from '../../../server/engine/types';
import { ESCAPING_ON } from '../shared/fixes';

export default defineRule({
  meta: {
    id: 'xss/template-escaping-disabled',
    title: 'Template engine escaping switched off',
    summary:
      'The template engine is configured not to escape output (autoescape: false, noEscape: true, a replaced escape function); turn escaping back on so every value is shown as text.',
    cwe: ['CWE-79', 'CWE-1188'],
    ssdf: ['PW.5.1', 'PW.9.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      option:
        "`{{option}}` switches off {{engine}}'s HTML escaping for every template it renders: any value with markup, such as `<img src=x onerror=…>`, runs as script (cross-site scripting). Keep escaping on ({{fixed}}) and mark the few trusted values explicitly.",
      block:
        "`{% autoescape false %}` switches off {{engine}}'s HTML escaping for the whole block: every value in it with markup runs as script (cross-site scripting). Remove it or use `{% autoescape true %}`, and mark trusted values with `| safe` one by one.",
      escapeOverride:
        "{{engine}}'s escape function is replaced here, so output tags no longer escape HTML unless the replacement does: values with markup run as script (cross-site scripting). Keep the engine's own escaping; do not override `{{target}}`.",
    },
  },
  check(context) {
    const { facts, template } = context;
    if (template?.engine === 'nunjucks' || template?.engine === 'swig') {
      const engine = template.engine === 'swig' ? 'Swig' : 'Nunjucks';
      for (const token of template.tokens) {
        if (token.type !== 'tag' || token.name !== 'autoescape') continue;
        const body = context.text.slice(token.content.start, token.content.end);
        const m = /^autoescape\s+(false)\b/.exec(body);
        if (!m) continue;
        const at = token.content.start + body.indexOf('false', 'autoescape'.length);
        context.report({
          messageId: 'block',
          span: token.span,
          fixes: [
            {
              title: 'Turn escaping back on: {% autoescape true %}',
              kind: 'needs-review',
              changes: ESCAPING_ON,
              preferred: true,
              edits: [{ span: { start: at, end: at + 5 }, newText: 'true' }],
            },
          ],
          data: { engine },
          docSection: engine,
        });
      }
    }
    for (const call of [...facts.nodesOfType('CallExpression'), ...facts.nodesOfType('NewExpression')]) {
      const engine = engineOf(facts, call);
      if (!engine) continue;
      const objects = call.arguments
        .map((a) => unwrap(a))
        .filter((o): o is TSESTree.ObjectExpression => o.type === 'ObjectExpression');
      // express-handlebars nests the compiler's options: create({ compilerOptions: { noEscape: true } }).
      for (let k = 0; k < objects.length && k < 10; k++) {
        for (const p of objects[k].properties) {
          if (
            p.type === 'Property' &&
            propertyKeyName(p.key) === 'compilerOptions' &&
            unwrap(p.value).type === 'ObjectExpression'
          )
            objects.push(unwrap(p.value) as TSESTree.ObjectExpression);
        }
      }
      for (const options of objects) {
        for (const p of options.properties) {
          if (p.type !== 'Property') continue;
          const key = propertyKeyName(p.key);
          const value = facts.constantOf(p.value)?.value;
          if ((engine.name === 'Nunjucks' || engine.name === 'Swig') && key === 'autoescape' && value === false) {
            report(context, engine.name, p, 'autoescape: false', 'autoescape: true', fixValue(facts, p.value, 'true'));
          } else if (engine.name === 'Eta' && key === 'autoEscape' && value === false) {
            report(context, engine.name, p, 'autoEscape: false', 'autoEscape: true', fixValue(facts, p.value, 'true'));
          } else if (engine.name === 'Handlebars' && key === 'noEscape' && value === true) {
            report(context, engine.name, p, 'noEscape: true', 'noEscape: false', fixValue(facts, p.value, 'false'));
          } else if (engine.name === 'EJS' && key === 'escape' && !isHtmlEscapeFunction(facts, p.value)) {
            context.report({
              messageId: 'escapeOverride',
              data: { engine: 'EJS', target: 'escape' },
              span: facts.span(p),
              docSection: 'EJS',
            });
          }
        }
      }
    }
    // Mustache.escape = (t) => t; ejs.escapeXML = …; Handlebars.Utils.escapeExpression = …
    for (const assignment of facts.nodesOfType('AssignmentExpression')) {
      const left = unwrap(assignment.left);
      if (left.type !== 'MemberExpression') continue;
      const name = propertyName(left);
      const origin = facts.moduleOf(left.object);
      const chain = memberChain(left).join('.');
      let engine: string | undefined;
      if (name === 'escape' && (origin?.module === 'mustache' || /^Mustache\.escape$/i.test(chain)))
        engine = 'Mustache';
      else if (name === 'escapeXML' && (origin?.module === 'ejs' || chain === 'ejs.escapeXML')) engine = 'EJS';
      else if (
        name === 'escapeExpression' &&
        (origin?.module === 'handlebars' || /^Handlebars(\.Utils)?\.escapeExpression$/.test(chain))
      )
        engine = 'Handlebars';
      if (!engine || isHtmlEscapeFunction(facts, assignment.right)) continue;
      context.report({
        messageId: 'escapeOverride',
        data: { engine, target: chain },
        span: facts.span(assignment),
        docSection: engine,
      });
    }
  },
});

/** Swig's functions that take its options (`swig.setDefaults({ autoescape: false })`, `new swig.Swig(opts)`, per-call options). */
const SWIG_OPTIONS = new Set(['setDefaults', 'Swig', 'compile', 'compileFile', 'render', 'renderFile']);
/** Eta's: `new Eta({ autoEscape: false })`, `eta.configure(…)` (v2), per-call options. */
const ETA_OPTIONS = new Set(['Eta', 'configure', 'render', 'renderAsync', 'renderFile', 'renderString', 'compile']);

function engineOf(
  facts: Facts,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
): { name: 'Nunjucks' | 'Handlebars' | 'EJS' | 'Swig' | 'Eta' } | undefined {
  const callee = unwrap(call.callee);
  const origin = facts.moduleOf(callee);
  const chain = memberChain(callee);
  const last = chain[chain.length - 1];
  const module =
    origin?.module ?? (chain[0] === 'nunjucks' ? 'nunjucks' : chain[0] === 'Handlebars' ? 'handlebars' : undefined);
  if (module === 'nunjucks' && (last === 'configure' || last === 'Environment')) return { name: 'Nunjucks' };
  if (
    (module === 'handlebars' || module === 'express-handlebars' || module === 'hbs') &&
    (last === 'compile' ||
      last === 'precompile' ||
      last === 'create' ||
      last === 'engine' ||
      last === 'ExpressHandlebars')
  )
    return { name: 'Handlebars' };
  if (module === 'ejs' && (last === 'render' || last === 'compile' || last === 'renderFile')) return { name: 'EJS' };
  // swig and its maintained fork swig-templates; `swig.setDefaults` is how Express apps configure it.
  if ((module === 'swig' || module === 'swig-templates' || (!origin && chain[0] === 'swig')) && SWIG_OPTIONS.has(last))
    return { name: 'Swig' };
  if (module === 'eta' && ETA_OPTIONS.has(last)) return { name: 'Eta' };
  // app.engine('hbs', exphbs({ compilerOptions: { noEscape: true } })) style: the options object nests.
  return undefined;
}

/** A replacement escape function that still escapes: a known escaper, or the engine's own. */
function isHtmlEscapeFunction(facts: Facts, node: Node): boolean {
  const n = unwrap(node);
  const chain = memberChain(n).join('.');
  if (/escape|encode|sanitize/i.test(chain) && n.type !== 'ArrowFunctionExpression' && n.type !== 'FunctionExpression')
    return true;
  if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') {
    const body = facts.source(n.body);
    return /escape|encode|replace\(\s*\/\[?[^/]*[<&]/i.test(body);
  }
  return false;
}

/**
 * Guidance, not an edit: the option switches escaping for every template the engine renders, and
 * those templates are other files that neither this rule nor fix verification reads. An app built
 * with escaping off relies on it somewhere — NodeGoat's layout writes configured `<script>` tags with
 * `{{ script }}` and its memos page `{{ marked(doc.memo) }}` — and flipping the option alone would
 * show that markup as source on every page. The template's own `{% autoescape false %}` block keeps
 * its edit: the outputs it changes are in the same file, under the reviewer's eyes.
 */
function fixValue(facts: Facts, value: Node, replacement: string): Fix | undefined {
  const n = unwrap(value);
  if (n.type !== 'Literal') return undefined;
  return {
    title: `Turn escaping back on (${replacement}) after marking the trusted raw outputs`,
    kind: 'guidance',
    reason: `this option applies to every template the engine renders, which are other files: first find the outputs that must stay raw (trusted markup such as configured script tags; rendered Markdown, sanitized) and mark them raw one by one, then set ${replacement}`,
    edits: [],
  };
}

function report(
  context: RuleContext,
  engine: string,
  property: Node,
  option: string,
  fixed: string,
  fix: Fix | undefined,
): void {
  context.report({
    messageId: 'option',
    data: { option, engine, fixed: `\`${fixed}\`` },
    span: context.facts.span(property),
    fixes: fix ? [fix] : [],
    docSection: engine,
  });
}
