// The project model's vocabulary (issue 23): what one module says about itself to the modules that
// import it. A summary is computed from that module's own analysis alone (summarize.ts), is small
// and plain JSON (the CLI caches it with the file's result; the editor keeps one per file), and
// reaches another file's analysis only through `AnalysisConfig.imports`, which a front door fills
// after resolving the file's import specifiers (resolve.ts). The engine never reads a file.

/** Where, in the summarised module, a fact was seen: 0-based line/column pairs (for steps in other files). */
export interface Place {
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What a value a function returns carries. */
export interface ReturnFlow {
  /** Positions of the parameters whose value reaches the returned text (`where += f.patient` → 0). */
  params: number[];
  /** Outside data read inside the function itself (`req.query.x`), by description. */
  outside?: string;
  /** The text is assembled (template, `+`, `concat`, `join`, a builder) rather than passed through. */
  built: boolean;
  /** `html`: the value is markup assembled from a part that is not escaped. */
  html?: boolean;
  /** Where the text is assembled. */
  at: Place;
  /** One line for a data-flow step: how it is assembled. */
  how: string;
}

/** A parameter of an exported function that reaches a sink inside it. */
export interface ParamSink {
  param: number;
  kind: 'sql' | 'html' | 'secret';
  /** The driver method or sink name (`query`, `send`, `createHmac`). */
  method: string;
  at: Place;
}

export interface FunctionSummary {
  /** Per property of a returned object literal whose value carries data (`{ text, values }` → text). */
  props?: Record<string, ReturnFlow | null>;
  returns?: ReturnFlow;
  sinks?: ParamSink[];
  /** The audit events written on some path of the function (event names; '' when not a constant). */
  audit?: { events: string[]; at: Place };
  /** It stores a new password, second-factor setting or e-mail address, or deletes an account after checking the credential itself (the account change is decided there). */
  stores?: true;
  /** It checks a credential (a password, a code) and acts on the answer: the decision is its own, reported there. */
  decides?: true;
  /** It returns a function that writes an audit event (an audit middleware factory: `auditTrail('x')`). */
  returnsAuditing?: boolean;
  /** Categories for which its result is escaped/sanitized (`escapeHtml` → ['xss']). */
  sanitizes?: string[];
  /** It returns markup (its constant text holds tags): what in it is not escaped (issue 23, XSS through helpers). */
  htmlReturn?: HtmlReturn;
  /**
   * Every value it returns is safe as SQL text whatever its arguments: constants, numbers, a lookup
   * in a constant table (`TABLES[kind] ?? null`), placeholders (`'(' + Array(n).fill('?').join() + ')'`
   * → `placeholder`). A caller's query text may splice its result.
   */
  sqlSafe?: 'value' | 'placeholder';
}

/** The markup a function returns: `'<b>' + name + '</b>'` → params [0]; every part escaped → params []. */
export interface HtmlReturn {
  /** Positions of the parameters whose value reaches the markup unescaped (the caller's arguments decide). */
  params: number[];
  /** A part that is no parameter's value is unescaped (outside data, an opaque call): the markup is never safe. */
  opaque?: true;
  /** Where the markup is assembled. */
  at: Place;
  how: string;
}

export interface ExportSummary {
  /** The exported value comes from a package: `module.exports = new Pool()` → { module: 'pg', path: ['Pool'] }. */
  origin?: { module: string; path: string[] };
  fn?: FunctionSummary;
  /** Members of an exported object, class or instance (methods, nested config values). */
  members?: Record<string, ExportSummary>;
  /** A compile-time number or boolean (never a string: it may be a secret, and summaries are cached). */
  constant?: number | boolean;
}

export interface ModuleSummary {
  v: 1;
  /** Every module specifier the file imports, requires or re-exports, as written. */
  imports: string[];
  /** Exported names (`default` for `module.exports =`, `export =`, `export default`). */
  exports: Record<string, ExportSummary>;
  /** `export * from './x'` and `export { a as b } from './x'`: resolved by the front door's lookup. */
  reexports?: { from: string; name?: string; as?: string }[];
  /**
   * Routes this module registers with a handler of another module (`app.post('/x', requireAuth,
   * auditTrail('x'), account.changePassword)`): the handler and middleware as module references
   * (specifier as written, export path), so the handler's own analysis learns how it is reached.
   */
  routes?: RouteSummary[];
  /**
   * Routers of other modules this module mounts (`app.use('/feeds', requireUser, catalogRoutes)`):
   * the prefix, and the controls the middleware in front of the mount provides (classified here,
   * where the middleware's imports resolve), so the router's own routes learn how they are reached.
   */
  mounts?: MountSummary[];
  /**
   * NestJS global guards this module installs (`{ provide: APP_GUARD, useClass: JwtAuthGuard }`,
   * `app.useGlobalGuards(…)`): what they provide, for every controller of the project.
   */
  globalGuards?: {
    controls: { control: string; what: string }[];
    line: number;
    /** A middleware applied with `consumer.apply(M).forRoutes(…)`: the routes it covers (absent: every route). */
    routes?: { path?: string; method?: string; controller?: string }[];
    /** hapi's `server.auth.default(…)`: it covers the routes of every module of the server (not only NestJS controllers). */
    framework?: 'hapi';
  }[];
  /** A Next.js `middleware.ts` that signs the caller in: its matchers (`[]`: every path), for the routes under its app/ and pages/api/. */
  nextMiddleware?: { matchers: string[]; controls: { control: string; what: string }[]; line: number };
  /** A bound cut something (too many exports, too large): the summary is partial. */
  truncated?: true;
  /**
   * Functions of other modules its exported functions call (`from`: the caller's export path,
   * `callee`: specifier as written and export path), so a service learns which route handlers
   * reach it (`Caller`): one decision, reported at the layer that owns it (issue 23).
   */
  calls?: { from: string[]; callee: ModuleRef }[];
  /** Passport login strategies this module defines (`passport.use(new LocalStrategy(…))`): their names and lines. */
  passportStrategies?: { name: string; line: number }[];
  /**
   * Values of other modules this module uses at a secret sink (`createHmac('sha256',
   * config.receipts.linkKey)`): the module reference and where; never the value (issue 23).
   * Also the values used as a defaults option (sink `defaults:<what>`: a TLS flag, session options).
   */
  secretUses?: SecretUseSummary[];
  /**
   * Views this module renders (`res.render('account/login', { title: 'Login', options: JSON.stringify(o) })`):
   * the view name as written and the locals it passes whose value is safe as markup (issue 23).
   */
  renders?: ViewRender[];
}

/** A value read from another module and used as a key or password here. */
export interface SecretUseSummary {
  ref: ModuleRef;
  /** The sink, by its description (`the HMAC key`): the defining module judges its own literal with it. */
  sink: string;
  at: Place;
}

/** How another module uses one of this module's exported values at a secret sink (the front door resolves it). */
export interface SecretUse {
  /** The export path of the value in this module (`['receipts', 'linkKey']`; calls are transparent). */
  name: string[];
  sink: string;
  /** The using file (as the front door names it) and the place of the sink call there. */
  file: string;
  at: Place;
}

/** One `res.render(view, locals)`: the locals whose value no markup can reach (names only, never values). */
export interface ViewRender {
  view: string;
  /** Locals given a constant, escaped or numeric value, or JSON of data no request carries. */
  safe: string[];
  line: number;
}

/** How another module renders this template (the front door resolves the view name to the file). */
export interface RenderedBy {
  /** The rendering file and line. */
  file: string;
  line: number;
  safe: string[];
}

export interface ModuleRef {
  module: string;
  path: string[];
}

export interface RouteSummary {
  method: string;
  path: string;
  /** `called`: the handler is what a factory of the other module returns (`app.post('/login', login())`). */
  handler: ModuleRef & { called?: true };
  /** Middleware of other modules before the handler; `called`: a factory call (`auditTrail('x')`). */
  middleware: (ModuleRef & { called: boolean })[];
  /** A middleware of this module before the handler writes an audit event. */
  audited: boolean;
  line: number;
}

export interface MountSummary {
  router: ModuleRef;
  /** The mount's path prefix ('' for none). */
  prefix: string;
  /** What the middleware in front of the mount provides (route controls and the table's other signals), with its text. */
  controls: { control: string; what: string }[];
  line: number;
  /** The export names of the router that mounts it (`api.use('/admin', admin)` with `module.exports = api`: ['default']), so the project can chain mounts. */
  by?: string[];
}

/** How another module mounts one of this module's exported routers (the front door resolves it). */
export interface Mount {
  /** The export path of the router in this module (`['stockRouter']`, `['default']`). */
  name: string[];
  prefix: string;
  controls: { control: string; what: string }[];
  /** The mounting file and line (for the table's evidence). */
  file: string;
  line: number;
  /** A NestJS global guard of another module: it covers every controller route (name is empty). */
  global?: true;
  /** With `global`: a Next.js middleware's matchers; it covers the routes whose path they match. */
  matchers?: string[];
  /** With `global`: the NestJS routes a `forRoutes(…)` middleware covers (absent: every controller route). */
  routes?: { path?: string; method?: string; controller?: string }[];
  /** With `global`: hapi's default auth strategy set in another module of the server, for its routes. */
  framework?: 'hapi';
  /**
   * The outer mounts of the mounting router, innermost first (`app.use('/api', api)` where api.js
   * mounts this router): their prefixes are in `prefix` and their controls in `controls` already.
   * At most `MAX_MOUNT_CHAIN` - 1 entries; a cycle ends the chain.
   */
  via?: { file: string; line: number; prefix: string }[];
}

/** How many mounts deep the project follows a router (`app` → `api` → `admin` → … routes). */
export const MAX_MOUNT_CHAIN = 4;

/** How another module registers one of this module's exports as a route handler (the front door resolves it). */
export interface Registration {
  /** The export path of the handler in this module (`['changePassword']`, `['default']`). */
  name: string[];
  /** The handler is the function that export returns when called (a handler factory: `login()`). */
  called?: true;
  method: string;
  path: string;
  /** The registering file and line (for messages). */
  file: string;
  line: number;
  /** An audit middleware in the route's chain writes the event for the route. */
  audited: boolean;
}

/** A function of another module that calls one of this module's exports (the front door resolves it). */
export interface Caller {
  /** The export path of the called function in this module (`['changeOwnPassword']`). */
  name: string[];
  /** The calling module and line of its registration or definition (for messages). */
  file: string;
  /** The caller is a route handler registered with an audit middleware, or writes an audit event itself. */
  audited: boolean;
}

/** A Passport strategy another module of the project defines: routes authenticating with it leave its outcomes to it. */
export interface StrategyRef {
  name: string;
  file: string;
  line: number;
}

/** A summary handed to the analysis of a file that imports it, with that module's path (for steps). */
export interface ImportedModule {
  file: string;
  summary: ModuleSummary;
}

/** Specifier as written in the importing file → the module it resolves to, with its summary. */
export type ImportedSummaries = Record<string, ImportedModule>;

/** Bounds: a summary is small whatever the module. */
export const SUMMARY_LIMITS = { exports: 200, members: 100, depth: 3, sinksPerFunction: 8 } as const;

/** The export a module path reaches (`['Repo', 'search']` → members of `Repo`), also through `default`. */
export function exportAt(summary: ModuleSummary, path: readonly string[]): ExportSummary | undefined {
  const walk = (start: ExportSummary | undefined, rest: readonly string[]): ExportSummary | undefined => {
    let cur = start;
    for (const name of rest) {
      if (!cur) return undefined;
      if (name === 'prototype') continue;
      cur = cur.members && Object.hasOwn(cur.members, name) ? cur.members[name] : undefined;
    }
    return cur;
  };
  if (path.length === 0) return summary.exports.default;
  const [first, ...rest] = path;
  if (Object.hasOwn(summary.exports, first)) return walk(summary.exports[first], rest);
  if (first === 'default') return walk(summary.exports.default, rest);
  return walk(summary.exports.default, path);
}
