// Which policy applies to a file: the nearest `paved-road.json` in its folder or above (so a
// monorepo can have one per package). Shared by the CLI and the language server; one cache,
// dropped as a whole when any config changes.

import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { AnalysisConfig } from '../engine/types';
import { BaselineMatcher, readBaseline } from './baseline';
import { ProjectReader, type Project } from './project';
import { CONFIG_FILE, defaultPolicy, loadPolicy, nodeHost, type ConfigHost, type Policy } from './load';

export class PolicyResolver {
  private readonly nearest = new Map<string, string | undefined>();
  private readonly policies = new Map<string, Policy>();
  private readonly matchers = new WeakMap<Policy, Ignore>();
  private readonly singles = new WeakMap<Policy, { pattern: string; matcher: Ignore }[]>();
  private readonly moduleTypes = new Map<string, 'module' | 'commonjs' | undefined>();

  private readonly projects: ProjectReader;

  constructor(private readonly host: ConfigHost = nodeHost) {
    this.projects = new ProjectReader(host);
  }

  /** The file's project as its manifests say (dependencies, Node.js version, tsconfig): project.ts. */
  projectFor(file: string): Project {
    return this.projects.projectFor(file);
  }

  /** The config file that applies to files in `dir`, if any. */
  configFileFor(dir: string): string | undefined {
    const visited: string[] = [];
    let found: string | undefined;
    for (let current = path.resolve(dir); ; current = path.dirname(current)) {
      if (this.nearest.has(current)) {
        found = this.nearest.get(current);
        break;
      }
      visited.push(current);
      // Never take a config from inside node_modules for workspace files above it.
      const candidate = path.join(current, CONFIG_FILE);
      if (path.basename(current) !== 'node_modules' && this.host.isFile(candidate)) {
        found = candidate;
        break;
      }
      if (path.dirname(current) === current) break;
    }
    for (const d of visited) this.nearest.set(d, found);
    return found;
  }

  policyFor(file: string): Policy {
    const config = this.configFileFor(path.dirname(path.resolve(file)));
    if (!config) return defaultPolicy(path.dirname(path.resolve(file)));
    return this.policyOf(config);
  }

  /** The policy a config file defines (loaded once until `clear`). */
  policyOf(configFile: string): Policy {
    let policy = this.policies.get(configFile);
    if (!policy) {
      policy = loadPolicy(configFile, this.host);
      this.policies.set(configFile, policy);
    }
    return policy;
  }

  /**
   * The `type` of the nearest package.json above `file` ("commonjs" when that package.json has
   * none; undefined when there is none or it cannot be read as JSON). Read as data, once per folder.
   */
  moduleTypeFor(file: string): 'module' | 'commonjs' | undefined {
    const visited: string[] = [];
    let found: 'module' | 'commonjs' | undefined;
    for (let current = path.dirname(path.resolve(file)); ; current = path.dirname(current)) {
      if (this.moduleTypes.has(current)) {
        found = this.moduleTypes.get(current);
        break;
      }
      visited.push(current);
      const candidate = path.join(current, 'package.json');
      if (this.host.isFile(candidate)) {
        try {
          const type = (JSON.parse(this.host.readFile(candidate)) as { type?: unknown }).type;
          found = type === 'module' ? 'module' : 'commonjs';
        } catch {
          found = undefined;
        }
        break;
      }
      if (path.basename(current) === 'node_modules' || path.dirname(current) === current) break;
    }
    for (const d of visited) this.moduleTypes.set(d, found);
    return found;
  }

  /** Policies loaded so far (every config that applied to some file). */
  loaded(): Policy[] {
    return [...this.policies.values()];
  }

  isIgnored(file: string, policy: Policy = this.policyFor(file)): boolean {
    if (!policy.ignores.length) return false;
    const rel = path.relative(policy.root, path.resolve(file)).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    let matcher = this.matchers.get(policy);
    if (!matcher) {
      matcher = ignore().add(policy.ignores);
      this.matchers.set(policy, matcher);
    }
    return matcher.ignores(rel);
  }

  /** The `ignores` pattern that leaves `file` out (the last one that matches it alone), for counting what each ignore hid. */
  ignoredBy(file: string, policy: Policy = this.policyFor(file)): string | undefined {
    if (!this.isIgnored(file, policy)) return undefined;
    const rel = path.relative(policy.root, path.resolve(file)).split(path.sep).join('/');
    let singles = this.singles.get(policy);
    if (!singles) {
      singles = policy.ignores.filter((p) => !p.startsWith('!')).map((p) => ({ pattern: p, matcher: ignore().add(p) }));
      this.singles.set(policy, singles);
    }
    for (let i = singles.length - 1; i >= 0; i--) if (singles[i].matcher.ignores(rel)) return singles[i].pattern;
    return undefined;
  }

  clear(): void {
    this.nearest.clear();
    this.policies.clear();
    this.moduleTypes.clear();
    this.projects.clear();
  }
}

/**
 * A front door's rule settings over a policy's: a level set alone (the editor's `pavedRoad.rules`)
 * changes the level and keeps the options the team's config gives the rule.
 */
function withRuleLevels(
  policy: NonNullable<AnalysisConfig['rules']>,
  own: NonNullable<AnalysisConfig['rules']>,
): NonNullable<AnalysisConfig['rules']> {
  const out = { ...policy };
  for (const [id, entry] of Object.entries(own)) {
    const team = policy[id];
    out[id] = typeof entry === 'string' && typeof team === 'object' && team.options ? { ...team, level: entry } : entry;
  }
  return out;
}

/** A front door's own settings (command line, editor settings) on top of a policy's config. */
export function withPolicy(base: AnalysisConfig, policy: Policy): AnalysisConfig {
  return {
    ...policy.config,
    ...base,
    rules: withRuleLevels(policy.config.rules ?? {}, base.rules ?? {}),
    ...(policy.config.knowledge || base.knowledge
      ? { knowledge: { ...(policy.config.knowledge ?? {}), ...(base.knowledge ?? {}) } }
      : {}),
  };
}

/** Baselines named by configs, read once per resolver; a broken one baselines nothing (fail closed). */
export class BaselineCache {
  private readonly cache = new Map<string, BaselineMatcher | { error: string }>();

  get(file: string): BaselineMatcher | { error: string } {
    let entry = this.cache.get(file);
    if (!entry) {
      const read = readBaseline(file);
      entry = 'error' in read ? read : new BaselineMatcher(read, path.dirname(file));
      this.cache.set(file, entry);
    }
    return entry;
  }

  clear(): void {
    this.cache.clear();
  }
}
