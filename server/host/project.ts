// The CLI's project model (issue 23): the scanned files' summaries (phase 1, computed with each
// file's analysis and cached with it), module resolution over the scanned file set, and, per file,
// the summaries of the modules it imports (phase 2's `AnalysisConfig.imports`). Only modules whose
// summary can change another file's findings count (a function fact or a package origin): a file
// importing none of those is not analysed again. Re-exports (`export * from`, `export { a } from`)
// are followed to a bounded depth, cycles cut.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { ModuleResolver, type ProjectFiles } from '../engine/project/resolve';
import {
  exportAt,
  type ExportSummary,
  type ImportedSummaries,
  type ModuleSummary,
  type Mount,
  MAX_MOUNT_CHAIN,
  type Registration,
  type Caller,
  type StrategyRef,
  type SecretUse,
} from '../engine/project/types';
import type { RenderedBy } from '../engine/project/types';

const MAX_JSON_BYTES = 1024 * 1024;
const MAX_REEXPORT_DEPTH = 4;
/** At most this many imported modules are handed to one file's analysis. */
const MAX_IMPORTS_PER_FILE = 64;

/** Reads package.json / tsconfig.json as data (JSONC, size-capped, no links followed), once each. */
export function fsProjectFiles(root: string, files: Iterable<string>): ProjectFiles {
  const set = new Set(files);
  const json = new Map<string, unknown>();
  return {
    root,
    has: (file) => set.has(file),
    readJson(file) {
      if (json.has(file)) return json.get(file);
      let value: unknown;
      try {
        const stat = fs.lstatSync(file);
        if (stat.isFile() && stat.size <= MAX_JSON_BYTES)
          value = parseJsonc(fs.readFileSync(file, 'utf8'), [], { allowTrailingComma: true });
      } catch {
        value = undefined;
      }
      json.set(file, value);
      return value;
    },
  };
}

/** Template documents a `res.render` can name. */
const TEMPLATE_FILE = /\.(?:ejs|eta|pug|jade|hbs|handlebars|mustache|njk|nunjucks|html|swig|twig)$/i;

function relevant(e: ExportSummary | undefined, depth = 0): boolean {
  if (!e || depth > 4) return false;
  if (
    e.origin ||
    (e.fn &&
      (e.fn.returns ||
        e.fn.sinks ||
        e.fn.audit ||
        e.fn.returnsAuditing ||
        e.fn.stores ||
        e.fn.htmlReturn ||
        e.fn.sanitizes ||
        e.fn.decides ||
        (e.fn.props && Object.values(e.fn.props).some((p) => p !== undefined))))
  )
    return true;
  return Object.values(e.members ?? {}).some((m) => relevant(m, depth + 1));
}

export class ProjectIndex {
  private readonly summaries = new Map<string, ModuleSummary>();
  private inOrder?: [string, ModuleSummary][];
  private readonly resolver: ModuleResolver;
  private readonly flattened = new Map<string, ModuleSummary | null>();
  private registered?: Map<string, Registration[]>;
  private mounted?: Map<string, Mount[]>;
  private called?: Map<string, Caller[]>;
  private secretsUsed?: Map<string, SecretUse[]>;
  private renderedBy?: Map<string, (RenderedBy & { view: string })[]>;

  constructor(
    readonly root: string,
    files: readonly string[],
    private readonly display: (file: string) => string = (f) => path.relative(root, f) || f,
  ) {
    const absolute = files.map((f) => path.resolve(f));
    const dirs = new Set(absolute.map((f) => path.dirname(f)));
    const packageDirs = [...dirs].filter((d) => fs.existsSync(path.join(d, 'package.json')));
    this.resolver = new ModuleResolver(fsProjectFiles(root, absolute), packageDirs);
  }

  set(file: string, summary: ModuleSummary | undefined): void {
    this.flattened.clear();
    this.registered = undefined;
    this.mounted = undefined;
    this.called = undefined;
    this.secretsUsed = undefined;
    this.renderedBy = undefined;
    this.inOrder = undefined;
    if (summary) this.summaries.set(path.resolve(file), summary);
    else this.summaries.delete(path.resolve(file));
  }

