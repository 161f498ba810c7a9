// The SQL sinks Paved Road knows, resolved through imports and the objects they create — never by
// method name alone. See ../../../../shared/reference/catalogue.md (SQL) for the sources.

import type { TSESTree } from '@typescript-eslint/types';
import { packageOf, unwrap, type Facts, type ModuleOrigin, type Node } from '../../../server/engine/facts';
import type { CalleeRef, TeamKnowledge } from '../../../server/engine/types';

/**
 * How a driver spells a bound value in the query text: `$1` (pg, postgres), `?` (mysql, sqlite,
 * knex), `:name` (sequelize, typeorm builder, oracledb), `@name` (mssql), `${v}` of a tagged
 * template (Prisma `$queryRaw`), or unknown (a receiver whose driver we cannot see).
 */
export type Placeholder = 'dollar' | 'question' | 'named' | 'at' | 'tagged' | 'unknown';

/** Where the bound values go. */
export type ValuesStyle =
  /** `query(sql, [v], cb?)` */
  | 'array-after-text'
  /** `prepare(sql).get(v)` (better-sqlite3) */
  | 'chained-call'
  /** `execute(sql, { name: v })` (oracledb, typeorm query builder, team sinks with named placeholders) */
  | 'object-after-text'
  /** `sequelize.query(sql, { replacements: { name: v } })` */
  | 'replacements'
  /** `request.input('name', v).query(sql)` (mssql) */
  | 'request-input'
  /** `prisma.$queryRawUnsafe(sql)` → `` prisma.$queryRaw`… ${v}` `` */
  | 'tagged'
  /** no bound values on this call (`exec`, `literal`, a driver we cannot see) */
  | 'none';

export interface SqlMethod {
  style: ValuesStyle;
  /** Extra condition on the receiver's module path, e.g. typeorm's `where` only on a query builder. */
  receiver?: (path: readonly string[]) => boolean;
}

export interface SqlLibrary {
  /** Shown in messages and fix titles. */
  name: string;
  packages: string[];
  /** Methods whose first argument is SQL text, and how each takes values. */
  methods: Record<string, ValuesStyle | SqlMethod>;
  placeholder: Placeholder;
  /** Characters that open a string literal in this dialect (MySQL also takes `"`; for the others it quotes identifiers). */
  stringQuotes: string;
  /** Shown in messages: the paved road for this library. */
  pavedRoad: string;
  /** How this library quotes an identifier safely, for sql/dynamic-identifier's message. */
  identifierRoad?: string;
}

const isQueryBuilder = (path: readonly string[]): boolean =>
  path.some((p) => p === 'createQueryBuilder' || /QueryBuilder$/.test(p));

