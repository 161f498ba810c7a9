// What the XSS rules share about a value written as HTML: which of its parts are neither
// constants nor passed through a recognised sanitizer or escaper, whether markup is intended
// (the constant parts hold tags), and where outside data enters. One decomposition for every
// HTML sink, so that "sanitized" means the same thing to the DOM, framework and response rules.

import type { TSESTree } from '@typescript-eslint/types';
import type { Variable } from '@typescript-eslint/scope-manager';
import {
  flattenPlus,
  memberChain,
  propertyKeyName,
  propertyName,
  unwrap,
  type Facts,
  type Node,
  type OutsideSource,
} from '../../../server/engine/facts';
import type { FlowStep, TeamKnowledge } from '../../../server/engine/types';
import { importedFunction } from '../../module-summary';

export interface HtmlValue {
  /** Parts that are not constants and not sanitized: each may carry markup into the page. */
  dynamic: Node[];
  /** The constant parts contain a tag: the value is meant as markup, not as text. */
  markup: boolean;
  /** Where outside data enters, if a part can carry it. */
  source?: OutsideSource;
  /** Steps in other modules: a helper there returns the markup (issue 23). */
  steps?: FlowStep[];
}

const MAX_DEPTH = 14;

/** Modules whose default export (or named function) returns HTML-safe text or sanitized markup. */
const SANITIZER_MODULES: Record<string, string[] | 'any'> = {
  dompurify: ['sanitize'],
  'isomorphic-dompurify': ['sanitize'],
  'sanitize-html': 'any',
  'escape-html': 'any',
  'html-escaper': ['escape'],
  'lodash.escape': 'any',
  he: ['encode', 'escape'],
  entities: ['encode', 'encodeHTML', 'escape', 'escapeUTF8', 'encodeXML'],
  validator: ['escape'],
  lodash: ['escape'],
  underscore: ['escape'],
  'lodash-es': ['escape'],
  handlebars: ['escapeExpression', 'Utils'],
  // hapi's utilities: `Hoek.escapeHtml` encodes every character outside a safe set.
  '@hapi/hoek': ['escapeHtml'],
  hoek: ['escapeHtml'],
  xss: 'any',
  'xss-filters': 'any',
  // serialize-javascript escapes `<`, `>`, `/` and the line separators, so its output is safe inside
  // `<script>` (unless `{ unsafe: true }`, checked at the call).
  'serialize-javascript': 'any',
  // Server renderers escape every text and attribute they write; their output is the framework's markup.
  'react-dom/server': ['renderToString', 'renderToStaticMarkup'],
  'react-dom/server.node': ['renderToString', 'renderToStaticMarkup'],
  'vue/server-renderer': ['renderToString'],
  '@vue/server-renderer': ['renderToString'],
  'preact-render-to-string': 'any',
};

/** Translation lookups (vue-i18n, i18next, react-i18next, svelte-i18n): with one constant key the text is the developers' own. */
const TRANSLATION_CALLEES = new Set(['t', '$t', 'i18n.t', 'i18next.t', 'this.$t', 'i18n.global.t', '$_']);

/** Written forms recognised without an import (browser globals, conventional names). */
const SANITIZER_CALLEES = new Set([
  'DOMPurify.sanitize',
  'window.DOMPurify.sanitize',
  'escapeHtml',
  'escapeHTML',
  'htmlEscape',
  'escape_html',
  'encodeHTML',
  'he.encode',
  'he.escape',
  '_.escape',
  'lodash.escape',
  'validator.escape',
  'Handlebars.escapeExpression',
  'Handlebars.Utils.escapeExpression',
  'filterXSS',
  'sanitizeHtml',
  'encodeURIComponent',
  'encodeURI',
  'Number',
  'parseInt',
  'parseFloat',
  'Number.parseInt',
  'Number.parseFloat',
  'Boolean',
]);

/** Calls whose result is a number or boolean, never markup. */
const NUMERIC_METHODS = new Set([
  'toFixed',
  'toPrecision',
  'indexOf',
  'lastIndexOf',
  'getTime',
  'valueOf',
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'has',
  'getFullYear',
  'getMonth',
  'getDate',
  'getHours',
  'getMinutes',
  // Dates formatted as text: digits, names of months and days, separators — never markup.
  'toLocaleDateString',
  'toLocaleTimeString',
  'toISOString',
  'toDateString',
  'toTimeString',
  'toUTCString',
]);

