// Baselines for legacy code: record today's findings, report only new ones. A finding is matched
// by rule, file and a content fingerprint — a hash of the finding's own text and of the lines it
// sits on, whitespace-normalised, plus its ordinal among identical ones in the file — so adding or
// removing lines elsewhere does not make old findings look new.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../engine/types';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  ruleId: string;
  /** Relative to the baseline file's folder, with forward slashes. */
  file: string;
  fingerprint: string;
}

export interface Baseline {
  version: number;
  findings: BaselineEntry[];
}

/** A line with its white space folded to single spaces and trimmed (baselines and course grading compare lines so). */
export const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** One fingerprint per finding, in the same order. */
export function fingerprints(text: string, findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const lineStart = text.lastIndexOf('\n', f.span.start - 1) + 1;
    let lineEnd = text.indexOf('\n', f.span.end);
    if (lineEnd < 0) lineEnd = text.length;
    const key = createHash('sha256')
      .update(f.ruleId)
      .update('\0')
      .update(normalise(text.slice(f.span.start, f.span.end)))
      .update('\0')
      .update(normalise(text.slice(lineStart, lineEnd)))
      .digest('hex')
      .slice(0, 32);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${key}:${n}`;
  });
}

const relPath = (dir: string, file: string): string => path.relative(dir, path.resolve(file)).split(path.sep).join('/');

export function baselineEntries(
  dir: string,
  files: readonly { path: string; text?: string; findings: readonly Finding[] }[],
): BaselineEntry[] {
  return files
    .flatMap((file) => {
      const prints = fingerprints(file.text ?? '', file.findings);
      return file.findings.map((f, i) => ({ ruleId: f.ruleId, file: relPath(dir, file.path), fingerprint: prints[i] }));
    })
    .sort(
      (a, b) =>
        a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
    );
}

export function formatBaseline(entries: BaselineEntry[]): string {
  return JSON.stringify({ version: BASELINE_VERSION, findings: entries }, null, 2) + '\n';
}

/** Read a baseline, or say what is wrong with it (the caller fails closed: nothing is baselined). */
export function readBaseline(file: string): Baseline | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return {
      error: `cannot read baseline ${file} (${(error as Error).message}): write one with \`paved-road scan --write-baseline ${path.basename(file)}\``,
    };
  }
  const b = raw as Partial<Baseline>;
  if (
    !b ||
    typeof b !== 'object' ||
    b.version !== BASELINE_VERSION ||
    !Array.isArray(b.findings) ||
    !b.findings.every(
      (e) => e && typeof e.ruleId === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string',
    )
  ) {
    return {
      error: `${file} is not a Paved Road baseline (version ${BASELINE_VERSION}): write it again with \`paved-road scan --write-baseline\``,
    };
  }
  return b as Baseline;
}

/** Matches findings against a baseline; each recorded finding absorbs at most one current one. */
export class BaselineMatcher {
  private readonly counts = new Map<string, number>();

  constructor(
    baseline: Baseline,
    private readonly dir: string,
  ) {
    for (const e of baseline.findings) {
      const key = `${e.file}\0${e.ruleId}\0${e.fingerprint}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
  }

  /** Split a file's findings into new ones and those the baseline already records. */
  split(file: string, text: string, findings: Finding[]): { findings: Finding[]; baselined: Finding[] } {
    if (!findings.length) return { findings, baselined: [] };
    const prints = fingerprints(text, findings);
    const rel = relPath(this.dir, file);
    const remaining = new Map(this.counts);
    const kept: Finding[] = [];
    const baselined: Finding[] = [];
    findings.forEach((f, i) => {
      const key = `${rel}\0${f.ruleId}\0${prints[i]}`;
      const n = remaining.get(key) ?? 0;
      if (n > 0) {
        remaining.set(key, n - 1);
        baselined.push(f);
      } else kept.push(f);
    });
    return { findings: kept, baselined };
  }
}