export const SQL_LIBRARIES: SqlLibrary[] = [
  {
    name: 'pg',
    packages: ['pg', 'pg-pool'],
    methods: { query: 'array-after-text' },
    placeholder: 'dollar',
    stringQuotes: "'",
    pavedRoad: 'client.query("… WHERE id = $1", [id])',
    identifierRoad: 'pg-format `%I` or `escapeIdentifier` from pg',
  },
  {
    name: 'mysql',
    packages: ['mysql', 'mysql2'],
    methods: { query: 'array-after-text', execute: 'array-after-text' },
    placeholder: 'question',
    stringQuotes: `'"`,
    pavedRoad: 'connection.query("… WHERE id = ?", [id])',
    identifierRoad: '`??` with the name in the values, or `connection.escapeId(name)`',
  },
  {
    name: 'sqlite3',
    packages: ['sqlite3'],
    methods: {
      run: 'array-after-text',
      get: 'array-after-text',
      all: 'array-after-text',
      each: 'array-after-text',
      prepare: 'array-after-text',
      exec: 'none',
    },
    placeholder: 'question',
    stringQuotes: "'",
    pavedRoad: 'db.all("… WHERE id = ?", [id], callback)',
  },
  {
    name: 'better-sqlite3',
    packages: ['better-sqlite3'],
    methods: { prepare: 'chained-call', exec: 'none' },
    placeholder: 'question',
    stringQuotes: "'",
    pavedRoad: 'db.prepare("… WHERE id = ?").get(id)',
  },
  {
    name: 'knex',
    packages: ['knex'],
    methods: {
      raw: 'array-after-text',
      whereRaw: 'array-after-text',
      orWhereRaw: 'array-after-text',
      andWhereRaw: 'array-after-text',
      whereNotRaw: 'array-after-text',
      orWhereNotRaw: 'array-after-text',
      havingRaw: 'array-after-text',
      orHavingRaw: 'array-after-text',
      orderByRaw: 'array-after-text',
      joinRaw: 'array-after-text',
      groupByRaw: 'array-after-text',
      selectRaw: 'array-after-text',
      fromRaw: 'array-after-text',
    },
    placeholder: 'question',
    stringQuotes: "'",
    pavedRoad: 'knex.raw("… WHERE id = ?", [id])',
    identifierRoad: '`??` with the name in the bindings',
  },
  {
    name: 'sequelize',
    packages: ['sequelize', 'sequelize-typescript', '@sequelize/core'],
    methods: { query: 'replacements', literal: 'none' },
    placeholder: 'named',
    stringQuotes: "'",
    pavedRoad: 'sequelize.query("… WHERE id = :id", { replacements: { id } })',
  },
  {
    name: 'typeorm',
    packages: ['typeorm'],
    methods: {
      query: { style: 'none', receiver: (p) => !isQueryBuilder(p) },
      where: { style: 'object-after-text', receiver: isQueryBuilder },
      andWhere: { style: 'object-after-text', receiver: isQueryBuilder },
      orWhere: { style: 'object-after-text', receiver: isQueryBuilder },
      having: { style: 'object-after-text', receiver: isQueryBuilder },
      andHaving: { style: 'object-after-text', receiver: isQueryBuilder },
      orHaving: { style: 'object-after-text', receiver: isQueryBuilder },
      orderBy: { style: 'none', receiver: isQueryBuilder },
      addOrderBy: { style: 'none', receiver: isQueryBuilder },
    },
    placeholder: 'named',
    stringQuotes: "'",
    pavedRoad: 'qb.where("user.id = :id", { id }), or dataSource.query(sql, [id]) with the driver\'s placeholders',
  },
  {
    name: 'mssql',
    packages: ['mssql'],
    methods: { query: 'request-input', batch: 'request-input' },
    placeholder: 'at',
    stringQuotes: "'",
    pavedRoad: 'request.input("id", id).query("… WHERE id = @id")',
  },
  {
    name: 'oracledb',
    packages: ['oracledb'],
    methods: { execute: 'object-after-text' },
    placeholder: 'named',
    stringQuotes: "'",
    pavedRoad: 'connection.execute("… WHERE id = :id", { id })',
  },
  {
    name: 'pg-promise',
    packages: ['pg-promise'],
    methods: Object.fromEntries(
      [
        'query',
        'none',
        'one',
        'many',
        'any',
        'oneOrNone',
        'manyOrNone',
        'result',
        'multi',
        'multiResult',
        'each',
        'map',
      ].map((m) => [m, 'array-after-text' as const]),
    ),
    placeholder: 'dollar',
    stringQuotes: "'",
    pavedRoad: 'db.any("… WHERE id = $1", [id])',
    identifierRoad: '`$1:name` with the name in the values',
  },
  {
    name: 'prisma',
    packages: ['@prisma/client'],
    methods: { $queryRawUnsafe: 'tagged', $executeRawUnsafe: 'tagged' },
    placeholder: 'tagged',
    stringQuotes: "'",
    pavedRoad: 'prisma.$queryRaw`… WHERE id = ${id}`',
  },
  {
    name: 'postgres',
    packages: ['postgres'],
    methods: { unsafe: 'array-after-text' },
    placeholder: 'dollar',
    stringQuotes: "'",
    pavedRoad: 'sql`… WHERE id = ${id}` (or sql.unsafe("… $1", [id]))',
    identifierRoad: 'sql(name) inside the tagged template',
  },
];

