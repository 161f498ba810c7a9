// Component facts: what the script of a Vue or Svelte single-file component says about a name its
// template uses. The template tokenizer (templates/sfc.ts) gives the template's expressions; the
// `<script>` block is parsed in place, so the names are bindings of this file's own script.
//
// A name is one of the component's props — set by the parent, so its value is not the component's
// to know: Svelte `export let`, a Vue Options API `props` entry — or the component's own state,
// whose values are every value its script gives it: top-level initialisers, assignments (`name =`,
// `this.name =`, Svelte `$: name = …`), a Vue `data()` initial value and a `computed` entry's
// returned values. Rules judge those values (sanitized? constant?); this file only finds them.
// Also which calls build a Vue render function's elements (`h(…)`, `createElement(…)`).

import type { TSESTree } from '@typescript-eslint/types';
import type { Facts } from './index';
import { type Node, memberChain, propertyKeyName, propertyName, unwrap } from './ast';

export interface ComponentBinding {
  name: string;
  /** `prop`: the parent sets it (Svelte `export let`, a Vue `props` entry); `state`: the component's own. */
  source: 'prop' | 'state';
  /** The name's top-level declarations in the component's script (exported ones included). */
  declarators: TSESTree.VariableDeclarator[];
  /**
   * Every value the script gives a `state` binding, in source order of kind (initialisers,
   * assignments, Options API entries); undefined when one of them cannot be seen (declared without
   * a value, a `computed` entry that is no function) or the binding is a prop.
   */
  values?: Node[];
}

/**
 * The binding `name` (a template expression `name` or `this.name`) has in the component's script,
 * or undefined when the script neither declares nor assigns it.
 */
export function componentBindingOf(facts: Facts, name: string): ComponentBinding | undefined {
  let prop = false,
    opaque = false,
    seen = false;
  const declarators: TSESTree.VariableDeclarator[] = [];
  const values: Node[] = [];
  for (const d of facts.nodesOfType('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || d.id.name !== name || facts.enclosingFunction(d) !== undefined) continue;
    seen = true;
    declarators.push(d);
    const declaration = facts.parent(d);
    if (declaration && facts.parent(declaration)?.type === 'ExportNamedDeclaration')
      prop = true; // a Svelte prop
    else if (!d.init) opaque = true;
    else values.push(d.init);
  }
  for (const a of facts.nodesOfType('AssignmentExpression')) {
    const left = unwrap(a.left);
    if (
      (left.type === 'Identifier' && left.name === name) ||
      (left.type === 'MemberExpression' && memberChain(left).join('.') === `this.${name}`)
    ) {
      seen = true;
      values.push(a.right);
    }
  }
  // Options API: computed: { name() { return …; } }, props: { name: … }, and data() { return { name: … } }.
  for (const p of facts.nodesOfType('Property')) {
    if (propertyKeyName(p.key) !== name) continue;
    const object = facts.parent(p);
    const owner = object && facts.parent(object);
    if (owner?.type === 'ReturnStatement' || owner?.type === 'ArrowFunctionExpression') {
      const fn = facts.enclosingFunction(object!);
      const holder = fn && facts.parent(fn);
      if (holder?.type === 'Property' && propertyKeyName(holder.key) === 'data') {
        seen = true;
        values.push(p.value as Node);
      }
      continue;
    }
    if (owner?.type !== 'Property') continue;
    const section = propertyKeyName(owner.key);
    const fn = unwrap(p.value);
    if (section === 'computed' && (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression')) {
      seen = true;
      values.push(...facts.returnedValues(fn));
    } else if (section === 'computed') {
      seen = true;
      opaque = true;
    } else if (section === 'props') {
      seen = true;
      prop = true;
    }
  }
  if (!seen) return undefined;
  return { name, source: prop ? 'prop' : 'state', declarators, ...(prop || opaque ? {} : { values }) };
}

/** The component's Svelte props: the names its script declares with `export let` / `export const`. */
export function componentPropsOf(facts: Facts): ReadonlySet<string> {
  const props = new Set<string>();
  for (const d of facts.nodesOfType('VariableDeclarator')) {
    const declaration = facts.parent(d);
    if (d.id.type === 'Identifier' && declaration && facts.parent(declaration)?.type === 'ExportNamedDeclaration')
      props.add(d.id.name);
  }
  return props;
}

/**
 * A Vue render-function call: `h(…)` imported from vue, `this.$createElement(…)`, or the
 * `h` / `createElement` parameter of a `render` function (Vue 2 `render(h) { … }`).
 */
export function isVueRenderCall(facts: Facts, call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression')
    return unwrap(callee.object).type === 'ThisExpression' && propertyName(callee) === '$createElement';
  if (callee.type !== 'Identifier') return false;
  const origin = facts.moduleOf(callee);
  if (origin)
    return (
      (origin.module === 'vue' || origin.module === '@vue/runtime-core' || origin.module === '@vue/runtime-dom') &&
      origin.path.length === 1 &&
      (origin.path[0] === 'h' || origin.path[0] === 'createVNode')
    );
  if (callee.name !== 'h' && callee.name !== 'createElement') return false;
  const def = facts.variableOf(callee)?.defs[0];
  if (def?.type !== 'Parameter') return false;
  const fn = def.node as Node;
  const owner = facts.parent(fn);
  return (owner?.type === 'Property' || owner?.type === 'MethodDefinition') && propertyKeyName(owner.key) === 'render';
}
