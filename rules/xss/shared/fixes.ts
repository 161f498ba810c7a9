// The XSS fix builders: find (or add) the binding of a sanitizer/escaper module, and wrap values
// in it. An import is added in the file's own style (import or require); a file that has neither
// yet gets the style its extension or its package.json "type" (passed by the front door) implies
// — see moduleStyleOf. A plain browser script gets no fix rather than a broken one.

import type { TSESTree } from '@typescript-eslint/types';
import { isRequireCall, memberChain, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import type { Fix, RuleContext, TextEdit } from '../../../server/engine/types';

/** How a file that has no import or require yet would add one. */
export type ModuleStyle = 'esm' | 'cjs';

/** Folders whose scripts are served to the browser as they are: a classic `<script>` takes neither `import` nor `require`. */
const SERVED_AS_IS = /(^|[\\/])(public|static|assets|wwwroot|vendor)[\\/]/i;

/**
 * The import style for a file without imports: CommonJS when it already assigns `module.exports` /
 * `exports.x`; ESM for `.mjs`/`.mts` and for TypeScript, JSX, Vue and Svelte (compiled, and written
 * with `import`); CommonJS for `.cjs`/`.cts`; for `.js`, ESM only when the nearest package.json says
 * `"type": "module"` and the file is not in a folder served as is. Otherwise undefined: a `.js` file
 * in a CommonJS package with no module syntax is as likely a classic browser script, where either
 * form would break the page, so no import is added (the message still names the paved road).
 */
export function moduleStyleOf(context: Pick<RuleContext, 'file' | 'facts' | 'moduleType'>): ModuleStyle | undefined {
  const { file, facts } = context;
  if (usesCommonJsExports(facts)) return 'cjs';
  const ext = /\.([cm]?[jt]sx?|vue|svelte)$/i.exec(file)?.[1].toLowerCase();
  if (ext === 'mjs' || ext === 'mts') return 'esm';
  if (ext === 'cjs' || ext === 'cts') return 'cjs';
  if (ext === 'ts' || ext === 'tsx' || ext === 'jsx' || ext === 'vue' || ext === 'svelte') return 'esm';
  if (ext === 'js' && context.moduleType === 'module' && !SERVED_AS_IS.test(file)) return 'esm';
  return undefined;
}

function usesCommonJsExports(facts: Facts): boolean {
  return facts.nodesOfType('MemberExpression').some((m) => {
    const o = unwrap(m.object);
    return o.type === 'Identifier' && !facts.variableOf(o) && (o.name === 'exports' || (o.name === 'module' && !m.computed && m.property.type === 'Identifier' && m.property.name === 'exports'));
  });
}

export interface Binding {
  /** The expression to call, e.g. `DOMPurify.sanitize` or `escapeHtml`. */
  callee: string;
  /** The edit that adds the import, when the file does not have it yet. */
  edit?: TextEdit;
}

interface Wanted {
  modules: string[];
  /** Default (or CommonJS module) binding name to add. */
  localName: string;
  /** Member to call on the module binding (`sanitize`), or none when the module is the function. */
  member?: string;
  /** A global that is enough when present in the file (`DOMPurify` in a page that loads it). */
  global?: string;
}

export const DOMPURIFY: Wanted = { modules: ['dompurify', 'isomorphic-dompurify'], localName: 'DOMPurify', member: 'sanitize', global: 'DOMPurify' };
export const ESCAPE_HTML: Wanted = { modules: ['escape-html'], localName: 'escapeHtml' };

/** How to call the wanted function here, adding an import in the file's module style if needed. */
export function bindingOf(facts: Facts, wanted: Wanted, style?: ModuleStyle): Binding | undefined {
  const call = (local: string): string => (wanted.member ? `${local}.${wanted.member}` : local);
  const imports = facts.nodesOfType('ImportDeclaration');
  for (const decl of imports) {
    if (!wanted.modules.includes(String(decl.source.value))) continue;
    for (const spec of decl.specifiers) {
      if (spec.type === 'ImportDefaultSpecifier' || spec.type === 'ImportNamespaceSpecifier') return { callee: call(spec.local.name) };
      if (wanted.member && spec.type === 'ImportSpecifier' && spec.imported.type === 'Identifier' && spec.imported.name === wanted.member) return { callee: spec.local.name };
    }
  }
  // `import escapeHtml = require('escape-html')` (TypeScript's CommonJS import) binds it as well.
  const importEquals = facts.nodesOfType('TSImportEqualsDeclaration');
  for (const decl of importEquals) {
    const ref = decl.moduleReference;
    if (decl.importKind === 'type' || ref.type !== 'TSExternalModuleReference' || ref.expression.type !== 'Literal') continue;
    if (wanted.modules.includes(String(ref.expression.value))) return { callee: call(decl.id.name) };
  }
  const requires = facts.nodesOfType('CallExpression').filter(isRequireCall);
  for (const req of requires) {
    const parent = facts.parent(req);
    if (!wanted.modules.includes(String((req.arguments[0] as TSESTree.StringLiteral).value))) continue;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return { callee: call(parent.id.name) };
  }
  // A program-level name that already means the wanted thing (a global loaded by a script tag).
  if (wanted.global) {
    const used = facts.nodesOfType('Identifier').some((id) => id.name === wanted.global && !facts.variableOf(id) && memberChain(facts.parent(id) ?? id)[0] === wanted.global);
    if (used) return { callee: call(wanted.global) };
  }
  if (facts.nodesOfType('Identifier').some((id) => id.name === wanted.localName)) return undefined; // the name is taken
  const body = facts.ast.body;
  const lastImport = [...body].reverse().find((s) => s.type === 'ImportDeclaration');
  const module = wanted.modules[0];
  const lastImportEquals = [...body].reverse().find((s) => s.type === 'TSImportEqualsDeclaration');
  if (!lastImport && lastImportEquals) {
    // A file that imports with `import x = require('y')` gets its new import in that style.
    return { callee: call(wanted.localName), edit: { span: { start: lastImportEquals.range[1], end: lastImportEquals.range[1] }, newText: `\nimport ${wanted.localName} = require('${module}');` } };
  }
  if (lastImport || (requires.length === 0 && facts.ast.sourceType === 'module' && hasModuleSyntax(facts))) {
    const at = lastImport ? lastImport.range[1] : insertionPoint(facts);
    const line = `import ${wanted.localName} from '${module}';`;
    return { callee: call(wanted.localName), edit: { span: { start: at, end: at }, newText: lastImport ? `\n${line}` : `${line}\n` } };
  }
  if (requires.length > 0) {
    const first = requires.map((r) => topStatement(facts, r)).find((s): s is Node => s !== undefined);
    if (!first) return undefined;
    const lastRequire = [...body].reverse().find((s) => requires.some((r) => r.range[0] >= s.range[0] && r.range[1] <= s.range[1]));
    const at = (lastRequire ?? first).range[1];
    return { callee: call(wanted.localName), edit: { span: { start: at, end: at }, newText: `\nconst ${wanted.localName} = require('${module}');` } };
  }
  // No import or require yet: the style the file's kind implies (moduleStyleOf), at the top.
  if (style) {
    const line = style === 'esm' ? `import ${wanted.localName} from '${module}';` : `const ${wanted.localName} = require('${module}');`;
    const at = insertionPoint(facts);
    return { callee: call(wanted.localName), edit: { span: { start: at, end: at }, newText: `${line}\n` } };
  }
  return undefined;
}

function hasModuleSyntax(facts: Facts): boolean {
  return facts.ast.body.some((s) => s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration');
}

function insertionPoint(facts: Facts): number {
  const first = facts.ast.body[0];
  return first ? first.range[0] : 0;
}

function topStatement(facts: Facts, node: Node): Node | undefined {
  let n: Node | undefined = node;
  while (n && facts.parent(n) && facts.parent(n) !== facts.ast) n = facts.parent(n);
  return n && facts.parent(n) === facts.ast ? n : undefined;
}

/**
 * A file that can take no import (a classic browser script) still gets the paved road for markup
 * built from parts: a small local `escapeHtml` (ES5, so it runs wherever the script runs), added
 * after the directive prologue, and each part wrapped in it. Undefined when the name is taken.
 */
export function localEscaper(facts: Facts): Binding | undefined {
  if (facts.nodesOfType('Identifier').some((id) => id.name === 'escapeHtml')) return undefined;
  const body = facts.ast.body;
  let k = 0;
  while (k < body.length && body[k].type === 'ExpressionStatement' && (body[k] as TSESTree.ExpressionStatement).directive) k++;
  const at = k < body.length ? body[k].range[0] : body.length ? body[body.length - 1].range[1] : 0;
  const helper = 'function escapeHtml(value) {\n'
    + '  return String(value).replace(/[&<>"\']/g, function (c) {\n'
    + '    return { \'&\': \'&amp;\', \'<\': \'&lt;\', \'>\': \'&gt;\', \'"\': \'&quot;\', "\'": \'&#39;\' }[c];\n'
    + '  });\n'
    + '}\n\n';
  return { callee: 'escapeHtml', edit: { span: { start: at, end: at }, newText: k < body.length ? helper : `\n\n${helper}` } };
}

/** What the XSS fixes change (every one does: that is the point), shown with their titles. */
export const AS_TEXT = 'markup in the value now shows as text instead of rendering';
export const ESCAPED = 'each interpolated part is HTML-escaped: markup in it now shows as text, and a value that is not a string is converted to one';
export const ESCAPING_ON = 'every value this template outputs is HTML-escaped again: markup in them now shows as text';

/** Wrap each node in `callee(…)`. */
export function wrapEdits(facts: Facts, nodes: Node[], callee: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const node of nodes) {
    const n = unwrap(node);
    edits.push({ span: { start: n.range[0], end: n.range[0] }, newText: `${callee}(` }, { span: { start: n.range[1], end: n.range[1] }, newText: ')' });
  }
  return edits;
}

/** "Sanitize with DOMPurify" — keeps markup but strips script; unsafe (it changes what renders), never preferred. */
export function sanitizeFix(facts: Facts, value: Node, style?: ModuleStyle): Fix | undefined {
  const binding = bindingOf(facts, DOMPURIFY, style);
  if (!binding) return undefined;
  return {
    title: `Sanitize the markup with ${binding.callee}(…)`,
    kind: 'needs-review',
    changes: 'script, event handlers and other markup DOMPurify removes are stripped from the value before it renders',
    edits: [...(binding.edit ? [binding.edit] : []), ...wrapEdits(facts, [value], binding.callee)],
  };
}