/** tedious: `new Request(sql, callback)`; values go through `request.addParameter(name, TYPES.X, v)`. */
const TEDIOUS: SqlLibrary = {
  name: 'tedious',
  packages: ['tedious'],
  methods: { Request: 'none' },
  placeholder: 'at',
  stringQuotes: "'",
  pavedRoad: 'new Request("… WHERE id = @id", cb); request.addParameter("id", TYPES.Int, id)',
};

/** A receiver we cannot resolve (`require('./db').query(…)`), used only when the text is unmistakably SQL. */
export const UNKNOWN_DRIVER: SqlLibrary = {
  name: 'the database driver',
  packages: [],
  methods: { query: 'none', execute: 'none' },
  placeholder: 'unknown',
  stringQuotes: "'",
  pavedRoad: 'db.query("… WHERE id = $1" (or ?), [id]) with the driver\'s placeholders',
};

const SQL_METHODS = new Set(SQL_LIBRARIES.flatMap((l) => Object.keys(l.methods)));

export interface SqlSink {
  call: TSESTree.CallExpression | TSESTree.NewExpression;
  library: SqlLibrary;
  method: string;
  valuesStyle: ValuesStyle;
  /** The expression holding the query text. */
  text: Node;
  /** Index of the text among the call's arguments (0 for drivers; a wrapper may take it later). */
  textIndex: number;
  /** Index of the values argument, for wrappers whose values parameter reaches the driver. */
  valuesIndex: number;
  /** The wrapper functions the text passed through, innermost first (for steps and messages). */
  via?: { call: Node; name: string }[];
}

function methodSpec(library: SqlLibrary, method: string): SqlMethod | undefined {
  if (!Object.hasOwn(library.methods, method)) return undefined;
  const m = library.methods[method];
  return typeof m === 'string' ? { style: m } : m;
}

/** The receiver's origin for `recv.method(…)`, or the origin of `method` itself for `import { literal } from 'sequelize'`. */
function calleeOrigin(
  facts: Facts,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  method: string,
): ModuleOrigin | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression') return facts.moduleOf(callee.object);
  if (callee.type === 'Identifier') {
    const origin = facts.moduleOf(callee);
    if (origin && origin.path[origin.path.length - 1] === method)
      return { module: origin.module, path: origin.path.slice(0, -1) };
  }
  return undefined;
}

const SQL_START =
  /^\s*\(?\s*(?:SELECT\s[\s\S]*\bFROM\b|INSERT\s+INTO\b|UPDATE\s[\s\S]*\bSET\b|DELETE\s+FROM\b|REPLACE\s+INTO\b|WITH\s+\w+\s+AS\b)/i;

/** The constant text a query starts with (for the "unmistakable SQL" test on unknown receivers). */
function leadingText(facts: Facts, node: Node, depth = 0): string {
  const n = unwrap(node);
  if (depth > 20) return '';
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral') return n.quasis.map((q) => q.value.cooked ?? '').join(' ');
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const c = facts.constantOf(n.left);
    return (
      (typeof c?.value === 'string' ? c.value : leadingText(facts, n.left, depth + 1)) +
      ' ' +
      leadingText(facts, n.right, depth + 1)
    );
  }
  if (n.type === 'Identifier') {
    const variable = facts.variableOf(n);
    const init = variable?.defs[0]?.type === 'Variable' ? variable.defs[0].node.init : undefined;
    if (!variable || !init) return '';
    let s = leadingText(facts, init, depth + 1);
    for (const w of facts.writesOf(variable))
      if (w.operator === '+=') s += ' ' + leadingText(facts, w.value, depth + 1);
    return s;
  }
  return '';
}

const TYPEORM_DIALECTS: Record<string, 'dollar' | 'question'> = {
  postgres: 'dollar',
  cockroachdb: 'dollar',
  mysql: 'question',
  mariadb: 'question',
  sqlite: 'question',
  'better-sqlite3': 'question',
  sqljs: 'question',
  capacitor: 'question',
  cordova: 'question',
  expo: 'question',
  'react-native': 'question',
  aurora: 'question',
};

