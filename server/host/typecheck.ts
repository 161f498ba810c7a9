// The type check behind fix verification (engine/fixes/verify.ts `newTypeErrors`), for the CLI and
// the language server: a TypeScript language service over the changed file with its project's
// compiler options. tsconfig.json/jsconfig.json is read as data (`extends` chains are JSON files);
// a language service built here loads no plugins, and nothing of the workspace is executed. Only
// the changed file is a root: its imports are resolved as declarations, the rest of the project is
// not checked. Errors are compared as (code, message) multisets, so moved lines do not count as new.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { lowestMajor } from '../config/project';

// Loaded on first use, as parse.ts does: a scan that verifies no TypeScript fix never pays for it.
let loaded: typeof TS | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tsLib = (): typeof TS => (loaded ??= require('typescript') as typeof TS);

/**
 * Where TypeScript's lib.*.d.ts are: next to the bundle (the build copies them to
 * dist/typescript-lib), else beside the typescript package (tests run unbundled). Undefined when
 * neither has them: then no type check can be trusted (a check without `Date` reports everything).
 */
function libDirectory(): string | undefined {
  const candidates = [path.join(__dirname, 'typescript-lib'), path.dirname(tsLib().getDefaultLibFilePath({}))];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'lib.es5.d.ts')));
}

/** The major version of TypeScript the project declares (nearest package.json, read as data). */
function typescriptMajor(dir: string): number | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const json = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<
          string,
          Record<string, string> | undefined
        >;
        const range = json.devDependencies?.typescript ?? json.dependencies?.typescript;
        return range === undefined ? undefined : lowestMajor(range);
      } catch {
        return undefined;
      }
    }
    if (path.dirname(current) === current) return undefined;
  }
}

/** Projects kept at once (each holds its files' parsed declarations). */
const MAX_PROJECTS = 4;

class ProjectService {
  private readonly texts = new Map<string, { text: string; version: number }>();
  /** Versions only grow (across forget): the language service reuses a file whose version it has seen. */
  private version = 0;
  private readonly service: TS.LanguageService;
  readonly options: TS.CompilerOptions;