/** Is this call a recognised sanitizer or escaper (built-in catalogue or the team's `sanitizers` for xss)? */
export function isSanitizerCall(
  facts: Facts,
  call: TSESTree.CallExpression,
  knowledge: Readonly<TeamKnowledge>,
): boolean {
  for (const ref of knowledge.sanitizers ?? []) {
    if (ref.for.includes('xss') && facts.calleeMatches(call, ref)) return true;
  }
  const callee = unwrap(call.callee);
  const chain = memberChain(callee);
  const written = chain.join('.');
  if (SANITIZER_CALLEES.has(written)) return true;
  if (chain.length === 2 && chain[0] === 'Math') return true; // every Math function returns a number
  if (TRANSLATION_CALLEES.has(written) && call.arguments.length === 1 && facts.isConstant(call.arguments[0]))
    return true;
  const origin = facts.moduleOf(callee);
  if (origin) {
    if (origin.module === 'serialize-javascript' && unsafeSerialize(facts, call)) return false;
    const names = SANITIZER_MODULES[origin.module];
    if (names === 'any') return true;
    if (names && origin.path.some((p) => names.includes(p))) return true;
  }
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return method !== undefined && NUMERIC_METHODS.has(method);
}

/** Template engines that escape output by default (their unescaped forms are checked in the templates themselves). */
const ESCAPING_ENGINES = new Set([
  'ejs',
  'eta',
  'nunjucks',
  'pug',
  'mustache',
  'handlebars',
  'hbs',
  'express-handlebars',
]);
const ENGINE_OUTPUT = new Set(['render', 'renderFile', 'renderString', 'compile', 'compileFile']);

/**
 * HTML rendered by an escaping template engine — `ejs.renderFile(…)`, `nunjucks.render(…)`,
 * `Mustache.render(…)`, `pug.render(…)`, or a template compiled by one (`Handlebars.compile(src)(data)`):
 * the engine escaped every value (the "res.render with escaping engines"). lodash's
 * `_.template` is not one: its `<%=` does not escape.
 */
function isEscapingEngineOutput(facts: Facts, call: TSESTree.CallExpression): boolean {
  const origin = facts.moduleOf(unwrap(call.callee));
  return (
    origin !== undefined &&
    ESCAPING_ENGINES.has(origin.module) &&
    origin.path.length > 0 &&
    ENGINE_OUTPUT.has(origin.path[0])
  );
}

/** `serialize(value, { unsafe: true })` turns serialize-javascript's escaping off. */
function unsafeSerialize(facts: Facts, call: TSESTree.CallExpression): boolean {
  const options = call.arguments[1] && unwrap(call.arguments[1]);
  if (!options) return false;
  if (options.type !== 'ObjectExpression') return true; // options we cannot read: not trusted
  return options.properties.some(
    (p) => p.type !== 'Property' || (propertyKeyName(p.key) === 'unsafe' && facts.constantOf(p.value)?.value !== false),
  );
}

/** A function declared in this file and called by name: `renderCard(…)`. */
function localFunction(
  facts: Facts,
  callee: Node,
): TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  if (callee.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(callee);
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === 'FunctionName' && def.node.type === 'FunctionDeclaration') {
    return variable.references.some((r) => r.isWrite()) ? undefined : def.node;
  }
  if (!facts.isSingleAssignment(variable)) return undefined;
  const value = facts.writesOf(variable)[0]?.value;
  const fn = value && unwrap(value);
  return fn && (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') ? fn : undefined;
}

/** `options.fn(this)` / `options.inverse(this)` in a Handlebars block helper: the block, rendered (and escaped) by Handlebars. */
function handlebarsBlockCall(facts: Facts, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || !['fn', 'inverse'].includes(propertyName(callee) ?? '')) return false;
  const options = unwrap(callee.object);
  if (options.type !== 'Identifier') return false;
  const variable = facts.variableOf(options);
  const def = variable?.defs[0];
  if (!def || def.type !== 'Parameter') return false;
  const fn = def.node;
  if (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') return false;
  if (fn.params[fn.params.length - 1] !== def.name) return false; // Handlebars passes `options` last
  const registration = facts.parent(fn);
  return registration?.type === 'CallExpression' && memberChain(registration.callee).pop() === 'registerHelper';
}

