// Module vocabulary: where a value comes from when it comes from a module (Facts.moduleOf answers
// it), and how specifiers name packages.

/** Where a value comes from when it comes from a module: `require('pg').Pool` → { module: 'pg', path: ['Pool'] }. */
export interface ModuleOrigin {
  /** The specifier without a `node:` prefix, e.g. `pg`, `mysql2/promise`. */
  module: string;
  /** Properties read on the way, e.g. ['Pool'] or ['promises', 'readFile']. */
  path: string[];
}

export function normalizeModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

/** The package a module specifier belongs to: `mysql2/promise` → `mysql2`, `@scope/a/b` → `@scope/a`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
