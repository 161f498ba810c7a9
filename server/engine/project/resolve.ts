// Module resolution over a known set of files (issue 23). Pure: the front door supplies what a
// resolver may look at (`ProjectFiles`: is this path one of the scanned files, and the parsed JSON
// of a package.json or tsconfig.json), so the engine still reads nothing itself. Handles relative
// paths with or without an extension (and TypeScript's `./x.js` meaning `./x.ts`), `index` files,
// a folder's package.json `main`, the project's own packages by name (`exports`, `main`), and
// tsconfig/jsconfig `baseUrl` and `paths`. A bare package that is not one of the project's own is
// not resolved (node_modules is not scanned: its summaries would be outside the analysed code).

import * as path from 'node:path';

export interface ProjectFiles {
  /** Whether `file` (absolute) is one of the project's source files. */
  has(file: string): boolean;
  /** The parsed JSON of a file (package.json, tsconfig.json), or undefined when absent or unreadable. */
  readJson(file: string): unknown;
  /** The workspace root: the search for tsconfig.json and package.json stops there. */
  root: string;
}

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.svelte'];
/** TypeScript's ESM style writes the output's extension: `./x.js` is `./x.ts` in the sources. */
const TS_FOR_JS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const MAX_PATTERNS = 200;

interface TsPaths {
  dir: string;
  baseUrl?: string;
  paths: [string, string[]][];
}

export class ModuleResolver {
  private readonly tsconfigs = new Map<string, TsPaths | null>();
  private packages?: Map<string, string>;
  private readonly cache = new Map<string, string | null>();

  /** `packageDirs`: the folders holding a package.json among the project's files (its own packages by name). */
  constructor(
    private readonly files: ProjectFiles,
    private readonly packageDirs: readonly string[] = [],
  ) {}