const NOT_TEXT_TYPES = new Set(['TSNumberKeyword', 'TSBooleanKeyword', 'TSBigIntKeyword']);

/** A binding TypeScript declares as a number or boolean (`n: number`, `ok: boolean | undefined`): never markup. */
function declaredNotText(name: TSESTree.Identifier): boolean {
  const type = name.typeAnnotation?.typeAnnotation;
  if (!type) return false;
  const members = type.type === 'TSUnionType' ? type.types : [type];
  return (
    members.every(
      (t) =>
        NOT_TEXT_TYPES.has(t.type) ||
        t.type === 'TSUndefinedKeyword' ||
        t.type === 'TSNullKeyword' ||
        (t.type === 'TSLiteralType' && t.literal.type === 'Literal' && typeof t.literal.value !== 'string'),
    ) && members.some((t) => t.type !== 'TSUndefinedKeyword' && t.type !== 'TSNullKeyword')
  );
}

/** The parts of `node` that would reach the page unescaped, or undefined when none can. */
export function htmlValue(facts: Facts, node: Node, knowledge: Readonly<TeamKnowledge>): HtmlValue | undefined {
  const out: HtmlValue = { dynamic: [], markup: false };
  collect(facts, node, knowledge, out, 0, new Set());
  if (out.dynamic.length === 0) return undefined;
  for (const d of out.dynamic) {
    const source = facts.outsideSource(d);
    if (source) {
      out.source = source;
      break;
    }
  }
  return out;
}

function noteMarkup(out: HtmlValue, text: unknown): void {
  if (typeof text === 'string' && /<[a-zA-Z!/]/.test(text)) out.markup = true;
}

