// `scan --fix` and `--fix-dry-run`: apply every finding's preferred fix to the files on disk, or
// print what that would change as a unified diff. Running the command is the person's choice that
// the engine's "unsafe" (behaviour-changing) security rewrites need; fixes that overlap one already
// taken are skipped (applyFixes) and the next run picks them up.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, applyFixes } from '../engine/edits';
import type { Finding, Fix, TextEdit } from '../engine/types';
import { fileSecretSpans, maskSpansKeepingLength } from '../engine/mask';
import type { ScanSummary } from './scan';

export interface FixOutcome {
  /** Unified diff of every change (also for --fix, so the caller may show it). */
  diff: string;
  files: number;
  fixes: number;
}

const CONTEXT = 3;

/** Apply (or only diff, when `write` is false) the preferred fix of every finding in the summary. */
export function fixAll(summary: ScanSummary, base: string, write: boolean): FixOutcome {
  let diff = '';
  let files = 0;
  let fixes = 0;
  for (const file of summary.files) {
    const text = file.text ?? fs.readFileSync(file.path, 'utf8');
    const chosen = file.findings.map((f) => f.fixes?.find((x) => x.preferred) ?? undefined).filter((x): x is Fix => x !== undefined);
    if (chosen.length === 0) continue;
    const { text: fixed, applied, edits: taken, fixes: appliedFixes } = applyFixes(text, chosen);
    if (applied === 0 || fixed === text) continue;
    const rel = path.relative(base, file.path).split(path.sep).join('/');
    diff += unifiedDiff(rel, maskSpansKeepingLength(text, fileSecretSpans(file)), taken);
    if (write) fs.writeFileSync(file.path, fixed);
    // Lines the fixes add to another file (`NAME=` in .env.example): names only, never values.
    for (const e of appliedFixes.flatMap((f) => f.edits).filter((x) => x.file && x.appendLine)) diff += appendLine(file.path, base, e, write);
    files++;
    fixes += applied;
  }
  return { diff, files, fixes };
}

/**
 * An `appendLine` edit: the nearest such file from the fixed file's folder up to `base` (created at
 * `base` when there is none), unless it already has the line or the same `NAME=`. Returns its diff.
 */
function appendLine(filePath: string, base: string, edit: TextEdit, write: boolean): string {
  const line = edit.newText.replace(/\n$/, '');
  const root = path.resolve(base);
  let target: string | undefined;
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, edit.file!))) { target = path.join(dir, edit.file!); break; }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  target ??= path.join(path.resolve(path.dirname(filePath)).startsWith(root) ? root : path.dirname(filePath), edit.file!);
  const existing = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  const name = line.split('=')[0];
  if (existing !== undefined && existing.split(/\r?\n/).some((l) => l === line || (name && l.startsWith(`${name}=`)))) return '';
  const prefix = existing === undefined || existing === '' || existing.endsWith('\n') ? '' : '\n';
  if (write) fs.writeFileSync(target, `${existing ?? ''}${prefix}${line}\n`);
  const rel = path.relative(base, target).split(path.sep).join('/');
  const count = existing ? existing.split('\n').length - (existing.endsWith('\n') ? 1 : 0) : 0;
  return `--- ${existing === undefined ? '/dev/null' : `a/${rel}`}\n+++ b/${rel}\n@@ -${count},0 +${count + 1},1 @@\n+${line}\n`;
}

/** Hunks built from the edits themselves: each edit's lines, merged when their contexts touch. */
function unifiedDiff(rel: string, original: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < original.length; i++) if (original[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const lines = original.split('\n');
  if (original.endsWith('\n')) lines.pop(); // the text after the last newline is not a line
  const groups: { first: number; last: number; edits: TextEdit[] }[] = [];
  for (const e of edits) {
    const first = lineOf(e.span.start);
    const last = lineOf(Math.max(e.span.start, e.span.end - 1));
    const g = groups[groups.length - 1];
    if (g && first - g.last <= 2 * CONTEXT + 1) { g.last = Math.max(g.last, last); g.edits.push(e); }
    else groups.push({ first, last, edits: [e] });
  }
  let out = `--- a/${rel}\n+++ b/${rel}\n`;
  let shift = 0; // lines added minus removed by earlier hunks
  for (const g of groups) {
    const from = Math.max(0, g.first - CONTEXT);
    const to = Math.min(lines.length - 1, g.last + CONTEXT);
    const changedStart = lineStarts[g.first];
    const changedEnd = g.last + 1 < lineStarts.length ? lineStarts[g.last + 1] - 1 : original.length;
    const before = original.slice(changedStart, changedEnd);
    const after = applyEdits(before, g.edits.map((e) => ({ span: { start: e.span.start - changedStart, end: e.span.end - changedStart }, newText: e.newText })));
    const removed = before.split('\n');
    const added = after.split('\n');
    const head = lines.slice(from, g.first);
    const tail = lines.slice(g.last + 1, to + 1);
    const oldCount = head.length + removed.length + tail.length;
    const newCount = head.length + added.length + tail.length;
    out += `@@ -${from + 1},${oldCount} +${from + 1 + shift},${newCount} @@\n`;
    for (const l of head) out += ` ${l}\n`;
    out += lineDiff(removed, added);
    for (const l of tail) out += ` ${l}\n`;
    shift += added.length - removed.length;
  }
  return out;
}

/** Lines of a small region as ` `/`-`/`+` lines (longest common subsequence; a large region is shown as replaced). */
function lineDiff(a: string[], b: string[]): string {
  if (a.length * b.length > 250_000) return a.map((l) => `-${l}\n`).join('') + b.map((l) => `+${l}\n`).join('');
  const n = a.length, m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let out = '';
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out += ` ${a[i]}\n`; i++; j++; }
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) { out += `-${a[i]}\n`; i++; }
    else { out += `+${b[j]}\n`; j++; }
  }
  return out;
}