  /** The file `specifier`, written in `from`, names; undefined when it is not a file of the project. */
  resolve(from: string, specifier: string): string | undefined {
    const key = `${path.dirname(from)}\0${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.compute(from, specifier);
    this.cache.set(key, found ?? null);
    return found;
  }

  private compute(from: string, specifier: string): string | undefined {
    if (!specifier || specifier.startsWith('node:') || specifier.includes('\0')) return undefined;
    const dir = path.dirname(from);
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..')
      return this.asFileOrFolder(path.resolve(dir, specifier));
    if (path.isAbsolute(specifier)) return this.asFileOrFolder(specifier);
    const ts = this.tsconfigFor(dir);
    if (ts) {
      for (const [pattern, targets] of ts.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === specifier ? '' : undefined;
        else if (
          specifier.startsWith(pattern.slice(0, star)) &&
          specifier.endsWith(pattern.slice(star + 1)) &&
          specifier.length >= pattern.length - 1
        ) {
          rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (rest === undefined) continue;
        for (const target of targets) {
          const found = this.asFileOrFolder(path.resolve(ts.baseUrl ?? ts.dir, target.replace('*', rest)));
          if (found) return found;
        }
      }
      if (ts.baseUrl) {
        const found = this.asFileOrFolder(path.resolve(ts.baseUrl, specifier));
        if (found) return found;
      }
    }
    return this.ownPackage(specifier);
  }

  private asFileOrFolder(base: string): string | undefined {
    if (this.files.has(base)) return base;
    const ext = path.extname(base);
    for (const alt of TS_FOR_JS[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + alt;
      if (this.files.has(candidate)) return candidate;
    }
    for (const e of EXTENSIONS) if (this.files.has(base + e)) return base + e;
    const manifest = this.files.readJson(path.join(base, 'package.json'));
    const main =
      manifest && typeof manifest === 'object' ? entryOf(manifest as Record<string, unknown>, '.') : undefined;
    if (main) {
      const target = path.resolve(base, main);
      if (target !== base) {
        if (this.files.has(target)) return target;
        for (const e of EXTENSIONS) if (this.files.has(target + e)) return target + e;
        for (const e of EXTENSIONS)
          if (this.files.has(path.join(target, `index${e}`))) return path.join(target, `index${e}`);
      }
    }
    for (const e of EXTENSIONS) if (this.files.has(path.join(base, `index${e}`))) return path.join(base, `index${e}`);
    return undefined;
  }

  /** `@acme/db` or `@acme/db/sub` when a package.json of the project is named `@acme/db`. */
  private ownPackage(specifier: string): string | undefined {
    if (!this.packages) {
      this.packages = new Map();
      for (const dir of this.packageDirs) {
        const manifest = this.files.readJson(path.join(dir, 'package.json')) as { name?: unknown } | undefined;
        if (manifest && typeof manifest.name === 'string' && !this.packages.has(manifest.name))
          this.packages.set(manifest.name, dir);
      }
    }
    const parts = specifier.split('/');
    const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    const dir = this.packages.get(name);
    if (!dir) return undefined;
    const sub = specifier.slice(name.length);
    const manifest = this.files.readJson(path.join(dir, 'package.json')) as Record<string, unknown>;
    const entry = entryOf(manifest, sub ? `.${sub}` : '.');
    if (entry) {
      const found = this.asFileOrFolder(path.resolve(dir, entry));
      if (found) return found;
    }
    return sub ? this.asFileOrFolder(path.join(dir, sub)) : this.asFileOrFolder(dir);
  }

  /** The nearest tsconfig.json (or jsconfig.json) between `dir` and the root, with `paths` and `baseUrl`. */
  private tsconfigFor(dir: string): TsPaths | undefined {
    const chain: string[] = [];
    let found: TsPaths | null | undefined;
    for (let current = dir; ; current = path.dirname(current)) {
      const known = this.tsconfigs.get(current);
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(current);
      const config =
        this.files.readJson(path.join(current, 'tsconfig.json')) ??
        this.files.readJson(path.join(current, 'jsconfig.json'));
      if (config && typeof config === 'object') {
        found = readPaths(current, config as Record<string, unknown>);
        break;
      }
      if (current === this.files.root || path.dirname(current) === current || !current.startsWith(this.files.root)) {
        found = null;
        break;
      }
    }
    for (const c of chain) this.tsconfigs.set(c, found ?? null);
    return found ?? undefined;
  }
}

function readPaths(dir: string, config: Record<string, unknown>): TsPaths | null {
  const options = config.compilerOptions as Record<string, unknown> | undefined;
  if (!options || typeof options !== 'object') return null;
  const baseUrl = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : undefined;
  const paths: [string, string[]][] = [];
  if (options.paths && typeof options.paths === 'object') {
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>).slice(0, MAX_PATTERNS)) {
      if (Array.isArray(targets)) paths.push([pattern, targets.filter((t): t is string => typeof t === 'string')]);
    }
  }
  // The longest prefix wins, as in TypeScript.
  paths.sort((a, b) => b[0].indexOf('*') - a[0].indexOf('*') || b[0].length - a[0].length);
  if (!baseUrl && paths.length === 0) return null;
  return { dir, baseUrl, paths };
}

/** A package.json's entry for a subpath (`.` or `./sub`): `exports` (string, subpath map, conditions), else `main`/`module`. */
function entryOf(manifest: Record<string, unknown>, subpath: string): string | undefined {
  const exports = manifest.exports;
  const pick = (value: unknown, depth = 0): string | undefined => {
    if (typeof value === 'string') return value;
    if (depth > 4 || !value || typeof value !== 'object' || Array.isArray(value))
      return Array.isArray(value) ? pick(value[0], depth + 1) : undefined;
    const v = value as Record<string, unknown>;
    for (const condition of ['source', 'types', 'import', 'require', 'node', 'default']) {
      if (Object.hasOwn(v, condition)) {
        const p = pick(v[condition], depth + 1);
        if (p) return p;
      }
    }
    return undefined;
  };
  if (exports !== undefined) {
    if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? pick(exports) : undefined;
    if (exports && typeof exports === 'object') {
      const map = exports as Record<string, unknown>;
      const subpathKeys = Object.keys(map).filter((k) => k.startsWith('.'));
      if (subpathKeys.length === 0) return subpath === '.' ? pick(map) : undefined;
      if (Object.hasOwn(map, subpath)) return pick(map[subpath]);
      for (const key of subpathKeys) {
        const star = key.indexOf('*');
        if (star >= 0 && subpath.startsWith(key.slice(0, star)) && subpath.endsWith(key.slice(star + 1))) {
          const target = pick(map[key]);
          return target?.replace('*', subpath.slice(star, subpath.length - (key.length - star - 1)));
        }
      }
      return undefined;
    }
  }
  if (subpath !== '.') return undefined;
  for (const field of ['source', 'module', 'main'])
    if (typeof manifest[field] === 'string') return manifest[field] as string;
  return undefined;
}