function collect(
  facts: Facts,
  node: Node,
  knowledge: Readonly<TeamKnowledge>,
  out: HtmlValue,
  depth: number,
  seen: Set<Node>,
): void {
  if (seen.has(node)) return;
  seen.add(node);
  if (depth > MAX_DEPTH) {
    out.dynamic.push(node);
    return;
  }
  const n = unwrap(node);
  const constant = facts.constantOf(n);
  if (constant) {
    noteMarkup(out, constant.value);
    return;
  }
  const next = (child: Node): void => collect(facts, child, knowledge, out, depth + 1, seen);
  switch (n.type) {
    case 'TemplateLiteral':
      for (const q of n.quasis) noteMarkup(out, q.value.cooked);
      n.expressions.forEach(next);
      return;
    case 'TaggedTemplateExpression':
      // lit's html`` and similar tags escape their interpolations; anything else is opaque.
      if (memberChain(n.tag).join('.') === 'html' || memberChain(n.tag).join('.') === 'svg') return;
      out.dynamic.push(n);
      return;
    case 'BinaryExpression':
      if (n.operator === '+') {
        next(n.left);
        next(n.right);
      }
      return; // arithmetic and comparisons give numbers and booleans
    case 'LogicalExpression':
      next(n.left);
      next(n.right);
      return;
    case 'ConditionalExpression':
      next(n.consequent);
      next(n.alternate);
      return;
    case 'UnaryExpression':
    case 'UpdateExpression':
      return;
    case 'ArrayExpression':
      for (const e of n.elements) if (e) next(e.type === 'SpreadElement' ? e.argument : e);
      return;
    case 'AwaitExpression':
      next(n.argument);
      return;
    case 'MemberExpression': {
      if (propertyName(n) === 'length' || propertyName(n) === 'size') return;
      // A record's key (`users[i].id`, `doc._id`): an integer or an ObjectId, never markup; an id
      // read from the request or the URL (`req.params.id`, `params.id`, `location.…`) is not one.
      if ((propertyName(n) === 'id' || propertyName(n) === '_id') && recordKey(n)) return;
      const table = facts.constantTable(n.object); // ICONS[name]: one of the author's own values
      if (table) {
        table.forEach((v) => noteMarkup(out, v));
        return;
      }
      if (visitorDeviceField(facts, n)) return;
      out.dynamic.push(n);
      return;
    }
    case 'CallExpression': {
      if (isSanitizerCall(facts, n, knowledge) || isEscapingEngineOutput(facts, n)) return;
      const callee = unwrap(n.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
      if (
        callee.type === 'MemberExpression' &&
        method &&
        [
          'join',
          'concat',
          'trim',
          'trimStart',
          'trimEnd',
          'toString',
          'toUpperCase',
          'toLowerCase',
          'padStart',
          'padEnd',
          'slice',
          'substring',
          'repeat',
          'replace',
          'replaceAll',
        ].includes(method)
      ) {
        next(callee.object);
        if (method === 'concat') n.arguments.forEach(next);
        if ((method === 'replace' || method === 'replaceAll') && n.arguments[1]) next(n.arguments[1]);
        return;
      }
      if (callee.type === 'MemberExpression' && (method === 'map' || method === 'flatMap') && n.arguments[0]) {
        const fn = unwrap(n.arguments[0]);
        if (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression') {
          for (const r of facts.returnedValues(fn)) next(r);
          return;
        }
      }
      if (callee.type === 'Identifier' && callee.name === 'String' && n.arguments[0]) {
        next(n.arguments[0]);
        return;
      }
      // React useMemo(() => value, deps) and Vue computed(() => value) hold what their function returns.
      const memo = memoized(n);
      if (memo) {
        for (const r of facts.returnedValues(memo)) next(r);
        return;
      }
      if (handlebarsBlockCall(facts, n)) return;
      if (isHostFact(facts, n) || isEscapingLodashTemplate(facts, n)) return;
      const markdown = markdownRender(facts, n);
      if (markdown === 'escaped') return;
      if (markdown === 'raw')
        out.markup = true; // rendered markdown is markup: writing it as text would show the tags
      else if (markdown === undefined && rendersMarkdown(facts, n)) out.markup = true; // likewise marked, snarkdown, showdown's makeHtml
      // A helper of another module of the project, judged by its summary (issue 23).
      const imported = importedFunction(facts, callee);
      if (imported?.summary.sanitizes?.includes('xss')) return;
      const markup = imported?.summary.htmlReturn;
      if (imported && markup) {
        out.markup = true;
        const before = out.dynamic.length;
        if (markup.opaque) out.dynamic.push(n);
        else
          for (const i of markup.params) {
            const arg = n.arguments[i];
            if (arg?.type === 'SpreadElement') out.dynamic.push(n);
            else if (arg) next(arg);
          }
        if (out.dynamic.length > before && (out.steps ??= []).length < 4)
          out.steps.push({
            span: { start: markup.at.start, end: markup.at.end },
            message: `\`${imported.name}\` returns markup it assembles with \`${markup.how}\`, ${markup.opaque ? 'not every part escaped' : 'the argument unescaped'}`,
            file: imported.module.file,
            range: {
              line: markup.at.line,
              column: markup.at.column,
              endLine: markup.at.endLine,
              endColumn: markup.at.endColumn,
            },
          });
        return;
      }
      // A helper of this file whose every return is constant or escaped (`renderCardSafe(req.query)`)
      // is safe whatever it is given; otherwise the call itself stays the dynamic part (its caller
      // is where a fix belongs, not inside a helper other callers share).
      const helper = localFunction(facts, callee);
      if (helper && handWrittenEscaper(facts, helper)) return;
      if (helper && !seen.has(helper)) {
        const within = new Set(seen).add(helper); // its own guard: a second call of the helper is judged again
        const returns = facts.returnedValues(helper);
        const inner: HtmlValue = { dynamic: [], markup: false };
        for (const r of returns) collect(facts, r, knowledge, inner, depth + 1, within);
        out.markup ||= inner.markup; // a helper that builds markup: escaping its result would break it
        if (returns.length > 0 && inner.dynamic.length === 0) return;
      }
      out.dynamic.push(n);
      return;
    }
    case 'Identifier': {
      const variable = facts.variableOf(n);
      if (!variable) {
        out.dynamic.push(n);
        return;
      }
      if (
        variable.defs.length > 0 &&
        variable.defs.every((d) => d.name.type === 'Identifier' && declaredNotText(d.name))
      )
        return;
      const writes = facts.writesOf(variable);
      if (writes.length === 0) {
        out.dynamic.push(n);
        return;
      }
      let any = false;
      for (const write of writes) {
        if (write.operator === 'param') {
          out.dynamic.push(n);
          return;
        }
        if (write.value === write.node) {
          out.dynamic.push(n);
          return;
        } // `for (x of …)`, `x++`
        any = true;
        next(write.value);
      }
      if (!any) out.dynamic.push(n);
      // Destructured bindings have no per-name initialiser: treat as opaque.
      return;
    }
    default:
      out.dynamic.push(n);
  }
}

/** `x.id` on a record, not on request, route or URL data. */
function recordKey(member: TSESTree.MemberExpression): boolean {
  const chain = memberChain(member);
  return (
    chain.length > 1 &&
    !chain
      .slice(0, -1)
      .some((p) => /^(?:req|request|params|query|body|ctx|location|searchParams|url|dataset|hash|search)$/.test(p))
  );
}

/** Array methods whose callback's first parameter is an element of the receiver. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every']);
/** Array methods that return (some of) the receiver's own elements. */
const SAME_ELEMENTS = new Set(['filter', 'slice', 'sort', 'reverse', 'toSorted', 'toReversed']);
const DEVICE_LISTS = new Set([
  'navigator.mediaDevices.enumerateDevices',
  'window.navigator.mediaDevices.enumerateDevices',
]);

/**
 * A field of an entry of `navigator.mediaDevices.enumerateDevices()` (`device.label`,
 * `device.deviceId`): the names the visitor's own browser and operating system give its cameras and
 * microphones, and opaque ids — facts about the visitor's machine that no other party sets, like
 * `os.hostname()` on a server. Reached through the list's callbacks (`devices.filter(…).map((d) => …)`,
 * `.then((devices) => …)`) or a `for…of` over it.
 */
function visitorDeviceField(facts: Facts, member: TSESTree.MemberExpression): boolean {
  let root: Node = unwrap(member.object);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  return root.type === 'Identifier' && elementOfDeviceList(facts, root, 0);
}

/** Is this name bound to one entry of a device list (a callback's element parameter, a `for…of` variable)? */
function elementOfDeviceList(facts: Facts, name: TSESTree.Identifier, depth: number): boolean {
  const def = facts.variableOf(name)?.defs[0];
  if (!def || def.name.type !== 'Identifier') return false;
  if (def.type === 'Parameter') {
    const fn = def.node;
    if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params[0] !== def.name)
      return false;
    const call = facts.parent(fn);
    if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return false;
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || !ELEMENT_CALLBACKS.has(propertyName(callee) ?? '')) return false;
    return isDeviceList(facts, callee.object, depth + 1);
  }
  if (def.type === 'Variable') {
    const declaration = facts.parent(def.node);
    const loop = declaration && facts.parent(declaration);
    return loop?.type === 'ForOfStatement' && loop.left === declaration && isDeviceList(facts, loop.right, depth + 1);
  }
  return false;
}

