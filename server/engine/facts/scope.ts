// Scope vocabulary: a place where a variable gets a value (Facts.writesOf).

import type { Node } from './ast';

/** A place where a variable gets a value: its initialiser or an assignment. */
export interface Write {
  node: Node;
  /** The assigned expression (for `+=`, the right-hand side). */
  value: Node;
  operator: '=' | '+=' | 'init' | 'param';
}
