// The one import builder of every fix that adds an import (XSS sanitizers and escapers, the audit
// family's team logger): the file's own style first (its last import, `import x = require`, or
// require), else the style its kind implies (moduleStyleOf: the extension, CommonJS exports, and the
// nearest package.json "type" that the front door passes as `moduleType`).

import type { TSESTree } from '@typescript-eslint/types';
import { isRequireCall, unwrap, type Facts, type Node } from '../facts';
import type { RuleContext, TextEdit } from '../types';

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
    return (
      o.type === 'Identifier' &&
      !facts.variableOf(o) &&
      (o.name === 'exports' ||
        (o.name === 'module' && !m.computed && m.property.type === 'Identifier' && m.property.name === 'exports'))
    );
  });
}

/** What to bind: the module itself as `local`, or (`named`) its export `local`. */
export interface ImportSpec {
  module: string;
  local: string;
  named?: boolean;
}

/**
 * The edit that adds `spec`'s import where the file keeps its imports and in the style it uses;
 * undefined when the file has no style and `style` gives none (a classic browser script).
 */
export function importEdit(facts: Facts, spec: ImportSpec, style?: ModuleStyle): TextEdit | undefined {
  const module = spec.module;
  const esm = spec.named ? `import { ${spec.local} } from '${module}';` : `import ${spec.local} from '${module}';`;
  const cjs = spec.named
    ? `const { ${spec.local} } = require('${module}');`
    : `const ${spec.local} = require('${module}');`;
  const requires = facts.nodesOfType('CallExpression').filter(isRequireCall);
  const body = facts.ast.body;
  const lastImport = [...body].reverse().find((s) => s.type === 'ImportDeclaration');
  const lastImportEquals = [...body].reverse().find((s) => s.type === 'TSImportEqualsDeclaration');
  if (!lastImport && lastImportEquals) {
    // A file that imports with `import x = require('y')` gets its new import in that style.
    return {
      span: { start: lastImportEquals.range[1], end: lastImportEquals.range[1] },
      newText: `\n${spec.named ? cjs : `import ${spec.local} = require('${module}');`}`,
    };
  }
  if (lastImport || (requires.length === 0 && facts.ast.sourceType === 'module' && hasModuleSyntax(facts))) {
    const at = lastImport ? lastImport.range[1] : insertionPoint(facts);
    return { span: { start: at, end: at }, newText: lastImport ? `\n${esm}` : `${esm}\n` };
  }
  if (requires.length > 0) {
    const first = requires.map((r) => topStatement(facts, r)).find((s): s is Node => s !== undefined);
    if (!first) return undefined;
    const lastRequire = [...body]
      .reverse()
      .find((s) => requires.some((r) => r.range[0] >= s.range[0] && r.range[1] <= s.range[1]));
    const at = (lastRequire ?? first).range[1];
    return { span: { start: at, end: at }, newText: `\n${cjs}` };
  }
  // No import or require yet: the style the file's kind implies (moduleStyleOf), at the top.
  if (style) {
    const at = insertionPoint(facts);
    return { span: { start: at, end: at }, newText: `${style === 'esm' ? esm : cjs}\n` };
  }
  return undefined;
}

function hasModuleSyntax(facts: Facts): boolean {
  return facts.ast.body.some(
    (s) =>
      s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration',
  );
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