/** `await navigator.mediaDevices.enumerateDevices()`, a part of it (`.filter(…)`), or a name bound once to one. */
function isDeviceList(facts: Facts, node: Node, depth: number): boolean {
  if (depth > 6) return false;
  const n = unwrap(node);
  if (n.type === 'AwaitExpression') return isDeviceList(facts, n.argument, depth + 1);
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    if (
      DEVICE_LISTS.has(memberChain(callee).join('.')) &&
      (callee.type !== 'MemberExpression' || unwrap(callee.object).type !== 'CallExpression')
    )
      return true;
    return (
      callee.type === 'MemberExpression' &&
      SAME_ELEMENTS.has(propertyName(callee) ?? '') &&
      isDeviceList(facts, callee.object, depth + 1)
    );
  }
  if (n.type !== 'Identifier') return false;
  const variable = facts.variableOf(n);
  const def = variable?.defs[0];
  if (!variable || !def) return false;
  // `.then((devices) => …)` on the promise of the list
  if (def.type === 'Parameter') {
    const fn = def.node;
    if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params[0] !== def.name)
      return false;
    const call = facts.parent(fn);
    const callee = call?.type === 'CallExpression' && call.arguments[0] === fn ? unwrap(call.callee) : undefined;
    return (
      callee?.type === 'MemberExpression' &&
      propertyName(callee) === 'then' &&
      isDeviceList(facts, callee.object, depth + 1)
    );
  }
  if (!facts.isSingleAssignment(variable)) return false;
  const value = facts.writesOf(variable)[0]?.value;
  return value !== undefined && value !== facts.writesOf(variable)[0]?.node && isDeviceList(facts, value, depth + 1);
}

