// What a file's project says about itself, read as data for verifying fixes (engine/fixes/verify.ts):
// the packages its nearest package.json depends on, the lowest Node.js it runs on (`engines.node`,
// or an obvious `FROM node:N` in a Dockerfile beside it) and its nearest tsconfig.json or
// jsconfig.json (for the type check). Nothing is executed or resolved: JSON is parsed, a
// Dockerfile's FROM lines are read.

import * as path from 'node:path';
import type { ProjectFacts } from '../engine/types';
import type { ConfigHost } from './load';

export interface Project {
  facts: ProjectFacts;
  /** The nearest tsconfig.json or jsconfig.json, looked for up to the package (or repository) root. */
  tsconfig?: string;
}

export class ProjectReader {
  private readonly byDir = new Map<string, Project>();

  constructor(
    private readonly host: ConfigHost,
    private readonly base = process.cwd(),
  ) {}

  projectFor(file: string): Project {
    const dir = path.dirname(path.resolve(file));
    let project = this.byDir.get(dir);
    if (!project) {
      project = this.read(dir);
      this.byDir.set(dir, project);
    }
    return project;
  }

  clear(): void {
    this.byDir.clear();
    this.byManifest.clear();
  }

  private read(dir: string): Project {
    let manifestDir: string | undefined;
    let tsconfig: string | undefined;
    for (let current = dir; ; current = path.dirname(current)) {
      if (!tsconfig)
        tsconfig = ['tsconfig.json', 'jsconfig.json']
          .map((n) => path.join(current, n))
          .find((c) => this.host.isFile(c));
      if (!manifestDir && this.host.isFile(path.join(current, 'package.json'))) manifestDir = current;
      // The package (or else the repository) ends the search; so does node_modules.
      if (
        manifestDir ||
        this.host.isDirectory(path.join(current, '.git')) ||
        path.basename(current) === 'node_modules' ||
        path.dirname(current) === current
      )
        break;
    }
    if (!manifestDir) return { facts: { dependencies: [] }, ...(tsconfig ? { tsconfig } : {}) };
    // One package's folders share its manifest: read and parsed once (a scan of a large package read it per folder).
    let facts = this.byManifest.get(manifestDir);
    if (!facts) this.byManifest.set(manifestDir, (facts = this.factsOf(manifestDir)));
    return { facts, ...(tsconfig ? { tsconfig } : {}) };
  }

  private readonly byManifest = new Map<string, ProjectFacts>();

  private factsOf(manifestDir: string): ProjectFacts {
    const manifestPath = path.join(manifestDir, 'package.json');
    let manifest: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(this.host.readFile(manifestPath));
      if (parsed && typeof parsed === 'object') manifest = parsed as Record<string, unknown>;
    } catch {
      // Unreadable: no dependencies known, so a fix that imports a package is not offered.
    }
    const dependencies = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) =>
      manifest[k] && typeof manifest[k] === 'object' ? Object.keys(manifest[k] as object) : [],
    );
    const rel = path.relative(this.base, manifestPath).split(path.sep).join('/') || 'package.json';
    const engines = manifest.engines as { node?: unknown } | undefined;
    const fromEngines = typeof engines?.node === 'string' ? lowestMajor(engines.node) : undefined;
    const fromDocker = this.dockerNode(manifestDir);
    const candidates = [
      ...(fromEngines !== undefined ? [{ major: fromEngines, source: `engines.node in ${rel}` }] : []),
      ...(fromDocker !== undefined ? [{ major: fromDocker, source: `FROM node:${fromDocker} in the Dockerfile` }] : []),
    ].sort((a, b) => a.major - b.major);
    return {
      manifest: rel,
      dependencies: [...new Set(dependencies)].sort(),
      ...(candidates[0] ? { node: candidates[0] } : {}),
    };
  }

  /** `FROM node:8-alpine` (any stage) in the package's Dockerfile: the lowest such major. */
  private dockerNode(dir: string): number | undefined {
    const file = path.join(dir, 'Dockerfile');
    if (!this.host.isFile(file)) return undefined;
    let text: string;
    try {
      text = this.host.readFile(file);
    } catch {
      return undefined;
    }
    const majors = [
      ...text.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(?:docker\.io\/)?(?:library\/)?node:(\d+|[a-z]+)/gim),
    ]
      .map((m) => (/^\d+$/.test(m[1]) ? Number(m[1]) : LTS[m[1].toLowerCase()]))
      .filter((n): n is number => n !== undefined);
    return majors.length ? Math.min(...majors) : undefined;
  }
}

/** Node.js LTS code names as image tags (`FROM node:carbon`). */
const LTS: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/** The lowest major version a semver range admits (`>=8`, `^14.17.0 || >=16`, `10.x`), or undefined. */
export function lowestMajor(range: string): number | undefined {
  const majors = range
    .split('||')
    .map((alternative) => {
      const m = /(?:^|[\s>=^~v])(\d+)(?:\.|\s|$|x)/.exec(` ${alternative.trim()}`);
      return m ? Number(m[1]) : undefined;
    })
    .filter((n): n is number => n !== undefined);
  return majors.length ? Math.min(...majors) : undefined;
}
