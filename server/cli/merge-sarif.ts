// `paved-road merge-sarif a.sarif b.sarif … [-o out.sarif]`: joins the SARIF logs of a sharded
// scan (or of several tools) into one log for one upload. Runs of the same tool (driver name and
// version) become one run: rules unioned by id (each result's ruleIndex re-pointed at the merged
// list), results concatenated, invocations kept (so every shard's skipped files and tool errors
// stay visible), artifacts unioned (artifact indices re-pointed). Runs of different tools stay
// separate runs. Inputs are read as JSON data only.

import * as fs from 'node:fs';
import { UsageError } from '../host/scan';

type Json = Record<string, unknown>;

interface Run extends Json {
  tool: { driver: Json & { name: string; rules?: Json[] }; extensions?: Json[] };
  results?: Json[];
  invocations?: Json[];
  artifacts?: Json[];
  originalUriBaseIds?: Record<string, Json>;
}

export interface MergeOutcome {
  log: { $schema: string; version: '2.1.0'; runs: Run[] };
  warnings: string[];
}

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Parse and shape-check one input log; a problem is a usage error naming the file. */
export function readSarif(file: string): Run[] {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not a readable JSON file (${(error as Error).message})`);
  }
  if (!isObject(data) || data.version !== '2.1.0' || !Array.isArray(data.runs))
    throw new UsageError(`${file}: not a SARIF 2.1.0 log (needs "version": "2.1.0" and "runs")`);
  return data.runs.map((run, i) => {
    if (
      !isObject(run) ||
      !isObject(run.tool) ||
      !isObject(run.tool.driver) ||
      typeof run.tool.driver.name !== 'string'
    ) {
      throw new UsageError(`${file}: run ${i} has no tool.driver.name`);
    }
    for (const key of ['results', 'invocations', 'artifacts'] as const) {
      if (run[key] !== undefined && !Array.isArray(run[key]))
        throw new UsageError(`${file}: run ${i}: "${key}" is not an array`);
    }
    if (run.tool.driver.rules !== undefined && !Array.isArray(run.tool.driver.rules))
      throw new UsageError(`${file}: run ${i}: tool.driver.rules is not an array`);
    return structuredClone(run) as Run;
  });
}

function toolKey(run: Run): string {
  const d = run.tool.driver;
  return `${d.name}\0${String(d.semanticVersion ?? d.version ?? '')}`;
}

/** Re-point `artifactLocation.index` (and `parentIndex`) everywhere inside a result or invocation. */
function remapArtifactIndices(value: unknown, remap: number[]): void {
  if (!remap.length) return;
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    if (!isObject(v)) continue;
    for (const [key, child] of Object.entries(v)) {
      if (
        (key === 'artifactLocation' || key === 'analysisTarget') &&
        isObject(child) &&
        Number.isInteger(child.index) &&
        remap[child.index as number] !== undefined
      ) {
        child.index = remap[child.index as number];
      }
      if (child && typeof child === 'object') stack.push(child);
    }
  }
}

export function mergeSarif(inputs: { file: string; runs: Run[] }[]): MergeOutcome {
  const warnings: string[] = [];
  const merged = new Map<string, { run: Run; ruleIds: Map<string, number>; artifactIds: Map<string, number> }>();
  for (const { file, runs } of inputs) {
    for (const run of runs) {
      const key = toolKey(run);
      let target = merged.get(key);
      const sourceRules = run.tool.driver.rules ?? [];
      if (!target) {
        const base: Run = {
          ...run,
          tool: { ...run.tool, driver: { ...run.tool.driver, rules: [] } },
          results: [],
          invocations: [],
          ...(run.artifacts ? { artifacts: [] } : {}),
        };
        target = { run: base, ruleIds: new Map(), artifactIds: new Map() };
        merged.set(key, target);
      } else {
        // Same tool: keep the first run's settings, add what the others know.
        for (const [name, uri] of Object.entries(run.originalUriBaseIds ?? {})) {
          const existing = target.run.originalUriBaseIds?.[name];
          if (!existing) target.run.originalUriBaseIds = { ...(target.run.originalUriBaseIds ?? {}), [name]: uri };
          else if (JSON.stringify(existing) !== JSON.stringify(uri))
            warnings.push(
              `${file}: ${name} is ${JSON.stringify(uri.uri)} here but ${JSON.stringify(existing.uri)} in an earlier log; the first is kept (results are relative to it)`,
            );
        }
        const extensions = target.run.tool.extensions ?? [];
        for (const ext of run.tool.extensions ?? [])
          if (!extensions.some((e) => e.name === ext.name)) extensions.push(ext);
        if (extensions.length) target.run.tool.extensions = extensions;
      }
      const rules = target.run.tool.driver.rules!;
      const indexOf = (id: string, rule?: Json): number => {
        let i = target!.ruleIds.get(id);
        if (i === undefined) {
          i = rules.length;
          rules.push(rule ?? { id });
          target!.ruleIds.set(id, i);
        }
        return i;
      };
      for (const rule of sourceRules) if (isObject(rule) && typeof rule.id === 'string') indexOf(rule.id, rule);
      // Artifacts must be unique in a run: an artifact two logs share keeps one index.
      const remap: number[] = [];
      const artifacts = target.run.artifacts ?? [];
      for (const artifact of run.artifacts ?? []) {
        const { parentIndex, ...rest } = artifact as Json & { parentIndex?: number };
        const copy: Json =
          Number.isInteger(parentIndex) && remap[parentIndex!] !== undefined
            ? { ...rest, parentIndex: remap[parentIndex!] }
            : artifact;
        const id = JSON.stringify(copy);
        let index = target.artifactIds.get(id);
        if (index === undefined) {
          index = artifacts.length;
          artifacts.push(copy);
          target.artifactIds.set(id, index);
        }
        remap.push(index);
      }
      if (artifacts.length) target.run.artifacts = artifacts;
      for (const result of run.results ?? []) {
        if (!isObject(result)) continue;
        const oldIndex = Number.isInteger(result.ruleIndex) ? (result.ruleIndex as number) : undefined;
        const ruleRef = isObject(result.rule) ? result.rule : undefined;
        const refIndex = Number.isInteger(ruleRef?.index) ? (ruleRef!.index as number) : undefined;
        const described = (i: number | undefined): string | undefined =>
          i !== undefined && i >= 0 && typeof sourceRules[i]?.id === 'string'
            ? (sourceRules[i].id as string)
            : undefined;
        const id =
          typeof result.ruleId === 'string'
            ? result.ruleId
            : typeof ruleRef?.id === 'string'
              ? ruleRef.id
              : (described(oldIndex) ?? described(refIndex));
        if (id !== undefined) {
          const known = sourceRules.find((r) => isObject(r) && r.id === id);
          const index = known ? indexOf(id, known) : target.ruleIds.get(id);
          if (oldIndex !== undefined) result.ruleIndex = index ?? -1;
          if (refIndex !== undefined) {
            if (index !== undefined) ruleRef!.index = index;
            else delete ruleRef!.index;
          }
        }
        remapArtifactIndices(result, remap);
        target.run.results!.push(result);
      }
      for (const invocation of run.invocations ?? []) {
        remapArtifactIndices(invocation, remap);
        target.run.invocations!.push(invocation);
      }
    }
  }
  const runs = [...merged.values()].map(({ run }) => {
    if (!run.invocations?.length) delete run.invocations;
    return run;
  });
  return { log: { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs }, warnings };
}