/** Markdown renderers whose output is HTML: `marked(…)`, `snarkdown(…)`, showdown's `converter.makeHtml(…)`, remarkable/commonmark renderers. */
function rendersMarkdown(facts: Facts, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const origin = facts.moduleOf(callee);
  if (
    origin &&
    ['marked', 'snarkdown', 'showdown', 'remarkable', 'commonmark', 'markdown', 'micromark'].includes(origin.module)
  )
    return true;
  const name =
    callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  return name !== undefined && /^(makeHtml|marked|snarkdown|markdownToHtml|renderMarkdown|mdToHtml)$/.test(name);
}

/**
 * `md.render(text)` / `md.renderInline(text)` of a markdown-it instance with raw HTML off (its
 * default, and the `zero` preset): markdown-it escapes any HTML in the source and refuses
 * `javascript:` links. `{ html: true }`, the `commonmark` preset, options it cannot read, or a
 * later `md.set(…)` make the output raw HTML again.
 */
function markdownRender(facts: Facts, call: TSESTree.CallExpression): 'escaped' | 'raw' | undefined {
  const md = markdownItInstance(facts, call);
  if (!md) return undefined;
  return escapesRawHtml(facts, md.variable, md.init) ? 'escaped' : 'raw';
}

/** The markdown-it instance (`new MarkdownIt(…)`, `require('markdown-it')(…)`) whose `render`/`renderInline` this call is. */
function markdownItInstance(
  facts: Facts,
  call: TSESTree.CallExpression,
): { variable: Variable; init: TSESTree.NewExpression | TSESTree.CallExpression } | undefined {
  const callee = unwrap(call.callee);
  if (
    callee.type !== 'MemberExpression' ||
    (propertyName(callee) !== 'render' && propertyName(callee) !== 'renderInline')
  )
    return undefined;
  const object = unwrap(callee.object);
  if (object.type !== 'Identifier') return undefined;
  const variable = facts.variableOf(object);
  const def = variable?.defs[0];
  if (!variable || def?.type !== 'Variable' || !def.node.init) return undefined;
  const init = unwrap(def.node.init);
  if (init.type !== 'NewExpression' && init.type !== 'CallExpression') return undefined;
  const origin = facts.moduleOf(unwrap(init.callee));
  const required =
    init.callee.type === 'CallExpression' &&
    memberChain(init.callee.callee).join('.') === 'require' &&
    facts.constantOf(init.callee.arguments[0] as Node)?.value === 'markdown-it';
  if (!required && (origin?.module !== 'markdown-it' || origin.path.length > 0)) return undefined;
  return { variable, init };
}

/** Raw HTML stays off: the default or `zero` preset, `html: false`, never reassigned, no later `md.set(…)`. */
function escapesRawHtml(
  facts: Facts,
  variable: Variable,
  init: TSESTree.NewExpression | TSESTree.CallExpression,
): boolean {
  if (!facts.isSingleAssignment(variable)) return false;
  for (const [i, a] of init.arguments.entries()) {
    const arg = unwrap(a as Node);
    const preset = facts.constantOf(arg)?.value;
    if (i === 0 && typeof preset === 'string') {
      if (preset !== 'default' && preset !== 'zero') return false;
      continue;
    }
    if (arg.type !== 'ObjectExpression') return false;
    for (const p of arg.properties) {
      if (p.type !== 'Property' || p.computed) return false;
      if (propertyKeyName(p.key) === 'html' && facts.constantOf(p.value as Node)?.value !== false) return false;
    }
  }
  for (const ref of variable.references) {
    const parent = facts.parent(ref.identifier);
    if (parent?.type === 'MemberExpression' && propertyName(parent) === 'set') return false;
  }
  return true;
}

/**
 * `_.template('<h1><%- title %></h1>')(data)`: a constant lodash template whose only tags are
 * `<%- … %>` escapes every value (`<%= %>`, `<% %>` and `${}` do not, and custom settings may change that).
 */