  /**
   * The summaries by file path, whatever order they arrived in (workers finish in any order, a warm
   * run reads them from the cache): what other modules hand a file is part of its cache key, so
   * lists built from them must not depend on arrival order.
   */
  private ordered(): [string, ModuleSummary][] {
    this.inOrder ??= [...this.summaries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.inOrder;
  }

  has(file: string): boolean {
    return this.summaries.has(path.resolve(file));
  }

  summaryOf(file: string): ModuleSummary | undefined {
    return this.summaries.get(path.resolve(file));
  }

  /** The files that import `file` (directly or through one re-exporting module). */
  dependentsOf(file: string): string[] {
    const target = path.resolve(file);
    const direct = new Set<string>();
    for (const from of this.summaries.keys())
      if (from !== target && this.targets(from).includes(target)) direct.add(from);
    const out = new Set(direct);
    for (const via of direct) {
      if (!this.summaries.get(via)?.reexports?.length) continue;
      for (const from of this.summaries.keys()) if (from !== target && this.targets(from).includes(via)) out.add(from);
    }
    return [...out];
  }

  /** The files a NestJS global guard or a Next.js middleware of `file` covers, or whose router it mounts further out (their tables change with it). */
  coveredBy(file: string): string[] {
    const from = this.display(path.resolve(file));
    const out: string[] = [];
    for (const target of this.summaries.keys())
      if (this.mountsFor(target)?.some((m) => (m.global && m.file === from) || m.via?.some((v) => v.file === from)))
        out.push(target);
    return out;
  }

  /** The files `file` imports that resolve to a project file (whether summarised yet or not). */
  targets(file: string): string[] {
    const summary = this.summaries.get(path.resolve(file));
    if (!summary) return [];
    const out = new Set<string>();
    for (const spec of summary.imports) {
      const target = this.resolver.resolve(path.resolve(file), spec);
      if (target) out.add(target);
    }
    return [...out];
  }

  /** The summaries of the modules `file` imports that can change its findings; undefined when none. */
  importsFor(file: string): ImportedSummaries | undefined {
    const abs = path.resolve(file);
    const summary = this.summaries.get(abs);
    if (!summary) return undefined;
    const out: ImportedSummaries = {};
    let n = 0;
    for (const spec of summary.imports) {
      if (n >= MAX_IMPORTS_PER_FILE) break;
      const target = this.resolver.resolve(abs, spec);
      if (!target || target === abs) continue;
      const flat = this.flatten(target, 0, new Set());
      if (!flat || !Object.values(flat.exports).some((e) => relevant(e))) continue;
      out[spec] = { file: this.display(target), summary: flat };
      n++;
    }
    return n ? out : undefined;
  }

  /** How other modules register `file`'s exports as route handlers; undefined when none does. */
  registrationsFor(file: string): Registration[] | undefined {
    if (!this.registered) {
      this.registered = new Map();
      for (const [from, summary] of this.ordered()) {
        for (const route of summary.routes ?? []) {
          const target = this.resolver.resolve(from, route.handler.module);
          if (!target) continue;
          const audited =
            route.audited ||
            route.middleware.some((m) => {
              const where = this.resolver.resolve(from, m.module);
              const s = where ? this.flatten(where, 0, new Set()) : undefined;
              const fn = s ? exportAt(s, m.path)?.fn : undefined;
              return !!fn && (m.called ? !!fn.returnsAuditing : !!fn.audit);
            });
          const list = this.registered.get(target) ?? [];
          if (list.length < 200)
            list.push({
              name: route.handler.path,
              ...(route.handler.called ? { called: true as const } : {}),
              method: route.method,
              path: route.path,
              file: this.display(from),
              line: route.line,
              audited,
            });
          this.registered.set(target, list);
        }
      }
    }
    return this.registered.get(path.resolve(file));
  }

  /** How other modules mount `file`'s exported routers (prefix, controls in front); undefined when none does. */
  mountsFor(file: string): Mount[] | undefined {
    if (!this.mounted) {
      this.mounted = new Map();
      const direct = new Map<string, { mount: Mount; from: string; by?: string[] }[]>();
      for (const [from, summary] of this.ordered()) {
        for (const m of summary.mounts ?? []) {
          const target = this.resolver.resolve(from, m.router.module);
          if (!target || target === from) continue;
          const list = direct.get(target) ?? [];
          if (list.length < 50)
            list.push({
              mount: {
                name: m.router.path,
                prefix: m.prefix,
                controls: m.controls,
                file: this.display(from),
                line: m.line,
              },
              from,
              ...(m.by ? { by: m.by } : {}),
            });
          direct.set(target, list);
        }
      }
      for (const [target, list] of direct) this.mounted.set(target, chainMounts(direct, target, list));
      // NestJS global guards cover every controller of the project: each module that imports @nestjs/common gets them.
      // A NestJS application's global guards cover its controllers: the modules that import @nestjs/common
      // under the same source root (the nearest `src` folder above the guard's module, else its folder;
      // one application of a monorepo does not lend its guards to another).
      const globals: { root: string; mount: Mount }[] = [];
      for (const [from, summary] of this.ordered())
        for (const g of summary.globalGuards ?? [])
          if (globals.length < 16)
            globals.push({
              // A hapi plugin that sets the default (`plugins/auth.js`) sits beside the route plugins (`routes/`).
              root:
                g.framework === 'hapi' && !path.dirname(from).split(path.sep).includes('src')
                  ? path.dirname(path.dirname(from))
                  : sourceRoot(from),
              mount: {
                name: [],
                prefix: '',
                controls: g.controls,
                file: this.display(from),
                line: g.line,
                global: true,
                ...(g.routes ? { routes: g.routes } : {}),
                ...(g.framework ? { framework: g.framework } : {}),
              },
            });
      if (globals.length)
        for (const [target, summary] of this.summaries) {
          // hapi's default strategy reaches every other module under the root (its route plugins import nothing of hapi).
          const nest = summary.imports.includes('@nestjs/common') && !summary.globalGuards?.some((g) => !g.framework);
          const mine = globals
            .filter(
              (g) =>
                (g.mount.framework === 'hapi' ? !summary.globalGuards?.some((o) => o.framework) : nest) &&
                target.startsWith(g.root + path.sep),
            )
            .map((g) => g.mount);
          if (mine.length) this.mounted.set(target, [...(this.mounted.get(target) ?? []), ...mine]);
        }
      // A Next.js middleware.ts (project root or src/) covers the route files of its app/ and pages/api/ by its matcher.
      for (const [from, summary] of this.ordered()) {
        const mw = summary.nextMiddleware;
        if (!mw || !/^middleware\.[cm]?[jt]s$/.test(path.basename(from))) continue;
        const root = path.dirname(from);
        const entry: Mount = {
          name: [],
          prefix: '',
          controls: mw.controls,
          file: this.display(from),
          line: mw.line,
          global: true,
          matchers: mw.matchers,
        };
        for (const target of this.summaries.keys()) {
          const rel = path.relative(root, target).split(path.sep).join('/');
          if (/^(app\/(.*\/)?route|pages\/api\/.*)\.[cm]?[jt]sx?$/.test(rel))
            this.mounted.set(target, [...(this.mounted.get(target) ?? []), entry]);
        }
      }
    }
    return this.mounted.get(path.resolve(file));
  }

  /**
   * The functions of other modules that call `file`'s exports, each with whether it audits: a
   * route handler registered with an audit middleware, or a function that writes the event itself.
   */
  callersFor(file: string): Caller[] | undefined {
    if (!this.called) {
      this.called = new Map();
      const key = (p: readonly string[]): string => p.filter((s) => s !== 'default' && s !== 'prototype').join('.');
      for (const [from, summary] of this.ordered()) {
        if (!summary.calls?.length) continue;
        const registrations = this.registrationsFor(from) ?? [];
        for (const c of summary.calls) {
          const target = this.resolver.resolve(from, c.callee.module);
          if (!target || target === from) continue;
          const caller = key(c.from);
          const audited =
            registrations.some((r) => r.audited && key(r.name) === caller) || !!exportAt(summary, c.from)?.fn?.audit;
          const list = this.called.get(target) ?? [];
          if (list.length < 200) list.push({ name: c.callee.path, file: this.display(from), audited });
          this.called.set(target, list);
        }
      }
    }
    return this.called.get(path.resolve(file));
  }

  /** The Passport strategies other modules define, for a module that imports passport; undefined when none. */
  strategiesFor(file: string): StrategyRef[] | undefined {
    const abs = path.resolve(file);
    if (!this.summaries.get(abs)?.imports.includes('passport')) return undefined;
    const out: StrategyRef[] = [];
    for (const [from, summary] of this.ordered())
      for (const s of summary.passportStrategies ?? [])
        if (from !== abs && out.length < 16) out.push({ name: s.name, file: this.display(from), line: s.line });
    return out.length ? out : undefined;
  }

  /** How other modules use `file`'s exported values as keys or passwords; undefined when none does. */
  secretUsesFor(file: string): SecretUse[] | undefined {
    if (!this.secretsUsed) {
      this.secretsUsed = new Map();
      for (const [from, summary] of this.ordered())
        for (const use of summary.secretUses ?? []) {
          const target = this.resolver.resolve(from, use.ref.module);
          if (!target || target === from) continue;
          const list = this.secretsUsed.get(target) ?? [];
          if (list.length < 100)
            list.push({ name: use.ref.path, sink: use.sink, file: this.display(from), at: use.at });
          this.secretsUsed.set(target, list);
        }
    }
    return this.secretsUsed.get(path.resolve(file));
  }

  /**
   * How other modules render `file` as a view (`res.render('account/login', …)` names
   * `…/account/login.pug`): every render whose view name is the end of the file's path without its
   * extension; undefined when none does (or it is no template).
   */
  viewsFor(file: string): RenderedBy[] | undefined {
    if (!TEMPLATE_FILE.test(file)) return undefined;
    if (!this.renderedBy) {
      this.renderedBy = new Map();
      for (const [from, summary] of this.ordered())
        for (const r of summary.renders ?? []) {
          const view = r.view.replace(/^\.?\/+/, '').replace(TEMPLATE_FILE, '');
          const key = view.split('/').pop() ?? view;
          const list = this.renderedBy.get(key) ?? [];
          if (list.length < 100) list.push({ view, file: this.display(from), line: r.line, safe: r.safe });
          this.renderedBy.set(key, list);
        }
    }
    const bare = path.resolve(file).replace(TEMPLATE_FILE, '').split(path.sep).join('/');
    const key = bare.split('/').pop() ?? bare;
    const out = (this.renderedBy.get(key) ?? [])
      .filter((r) => bare.endsWith(`/${r.view}`))
      .map(({ file, line, safe }) => ({ file, line, safe }));
    return out.length ? out : undefined;
  }

  /** A module's summary with its re-exports merged in (bounded depth; a cycle contributes nothing more). */
  private flatten(file: string, depth: number, seen: Set<string>): ModuleSummary | undefined {
    const cached = this.flattened.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const own = this.summaries.get(file);
    if (!own) return undefined;
    if (!own.reexports?.length || depth >= MAX_REEXPORT_DEPTH || seen.has(file)) return own;
    seen.add(file);
    const exports: Record<string, ExportSummary> = { ...own.exports };
    for (const r of own.reexports) {
      const target = this.resolver.resolve(file, r.from);
      const inner = target ? this.flatten(target, depth + 1, seen) : undefined;
      if (!inner) continue;
      if (r.name === undefined && r.as === undefined) {
        for (const [k, v] of Object.entries(inner.exports))
          if (k !== 'default' && !Object.hasOwn(exports, k)) exports[k] = v;
      } else if (r.name === undefined && r.as) {
        exports[r.as] = { members: inner.exports };
      } else if (r.name !== undefined) {
        const v = Object.hasOwn(inner.exports, r.name) ? inner.exports[r.name] : undefined;
        if (v) exports[r.as ?? r.name] = v;
      }
    }
    const merged: ModuleSummary = { ...own, exports };
    if (depth === 0) this.flattened.set(file, merged);
    return merged;
  }
}

/** The nearest `src` folder above a module (its own folder when there is none). */
function sourceRoot(file: string): string {
  const parts = path.dirname(file).split(path.sep);
  const i = parts.lastIndexOf('src');
  return i > 0 ? parts.slice(0, i + 1).join(path.sep) : path.dirname(file);
}

/**
 * A router's mounts with the outer mounts of the router that mounts it (`app.use('/api', api)`,
 * `api.use('/admin', requireAdmin, admin)`): each chain is one mount whose prefix joins them all and
 * whose controls are all of theirs, with `via` naming the outer ones. A mounting router that no
 * other module mounts keeps its own mount; a chain ends after MAX_MOUNT_CHAIN mounts or at a
 * module already in it (a cycle); at most 50 mounts per router.
 */
function chainMounts(
  direct: ReadonlyMap<string, readonly { mount: Mount; from: string; by?: string[] }[]>,
  target: string,
  list: readonly { mount: Mount; from: string; by?: string[] }[],
): Mount[] {
  const out: Mount[] = [];
  const walk = (entry: { mount: Mount; from: string; by?: string[] }, seen: readonly string[]): void => {
    if (out.length >= 50) return;
    const outer =
      entry.by && seen.length < MAX_MOUNT_CHAIN && !seen.includes(entry.from)
        ? (direct.get(entry.from) ?? []).filter(
            (o) => !seen.includes(o.from) && entry.by!.includes(o.mount.name.length ? o.mount.name[0] : 'default'),
          )
        : [];
    if (!outer.length) {
      out.push(entry.mount);
      return;
    }
    for (const o of outer)
      walk(
        {
          mount: {
            ...entry.mount,
            prefix: joinPrefix(o.mount.prefix, entry.mount.prefix),
            controls: [
              ...o.mount.controls.map((c) => ({
                ...c,
                what: `${c.what} (via ${o.mount.file.split(/[\\/]/).pop()}:${o.mount.line})`,
              })),
              ...entry.mount.controls,
            ],
            via: [...(entry.mount.via ?? []), { file: o.mount.file, line: o.mount.line, prefix: o.mount.prefix }],
          },
          from: o.from,
          ...(o.by ? { by: o.by } : {}),
        },
        [...seen, entry.from],
      );
  };
  for (const entry of list) walk(entry, [target]);
  return out;
}

/** `/api` + `/admin` → `/api/admin`; an empty side leaves the other. */
function joinPrefix(outer: string, inner: string): string {
  if (!outer) return inner;
  if (!inner) return outer;
  return `${outer.replace(/\/+$/, '')}/${inner.replace(/^\/+/, '')}`;
}
