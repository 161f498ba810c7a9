// The SQL sinks Paved Road knows, resolved through imports and the objects they create — never by
// method name alone. See ../../../../shared/reference/catalogue.md (SQL) for the sources.

import type { TSESTree } from '@typescript-eslint/types';
import { packageOf, unwrap, type Facts, type Node } from '../../../server/engine/facts';

/** How a driver spells a bound value in the query text. */
export type Placeholder = 'dollar' | 'question';

/** Where the bound values go: after the text (`query(sql, [v])`) or into the chained call (`prepare(sql).get(v)`). */
export type ValuesStyle = 'array-after-text' | 'chained-call' | 'none';

export interface SqlLibrary {
  packages: string[];
  /** Methods whose first argument is SQL text, and how each takes values. */
  methods: Record<string, ValuesStyle>;
  placeholder: Placeholder;
  /** Characters that open a string literal in this dialect (MySQL also takes `"`; for the others it quotes identifiers). */
  stringQuotes: string;
  /** Shown in messages: the paved road for this library. */
  pavedRoad: string;
}

export const SQL_LIBRARIES: SqlLibrary[] = [
  {
    packages: ['pg', 'pg-pool'],
    methods: { query: 'array-after-text' },
    placeholder: 'dollar',
    stringQuotes: "'",
    pavedRoad: 'client.query("… WHERE id = $1", [id])',
  },
  {
    packages: ['mysql', 'mysql2'],
    methods: { query: 'array-after-text', execute: 'array-after-text' },
    placeholder: 'question',
    stringQuotes: `'"`,
    pavedRoad: 'connection.query("… WHERE id = ?", [id])',
  },
  {
    packages: ['sqlite3'],
    methods: { run: 'array-after-text', get: 'array-after-text', all: 'array-after-text', each: 'array-after-text', prepare: 'array-after-text', exec: 'none' },
    placeholder: 'question',
    stringQuotes: "'",
    pavedRoad: 'db.all("… WHERE id = ?", [id], callback)',
  },
  {
    packages: ['better-sqlite3'],
    methods: { prepare: 'chained-call', exec: 'none' },
    placeholder: 'question',
    stringQuotes: "'",
    pavedRoad: 'db.prepare("… WHERE id = ?").get(id)',
  },
];

const SQL_METHODS = new Set(SQL_LIBRARIES.flatMap((l) => Object.keys(l.methods)));

export interface SqlSink {
  call: TSESTree.CallExpression;
  library: SqlLibrary;
  method: string;
  valuesStyle: ValuesStyle;
  /** The expression holding the query text. */
  text: Node;
}

/** If `call` sends SQL text to a known driver, describe the sink. */
export function sqlSinkOf(facts: Facts, call: TSESTree.CallExpression): SqlSink | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || call.arguments.length === 0) return undefined;
  const method = facts.calleeName(call);
  if (!method) return undefined;
  if (!SQL_METHODS.has(method)) return undefined;
  const origin = facts.receiverOrigin(call);
  if (!origin) return undefined;
  const pkg = packageOf(origin.module);
  const library = SQL_LIBRARIES.find((l) => l.packages.includes(pkg) && Object.hasOwn(l.methods, method));
  if (!library) return undefined;
  const first = unwrap(call.arguments[0]);
  if (first.type === 'SpreadElement') return undefined;
  // pg's config-object form: query({ text, values }).
  let text: Node = first;
  if (first.type === 'ObjectExpression') {
    const prop = first.properties.find((p): p is TSESTree.Property => p.type === 'Property' && !p.computed
      && ((p.key.type === 'Identifier' && (p.key.name === 'text' || p.key.name === 'sql'))));
    if (!prop) return undefined;
    text = prop.value;
  }
  return { call, library, method, valuesStyle: library.methods[method], text };
}