function isEscapingLodashTemplate(facts: Facts, call: TSESTree.CallExpression): boolean {
  const inner = unwrap(call.callee);
  if (inner.type !== 'CallExpression' || inner.arguments.length !== 1) return false;
  const chain = memberChain(inner.callee).join('.');
  const origin = facts.moduleOf(unwrap(inner.callee));
  const isTemplate = origin
    ? ((origin.module === 'lodash' || origin.module === 'underscore') && origin.path.join('.') === 'template') ||
      (origin.module === 'lodash.template' && origin.path.length === 0)
    : chain === '_.template';
  if (!isTemplate || /templateSettings/.test(facts.text)) return false;
  const source = facts.constantOf(inner.arguments[0] as Node)?.value;
  if (typeof source !== 'string') return false;
  const rest = source.replace(/<%-[\s\S]*?%>/g, '');
  return !rest.includes('<%') && !rest.includes('${');
}

/** Facts about the server itself — `os.hostname()`, `os.platform()`, `process.uptime()`: the operator's values, not a visitor's. */
const OS_FACTS = new Set(['hostname', 'platform', 'type', 'release', 'arch', 'uptime', 'totalmem', 'freemem']);
function isHostFact(facts: Facts, call: TSESTree.CallExpression): boolean {
  const chain = memberChain(call.callee).join('.');
  if (chain === 'process.uptime') return true;
  const origin = facts.moduleOf(unwrap(call.callee));
  return (
    origin !== undefined &&
    (origin.module === 'os' || origin.module === 'node:os') &&
    origin.path.length === 1 &&
    OS_FACTS.has(origin.path[0])
  );
}

/** The function of `useMemo(() => …)` / `React.useMemo(…)` / Vue `computed(() => …)`, whose result is what it returns. */
export function memoized(
  call: TSESTree.CallExpression,
): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  const name = memberChain(call.callee).pop();
  const fn = call.arguments[0] && unwrap(call.arguments[0]);
  if (
    (name === 'useMemo' || name === 'computed') &&
    fn &&
    (fn.type === 'ArrowFunctionExpression' || fn.type === 'FunctionExpression')
  )
    return fn;
  return undefined;
}

/** Data-flow steps for a finding: where outside data enters, then the sink. */
export function flowSteps(facts: Facts, value: HtmlValue, sink: Node, sinkMessage: string): FlowStep[] {
  const steps: FlowStep[] = [];
  if (value.source?.via) steps.push({ span: facts.span(value.source.via.node), message: value.source.via.message });
  if (value.source)
    steps.push({ span: facts.span(value.source.node), message: `outside data enters: ${value.source.description}` });
  if (value.steps) steps.push(...value.steps);
  steps.push({ span: facts.span(sink), message: sinkMessage });
  return steps;
}

/**
 * The interpolated parts of a template literal or `+` chain (or the value itself) that must be
 * escaped, when each of them is text; undefined when a part is itself markup (escaping it would
 * break the page) or the value has another shape.
 */
export function textPartsToEscape(facts: Facts, node: Node, knowledge: Readonly<TeamKnowledge>): Node[] | undefined {
  const n = unwrap(node);
  const parts: Node[] =
    n.type === 'TemplateLiteral'
      ? [...n.expressions]
      : n.type === 'BinaryExpression' && n.operator === '+'
        ? flattenPlus(n)
        : [n];
  const out: Node[] = [];
  let before = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (n.type === 'TemplateLiteral') before += n.quasis[i].value.cooked ?? '';
    const constant = facts.constantOf(part);
    if (constant) {
      before += String(constant.value);
      continue;
    }
    const value = htmlValue(facts, part, knowledge);
    if (!value) continue;
    // Markup meant as markup, or a value inside <script> (HTML escaping is the wrong encoding
    // there): no mechanical fix; the message explains the paved road.
    if (value.markup || insideScript(before)) return undefined;
    out.push(part);
  }
  return out.length ? out : undefined;
}