/** The placeholder style of the one TypeORM DataSource (or connection options) created in this file, if exactly one. */
function typeormDialect(facts: Facts): 'dollar' | 'question' | undefined {
  const found = new Set<'dollar' | 'question' | 'other'>();
  for (const type of ['NewExpression', 'CallExpression'] as const) {
    for (const node of facts.nodesOfType(type)) {
      const name = facts.calleeName(node);
      if (name !== 'DataSource' && name !== 'createConnection' && name !== 'Connection') continue;
      const origin = facts.moduleOf(node.callee);
      if (!origin || packageOf(origin.module) !== 'typeorm') continue;
      const options = node.arguments[0] && unwrap(node.arguments[0]);
      if (options?.type !== 'ObjectExpression') {
        found.add('other');
        continue;
      }
      const typeProp = options.properties.find(
        (p): p is TSESTree.Property =>
          p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'type',
      );
      const value = typeProp && facts.constantOf(typeProp.value)?.value;
      found.add(
        typeof value === 'string' && Object.hasOwn(TYPEORM_DIALECTS, value) ? TYPEORM_DIALECTS[value] : 'other',
      );
    }
  }
  const only = found.size === 1 ? [...found][0] : undefined;
  return only === 'other' ? undefined : only;
}

/** A team's sink from `paved-road.json`: its placeholder decides the fix. */
function teamLibrary(ref: CalleeRef & { placeholder?: 'dollar' | 'question' | 'named' }): SqlLibrary {
  const placeholder = ref.placeholder ?? 'unknown';
  const marker =
    placeholder === 'dollar' ? '$1' : placeholder === 'question' ? '?' : placeholder === 'named' ? ':id' : '…';
  const values = placeholder === 'named' ? '{ id }' : '[id]';
  return {
    name: ref.module ? `${ref.module} ${ref.name}` : ref.name,
    packages: [],
    methods: {},
    placeholder,
    stringQuotes: "'",
    pavedRoad: `${ref.name}("… WHERE id = ${marker}", ${values})`,
  };
}

function teamStyle(placeholder: Placeholder): ValuesStyle {
  return placeholder === 'dollar' || placeholder === 'question'
    ? 'array-after-text'
    : placeholder === 'named'
      ? 'object-after-text'
      : 'none';
}

