// `paved-road grade STUDENT_DIR`: compare a student's fixed copy of the course app with the answer
// key. Each planted defect is `fixed` or `present`; findings the key does not know are
// `introduced`. Defects are matched by file, rule and the text of the defect's line in the original
// course (so edits elsewhere that shift lines do not matter), then by nearest line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisConfig, Finding } from '../engine/types';
import { lineStartsOf, positionOf } from './formats';
import { scanPaths, UsageError } from '../host/scan';
import { normalise } from '../config/baseline';

export interface KeyEntry {
  file: string;
  line: number;
  ruleId: string;
  /** What the defect teaches, for the report. */
  note?: string;
}

export interface AnswerKey {
  defects: KeyEntry[];
}

export interface GradedDefect extends KeyEntry {
  status: 'fixed' | 'present';
  /** Where it is in the student's copy, when present. */
  studentLine?: number;
}

export interface GradeResult {
  defects: GradedDefect[];
  introduced: { file: string; line: number; ruleId: string; message: string }[];
  summary: { defects: number; fixed: number; present: number; introduced: number };
}

const NEAR_LINES = 15;

interface Located {
  file: string;
  line: number;
  ruleId: string;
  text: string;
  message: string;
}

export function readAnswerKey(keyPath: string): AnswerKey {
  let key: AnswerKey;
  try {
    key = JSON.parse(fs.readFileSync(keyPath, 'utf8')) as AnswerKey;
  } catch (error) {
    throw new UsageError(`cannot read answer key ${keyPath}: ${(error as Error).message}`);
  }
  if (
    !Array.isArray(key.defects) ||
    !key.defects.every((d) => typeof d.file === 'string' && Number.isInteger(d.line) && typeof d.ruleId === 'string')
  ) {
    throw new UsageError(`answer key ${keyPath}: "defects" must list { file, line, ruleId }`);
  }
  return key;
}

export async function grade(studentDir: string, keyPath: string, config: AnalysisConfig = {}): Promise<GradeResult> {
  if (!fs.existsSync(studentDir) || !fs.statSync(studentDir).isDirectory())
    throw new UsageError(`not a directory: ${studentDir}`);
  const key = readAnswerKey(keyPath);
  const courseDir = path.dirname(keyPath);
  const summary = await scanPaths([studentDir], config, { keepText: true });
  const found: Located[] = summary.files.flatMap((file) => {
    const text = file.text ?? '';
    const starts = lineStartsOf(text);
    const lines = text.split('\n');
    return file.findings.map((f: Finding) => {
      const line = positionOf(starts, f.span.start).line;
      return {
        file: path.relative(studentDir, file.path).split(path.sep).join('/'),
        line,
        ruleId: f.ruleId,
        text: normalise(lines[line - 1] ?? ''),
        message: f.message,
      };
    });
  });
  const unmatched = new Set(found);
  const originalLine = (entry: KeyEntry): string => {
    try {
      return normalise(fs.readFileSync(path.join(courseDir, entry.file), 'utf8').split('\n')[entry.line - 1] ?? '');
    } catch {
      return '';
    }
  };
  const take = (entry: KeyEntry, match: (f: Located) => boolean): Located | undefined => {
    const candidates = [...unmatched]
      .filter((f) => f.file === entry.file && f.ruleId === entry.ruleId && match(f))
      .sort((a, b) => Math.abs(a.line - entry.line) - Math.abs(b.line - entry.line));
    if (candidates[0]) unmatched.delete(candidates[0]);
    return candidates[0];
  };
  // Exact line text first for every defect, then proximity, so one defect cannot steal another's match.
  const byText = new Map(key.defects.map((entry) => [entry, take(entry, (f) => f.text === originalLine(entry))]));
  const defects: GradedDefect[] = key.defects.map((entry) => {
    const hit = byText.get(entry) ?? take(entry, (f) => Math.abs(f.line - entry.line) <= NEAR_LINES);
    return hit ? { ...entry, status: 'present', studentLine: hit.line } : { ...entry, status: 'fixed' };
  });
  const introduced = [...unmatched].map(({ file, line, ruleId, message }) => ({ file, line, ruleId, message }));
  const fixed = defects.filter((d) => d.status === 'fixed').length;
  return {
    defects,
    introduced,
    summary: { defects: defects.length, fixed, present: defects.length - fixed, introduced: introduced.length },
  };
}

export function formatGradeText(result: GradeResult): string {
  const out = result.defects.map(
    (d) =>
      `${d.status === 'fixed' ? 'fixed  ' : 'PRESENT'}  ${d.file}:${d.line}  ${d.ruleId}${d.note ? `  — ${d.note}` : ''}`,
  );
  for (const i of result.introduced) out.push(`NEW      ${i.file}:${i.line}  ${i.ruleId}  ${i.message}`);
  const s = result.summary;
  out.push(`${s.fixed}/${s.defects} defects fixed, ${s.present} still present, ${s.introduced} newly introduced`);
  return out.join('\n');
}