  constructor(configPath: string, registry: TS.DocumentRegistry, libDir: string, snapshot: boolean) {
    const ts = tsLib();
    const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(
      read.config ?? {},
      ts.sys,
      path.dirname(configPath),
      undefined,
      configPath,
    );
    // Never emit, never load plugins; keep what decides types. A project built with TypeScript
    // before 6 gets every @types package when it names none (6 made `types` default to []).
    const olderTypes = parsed.options.types === undefined && (typescriptMajor(path.dirname(configPath)) ?? 6) < 6;
    this.options = {
      ...parsed.options,
      noEmit: true,
      plugins: [],
      allowJs: parsed.options.allowJs ?? path.basename(configPath) === 'jsconfig.json',
      ...(olderTypes ? { types: ['*'] } : {}),
    };
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [...this.texts.keys()],
      getScriptVersion: (f) => String(this.texts.get(f)?.version ?? 0),
      getScriptSnapshot: (f) => {
        const own = this.texts.get(f);
        if (own) return ts.ScriptSnapshot.fromString(own.text);
        const text = ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => path.dirname(configPath),
      getDefaultLibFileName: (o) => path.join(libDir, path.basename(ts.getDefaultLibFilePath(o))),
      fileExists: (f) => this.texts.has(f) || ts.sys.fileExists(f),
      readFile: (f) => this.texts.get(f)?.text ?? ts.sys.readFile(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    if (snapshot) {
      // The files do not change while a scan runs: every program of this project shares one module
      // resolution cache (each new program would otherwise resolve every import again, walking
      // node_modules folders for each package the project has not installed).
      const cache = ts.createModuleResolutionCache(
        path.dirname(configPath),
        (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
        this.options,
      );
      const resolutionHost: TS.ModuleResolutionHost = {
        fileExists: host.fileExists,
        readFile: host.readFile,
        directoryExists: host.directoryExists,
        getDirectories: host.getDirectories,
        realpath: ts.sys.realpath,
      };
      host.resolveModuleNames = (names, containingFile, _reused, redirected, options) =>
        names.map(
          (name) =>
            ts.resolveModuleName(name, containingFile, options, resolutionHost, cache, redirected).resolvedModule,
        );
    }
    this.service = ts.createLanguageService(host, registry);
  }

  /** Error keys of `file` with `text` in place. */
  errors(file: string, text: string): string[] {
    const ts = tsLib();
    const entry = this.texts.get(file);
    if (entry?.text !== text) this.texts.set(file, { text, version: ++this.version });
    const diagnostics = [...this.service.getSyntacticDiagnostics(file), ...this.service.getSemanticDiagnostics(file)];
    return diagnostics
      .filter((d) => d.category === ts.DiagnosticCategory.Error)
      .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }

  forget(file: string): void {
    this.texts.delete(file);
  }

  /**
   * Error keys of `file` as it is and with each of `variants` in its place, from one program (one
   * checker: the declarations' types are resolved once, not once per fix). Each variant is a
   * sibling (same folder and extension), so its imports resolve as the file's own. Modules do not
   * see each other's declarations, so the variants cannot change each other's errors; undefined
   * (check fix by fix) for a file where they could: a script (siblings would share one global
   * scope) or a module that declares `global` or an ambient module (declared once per variant).
   */
  errorsOfEach(
    file: string,
    original: string,
    variants: readonly string[],
  ): { before: string[]; after: string[][] } | undefined {
    const ext = /(?:\.d)?\.[cm]?[jt]sx?$/.exec(file)?.[0];
    if (!ext || ext.startsWith('.d.')) return undefined;
    const names = variants.map((_, i) => `${file.slice(0, -ext.length)}.paved-road-fix-${i}${ext}`);
    this.texts.set(file, { text: original, version: ++this.version });
    names.forEach((name, i) => this.texts.set(name, { text: variants[i], version: ++this.version }));
    try {
      const source = this.service.getProgram()?.getSourceFile(file);
      if (
        !source ||
        !tsLib().isExternalModule(source) ||
        source.statements.some((st) => tsLib().isModuleDeclaration(st))
      )
        return undefined;
      return { before: this.errors(file, original), after: names.map((name, i) => this.errors(name, variants[i])) };
    } finally {
      for (const name of names) this.texts.delete(name);
      this.texts.delete(file);
    }
  }
}

/** The errors of `after` that `before` does not have (compared as multisets). */
function newErrors(before: readonly string[], after: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const e of before) remaining.set(e, (remaining.get(e) ?? 0) + 1);
  return after.filter((e) => {
    const n = remaining.get(e) ?? 0;
    if (n > 0) {
      remaining.set(e, n - 1);
      return false;
    }
    return true;
  });
}

export class TypeChecker {
  /** `snapshot`: the project's files do not change while this checker lives (a CLI scan), so module resolutions are kept. */
  constructor(private readonly snapshot = false) {}

  private registry?: TS.DocumentRegistry;
  private libDir?: string | null;
  private readonly projects = new Map<string, ProjectService>();

  private project(configPath: string): ProjectService {
    let p = this.projects.get(configPath);
    if (p) {
      this.projects.delete(configPath); // most recently used last
    } else {
      p = new ProjectService(
        configPath,
        (this.registry ??= tsLib().createDocumentRegistry()),
        this.libDir!,
        this.snapshot,
      );
      if (this.projects.size >= MAX_PROJECTS) this.projects.delete(this.projects.keys().next().value!);
    }
    this.projects.set(configPath, p);
    return p;
  }

  /**
   * `newTypeErrors` for verify.ts: the errors `file` would have with the fixed text that it does not
   * have with `original`. A JavaScript file is checked only where its project checks JavaScript.
   */
  hook(configPath: string, file: string, original: string): (fixed: string) => string[] | undefined {
    const abs = path.resolve(file);
    let before: string[] | undefined;
    return (fixed) => {
      if ((this.libDir ??= libDirectory() ?? null) === null)
        return ["the type check could not run (TypeScript's lib.*.d.ts files are missing)"];
      const project = this.project(configPath);
      if (/\.[cm]?jsx?$/.test(abs) && !project.options.checkJs) return undefined;
      try {
        before ??= project.errors(abs, original);
        const after = project.errors(abs, fixed);
        project.forget(abs);
        return newErrors(before, after);
      } catch (error) {
        return [`the type check could not run (${(error as Error).message.split('\n')[0]})`];
      }
    };
  }

  /**
   * `newTypeErrorsOfEach` for verify.ts: `hook` for several fixed texts, checked in one program
   * where the variants cannot see each other (errorsOfEach), else fix by fix.
   */
  hookOfEach(configPath: string, file: string, original: string): (fixed: string[]) => (string[] | undefined)[] {
    const single = this.hook(configPath, file, original);
    return (fixedTexts) => {
      if ((this.libDir ??= libDirectory() ?? null) === null) return fixedTexts.map(single);
      const project = this.project(configPath);
      const abs = path.resolve(file);
      if (/\.[cm]?jsx?$/.test(abs) && !project.options.checkJs) return fixedTexts.map(() => undefined);
      let batch: ReturnType<ProjectService['errorsOfEach']>;
      try {
        batch = project.errorsOfEach(abs, original, fixedTexts);
      } catch {
        batch = undefined; // fix by fix, which reports why it could not run
      }
      if (!batch) return fixedTexts.map(single);
      return fixedTexts.map((_, k) => newErrors(batch.before, batch.after[k]));
    };
  }
}