/** If `call` sends SQL text to a known driver (or a sink the team's config names), describe the sink. */
export function sqlSinkOf(
  facts: Facts,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  knowledge: Readonly<TeamKnowledge> = {},
): SqlSink | undefined {
  if (call.arguments.length === 0) return undefined;
  const first = unwrap(call.arguments[0]);
  if (first.type === 'SpreadElement') return undefined;
  const method = facts.calleeName(call);
  if (!method) return undefined;
  const make = (library: SqlLibrary, style: ValuesStyle): SqlSink | undefined => {
    // pg's and mysql's config-object form: query({ text, values }) / query({ sql, values }).
    let text: Node = first;
    if (first.type === 'ObjectExpression') {
      const prop = first.properties.find(
        (p): p is TSESTree.Property =>
          p.type === 'Property' &&
          !p.computed &&
          p.key.type === 'Identifier' &&
          (p.key.name === 'text' || p.key.name === 'sql'),
      );
      if (!prop) return undefined;
      text = prop.value;
      style = 'none';
    }
    return { call, library, method, valuesStyle: style, text, textIndex: 0, valuesIndex: 1 };
  };

  for (const ref of knowledge.sqlSinks ?? []) {
    if (call.type === 'CallExpression' && facts.calleeMatches(call, ref)) {
      const library = teamLibrary(ref);
      return make(library, teamStyle(library.placeholder));
    }
  }

  if (call.type === 'NewExpression') {
    if (method !== 'Request') return undefined;
    const origin = facts.moduleOf(call.callee);
    return origin && packageOf(origin.module) === 'tedious' ? make(TEDIOUS, 'none') : undefined;
  }
  if (!SQL_METHODS.has(method)) return undefined;
  const origin = calleeOrigin(facts, call, method);
  if (origin) {
    const pkg = packageOf(origin.module);
    for (const library of SQL_LIBRARIES) {
      if (!library.packages.includes(pkg)) continue;
      const spec = methodSpec(library, method);
      if (spec && (!spec.receiver || spec.receiver(origin.path))) {
        if (library.name === 'typeorm' && method === 'query') {
          // `dataSource.query` speaks the driver's dialect: the DataSource's `type` in this file tells which.
          const placeholder = typeormDialect(facts);
          if (placeholder)
            return make(
              {
                ...library,
                placeholder,
                pavedRoad: `dataSource.query("… WHERE id = ${placeholder === 'dollar' ? '$1' : '?'}", [id])`,
              },
              'array-after-text',
            );
        }
        return make(library, spec.style);
      }
    }
    // A package we know is not a database; a module of this project (`./db`) may well export a pool.
    if (!/^(?:\.|\/|@\/|~\/|src\/)/.test(origin.module)) return undefined;
  }
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  // porsager's postgres handed in as a value (`(sql, slug) => sql.unsafe(text)`, a Fastify
  // decorator passed along): the same binding is a tag elsewhere in the file (sql`…`) and has `unsafe`.
  if (
    method === 'unsafe' &&
    unwrap(callee.object).type === 'Identifier' &&
    taggedWith(facts, (unwrap(callee.object) as TSESTree.Identifier).name)
  ) {
    return make(SQL_LIBRARIES.find((l) => l.name === 'postgres')!, 'array-after-text');
  }
  // Prisma's raw methods are unmistakable by name, even on a client exported by another module.
  if (method === '$queryRawUnsafe' || method === '$executeRawUnsafe')
    return make(SQL_LIBRARIES.find((l) => l.name === 'prisma')!, 'tagged');
  // A receiver we cannot see (`const db = require('./db')`): only `query`/`execute` with text that is unmistakably SQL.
  if ((method === 'query' || method === 'execute') && SQL_START.test(leadingText(facts, first))) {
    const dialect = dialectInUse(facts, facts.source(callee.object), method);
    if (!dialect) return make(UNKNOWN_DRIVER, 'none');
    return make(
      {
        ...UNKNOWN_DRIVER,
        name: `${facts.source(callee.object)}.${method}`,
        placeholder: dialect,
        pavedRoad: `${facts.source(callee.object)}.${method}("… WHERE id = ${dialect === 'dollar' ? '$1' : '?'}", [id])`,
      },
      'array-after-text',
    );
  }
  return undefined;
}

/** Whether a tagged template in this file uses a tag of this name (`sql\`…\``). */
function taggedWith(facts: Facts, name: string): boolean {
  return facts.nodesOfType('TaggedTemplateExpression').some((t) => {
    const tag = unwrap(t.tag);
    return tag.type === 'Identifier' && tag.name === name;
  });
}

/**
 * For a receiver we cannot resolve, the placeholder style its other calls in this file already use
 * with a values array (`db.query('… $1', [id])` elsewhere) — one style only, or none.
 */
function dialectInUse(facts: Facts, receiver: string, method: string): 'dollar' | 'question' | undefined {
  const styles = new Set<'dollar' | 'question'>();
  for (const call of facts.nodesOfType('CallExpression')) {
    const callee = unwrap(call.callee);
    if (
      callee.type !== 'MemberExpression' ||
      facts.calleeName(call) !== method ||
      facts.source(callee.object) !== receiver
    )
      continue;
    const text = call.arguments[0] && facts.constantOf(call.arguments[0])?.value;
    const values = call.arguments[1] && unwrap(call.arguments[1]);
    if (typeof text !== 'string' || values?.type !== 'ArrayExpression') continue;
    if (/\$\d/.test(text)) styles.add('dollar');
    if (/\?/.test(text)) styles.add('question');
  }
  return styles.size === 1 ? [...styles][0] : undefined;
}