/** Does the markup written so far leave a `<script>` element open? */
function insideScript(before: string): boolean {
  const open = before.toLowerCase().lastIndexOf('<script');
  return open >= 0 && before.toLowerCase().indexOf('</script', open) < 0;
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

/**
 * A hand-written HTML escaper: every value the function returns is a chain of `.replace`/`.replaceAll`
 * calls that turns `&`, `<`, `>` and `"` into entities (`String(s).replaceAll('<', '&lt;')…`,
 * `s.replace(/[&<>"']/g, (c) => map[c])`).
 */
export function handWrittenEscaper(facts: Facts, fn: FunctionNode): boolean {
  const returns = facts.returnedValues(fn);
  return (
    returns.length > 0 &&
    returns.every((r) => {
      const covered = new Set<string>();
      let n = unwrap(r);
      for (let guard = 0; guard < 12 && n.type === 'CallExpression'; guard++) {
        const callee = unwrap(n.callee);
        const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
        if (callee.type !== 'MemberExpression' || (method !== 'replace' && method !== 'replaceAll')) break;
        const [pattern, replacement] = n.arguments;
        const by = replacement && facts.constantOf(replacement as Node)?.value;
        const entity =
          typeof by === 'string' ? by.startsWith('&') : !!replacement && replacement.type !== 'SpreadElement';
        if (entity && pattern) {
          const p = unwrap(pattern as Node);
          const text = p.type === 'Literal' && 'regex' in p && p.regex ? p.regex.pattern : facts.constantOf(p)?.value;
          if (typeof text === 'string') for (const c of '&<>"') if (text.includes(c)) covered.add(c);
        }
        n = unwrap(callee.object);
      }
      return covered.size === 4;
    })
  );
}

/**
 * What a function returns as HTML, for its module's summary (issue 23): for markup (its constant text
 * holds a tag), which parameters reach it unescaped and whether anything else does; `escapes` for a
 * hand-written escaper or a wrapper whose every return is a sanitizer's result; undefined otherwise.
 */
export function htmlReturnOf(
  facts: Facts,
  fn: FunctionNode,
  knowledge: Readonly<TeamKnowledge>,
): { params: number[]; opaque: boolean; at: Node } | 'escapes' | undefined {
  if (handWrittenEscaper(facts, fn)) return 'escapes';
  const returns = facts.returnedValues(fn);
  if (returns.length === 0) return undefined;
  if (
    returns.every((r) => {
      const n = unwrap(r);
      return n.type === 'CallExpression' && isSanitizerCall(facts, n, knowledge) && !numericOnly(n);
    })
  )
    return 'escapes';
  if (!/<[a-zA-Z!/]/.test(facts.source(fn))) return undefined;
  const out: HtmlValue = { dynamic: [], markup: false };
  for (const r of returns) collect(facts, r, knowledge, out, 0, new Set());
  if (!out.markup) return undefined;
  const params = new Set<number>();
  let opaque = false;
  for (const d of out.dynamic) {
    const index = parameterIndex(facts, fn, d);
    if (index === undefined) opaque = true;
    else params.add(index);
  }
  const at =
    returns.find((r) => out.dynamic.some((d) => d.range[0] >= r.range[0] && d.range[1] <= r.range[1])) ?? returns[0];
  return { params: [...params].sort((a, b) => a - b), opaque, at };
}

/** A numeric method (`x.indexOf(…)`) is safe but says nothing about escaping. */
function numericOnly(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  return callee.type === 'MemberExpression' && NUMERIC_METHODS.has(propertyName(callee) ?? '');
}

/**
 * The parameter of `fn` a dynamic part stands for: the parameter itself or a member of it
 * (`user.name`), or a markdown rendering of one (`marked.parse(text)`); undefined for anything else.
 */
function parameterIndex(facts: Facts, fn: FunctionNode, node: Node): number | undefined {
  let n = unwrap(node);
  if (n.type === 'CallExpression' && rendersMarkdown(facts, n) && n.arguments[0]) n = unwrap(n.arguments[0] as Node);
  while (n.type === 'MemberExpression') n = unwrap(n.object);
  if (n.type !== 'Identifier') return undefined;
  const def = facts.variableOf(n)?.defs[0];
  if (def?.type !== 'Parameter' || def.node !== fn) return undefined;
  const index = fn.params.findIndex((p) => def.name.range[0] >= p.range[0] && def.name.range[1] <= p.range[1]);
  return index < 0 ? undefined : index;
}
