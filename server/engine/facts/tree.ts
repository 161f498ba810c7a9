// The tree's own indexes, kept on the tree (issue 24): the nodes by type in source order, each
// node's parent, and the variable each identifier stands for. They depend only on the parsed tree
// and its scope analysis, never on the knowledge or a rule, so every Facts over the same tree shares
// them: the fresh Facts analyze() makes after a rule is stopped by its budget or crashes (which
// re-walked the tree and rebuilt a Map of every identifier, once per stopped rule: under load, a
// cascade of stopped rules made a 40,000-line file cost 5–8 full indexes), the re-run without a
// loosening declaration (loosened.ts) and the module summary's Facts.
//
// Everything is kept under private symbols (invisible to JSON, to `for…in` and to every other reader
// of the tree), as the parent always was. Building them calls nothing that checks a rule's budget, so
// they are complete or absent, never half-built.

import type { Scope, ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/types';
import type { Node } from './ast';
import { timed } from '../timing';

const PARENT: unique symbol = Symbol('parent');
const TREE: unique symbol = Symbol('tree index');
const VARIABLE: unique symbol = Symbol('variable');
const BOUND_BY: unique symbol = Symbol('bindings of');
const MANAGER: unique symbol = Symbol('scope manager');

type WithParent = Node & { [PARENT]?: Node };
type Identifier = TSESTree.Identifier | TSESTree.JSXIdentifier;

export type VisitorKeys = Record<string, readonly string[] | undefined>;

export interface TreeIndex {
  readonly byType: Map<string, Node[]>;
  /** Per type, the indexes of `byType`'s list sorted by start offset (`nodesOfTypeWithin`), filled lazily. */
  readonly byStart: Map<string, { order: number[]; starts: number[] }>;
}

// Each entry names the root it was made for: a copy of a root (`{ ...previous, body }`, reparse.ts)
// copies its symbol-keyed properties too, and must not be taken for the tree they describe.
interface Root {
  [TREE]?: { root: Root; keys: VisitorKeys; index: TreeIndex };
  [BOUND_BY]?: { root: Root; scopeManager: ScopeManager };
}

/**
 * The tree's index, built by one iterative walk the first time any Facts over this root asks.
 * A new root (a whole parse; reparse.ts's spliced tree is always a new root) gets a new walk, which
 * also sets the parent of every node it reaches, including statements reused from an older tree.
 */
export function treeIndex(ast: TSESTree.Program, visitorKeys: VisitorKeys): TreeIndex {
  const root = ast as unknown as Root;
  const kept = root[TREE];
  if (kept && kept.root === root && kept.keys === visitorKeys) return kept.index;
  return timed('facts', () => walk(ast, root, visitorKeys));
}

function walk(ast: TSESTree.Program, root: Root, visitorKeys: VisitorKeys): TreeIndex {
  const byType = new Map<string, Node[]>();
  const stack: Node[] = [ast];
  // Depth-first, pre-order, source order: push children in reverse. Each node's parent is kept
  // on the node under a private symbol (a Map of every node was a third of this walk's time).
  while (stack.length > 0) {
    const node = stack.pop()!;
    let list = byType.get(node.type);
    if (!list) byType.set(node.type, (list = []));
    list.push(node);
    const keys = visitorKeys[node.type];
    if (!keys) continue;
    // Children pushed last-first (keys and array elements in reverse), so they pop in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as Node | null;
          if (child && typeof child.type === 'string') {
            (child as WithParent)[PARENT] = node;
            stack.push(child);
          }
        }
      } else if (value && typeof (value as Node).type === 'string') {
        (value as WithParent)[PARENT] = node;
        stack.push(value as Node);
      }
    }
  }
  const index: TreeIndex = { byType, byStart: new Map() };
  root[TREE] = { root, keys: visitorKeys, index };
  return index;
}

/** A node's parent, as the last index walk over a tree holding it set it (call `treeIndex` first). */
export function parentOf(node: Node): Node | undefined {
  return (node as WithParent)[PARENT];
}

/**
 * The variable an identifier stands for in `scopeManager`'s analysis of `ast`. The first call for a
 * (tree, scope analysis) pair records each declared or resolved identifier's variable on the
 * identifier itself: no Map of every identifier (its rehashing and its size in the heap made the
 * bindings index grow 4–5× per doubling of a file under load), one property load per lookup.
 * An identifier can be shared by two trees (reparse.ts reuses untouched statements), so a recorded
 * variable counts only when its scope belongs to this analysis; the rest are stale, i.e. undefined.
 */
export function variableAt(ast: TSESTree.Program, scopeManager: ScopeManager, id: Identifier): Variable | undefined {
  const root = ast as unknown as Root;
  const bound = root[BOUND_BY];
  if (bound?.root !== root || bound.scopeManager !== scopeManager)
    timed('facts', () => recordBindings(root, scopeManager));
  const variable = (id as Identifier & { [VARIABLE]?: Variable })[VARIABLE];
  if (!variable) return undefined;
  return (variable.scope as Scope & { [MANAGER]?: ScopeManager })[MANAGER] === scopeManager ? variable : undefined;
}

function recordBindings(root: Root, scopeManager: ScopeManager): void {
  // The order the Map of every identifier was filled in (scope by scope, declarations then
  // references), so that where two entries name one identifier the same one wins.
  for (const scope of scopeManager.scopes as Scope[]) {
    (scope as Scope & { [MANAGER]?: ScopeManager })[MANAGER] = scopeManager;
    for (const variable of scope.variables) {
      for (const id of variable.identifiers) (id as Identifier & { [VARIABLE]?: Variable })[VARIABLE] = variable;
    }
    for (const ref of scope.references) {
      if (ref.resolved) (ref.identifier as Identifier & { [VARIABLE]?: Variable })[VARIABLE] = ref.resolved;
    }
  }
  root[BOUND_BY] = { root, scopeManager };
}
