// The XSS fix builders: find (or add) the binding of a sanitizer/escaper module, and wrap values
// in it. An import is added in the file's own style (import or require); a file that has neither
// yet gets the style its extension or its package.json "type" (passed by the front door) implies
// — see moduleStyleOf (server/engine/fixes/imports.ts, the one import builder). A plain browser
// script gets no fix rather than a broken one.

import type { TSESTree } from '@typescript-eslint/types';
import { isRequireCall, memberChain, unwrap, type Facts, type Node } from '../../../server/engine/facts';
import { importEdit, type ModuleStyle } from '../../../server/engine/fixes/imports';
import type { Fix, RuleContext, TextEdit } from '../../../server/engine/types';

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

export const DOMPURIFY: Wanted = {
  modules: ['dompurify', 'isomorphic-dompurify'],
  localName: 'DOMPurify',
  member: 'sanitize',
  global: 'DOMPurify',
};
export const ESCAPE_HTML: Wanted = { modules: ['escape-html'], localName: 'escapeHtml' };

/** How to call the wanted function here, adding an import in the file's module style if needed. */
export function calleeFor(facts: Facts, wanted: Wanted, style?: ModuleStyle): Binding | undefined {
  const call = (local: string): string => (wanted.member ? `${local}.${wanted.member}` : local);
  const imports = facts.nodesOfType('ImportDeclaration');
  for (const decl of imports) {
    if (!wanted.modules.includes(String(decl.source.value))) continue;
    for (const spec of decl.specifiers) {
      if (spec.type === 'ImportDefaultSpecifier' || spec.type === 'ImportNamespaceSpecifier')
        return { callee: call(spec.local.name) };
      if (
        wanted.member &&
        spec.type === 'ImportSpecifier' &&
        spec.imported.type === 'Identifier' &&
        spec.imported.name === wanted.member
      )
        return { callee: spec.local.name };
    }
  }
  // `import escapeHtml = require('escape-html')` (TypeScript's CommonJS import) binds it as well.
  const importEquals = facts.nodesOfType('TSImportEqualsDeclaration');
  for (const decl of importEquals) {
    const ref = decl.moduleReference;
    if (decl.importKind === 'type' || ref.type !== 'TSExternalModuleReference' || ref.expression.type !== 'Literal')
      continue;
    if (wanted.modules.includes(String(ref.expression.value))) return { callee: call(decl.id.name) };
  }
  const requires = facts.nodesOfType('CallExpression').filter(isRequireCall);
  for (const req of requires) {
    const parent = facts.parent(req);
    if (!wanted.modules.includes(String((req.arguments[0] as TSESTree.StringLiteral).value))) continue;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier')
      return { callee: call(parent.id.name) };
  }
  // A program-level name that already means the wanted thing (a global loaded by a script tag).
  if (wanted.global) {
    const used = facts
      .nodesOfType('Identifier')
      .some(
        (id) =>
          id.name === wanted.global &&
          !facts.variableOf(id) &&
          memberChain(facts.parent(id) ?? id)[0] === wanted.global,
      );
    if (used) return { callee: call(wanted.global) };
  }
  if (facts.nodesOfType('Identifier').some((id) => id.name === wanted.localName)) return undefined; // the name is taken
  const edit = importEdit(facts, { module: wanted.modules[0], local: wanted.localName }, style);
  return edit ? { callee: call(wanted.localName), edit } : undefined;
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
  while (
    k < body.length &&
    body[k].type === 'ExpressionStatement' &&
    (body[k] as TSESTree.ExpressionStatement).directive
  )
    k++;
  const at = k < body.length ? body[k].range[0] : body.length ? body[body.length - 1].range[1] : 0;
  const helper =
    'function escapeHtml(value) {\n' +
    '  return String(value).replace(/[&<>"\']/g, function (c) {\n' +
    "    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\"': '&quot;', \"'\": '&#39;' }[c];\n" +
    '  });\n' +
    '}\n\n';
  return {
    callee: 'escapeHtml',
    edit: { span: { start: at, end: at }, newText: k < body.length ? helper : `\n\n${helper}` },
  };
}

/** What the XSS fixes change (every one does: that is the point), shown with their titles. */
export const AS_TEXT = 'markup in the value now shows as text instead of rendering';
export const ESCAPED =
  'each interpolated part is HTML-escaped: markup in it now shows as text, and a value that is not a string is converted to one';
export const ESCAPING_ON = 'every value this template outputs is HTML-escaped again: markup in them now shows as text';

/** Wrap each node in `callee(…)`. */
export function wrapEdits(facts: Facts, nodes: Node[], callee: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const node of nodes) {
    const n = unwrap(node);
    edits.push(
      { span: { start: n.range[0], end: n.range[0] }, newText: `${callee}(` },
      { span: { start: n.range[1], end: n.range[1] }, newText: ')' },
    );
  }
  return edits;
}

/** "Sanitize with DOMPurify" — keeps markup but strips script; unsafe (it changes what renders), never preferred. */
export function sanitizeFix(facts: Facts, value: Node, style?: ModuleStyle): Fix | undefined {
  const binding = calleeFor(facts, DOMPURIFY, style);
  if (!binding) return undefined;
  return {
    title: `Sanitize the markup with ${binding.callee}(…)`,
    kind: 'needs-review',
    changes: 'script, event handlers and other markup DOMPurify removes are stripped from the value before it renders',
    edits: [...(binding.edit ? [binding.edit] : []), ...wrapEdits(facts, [value], binding.callee)],
  };
}
