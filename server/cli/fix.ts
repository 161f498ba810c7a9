// `scan --fix`, `--fix-unsafe`, `--fix-kind` and `--fix-dry-run`: apply findings' verified fixes of
// the chosen kinds to the files (only `safe` ones unless the person asks for more), or show what that
// would change. Fixes that overlap one already taken are skipped (applyFixes); the file is analysed
// again and fixed again until nothing more applies (a fixed point, at most MAX_PASSES rounds), so a
// second run applies nothing. A file keeps its byte order mark and its line endings.
//
// Two diffs come out: the preview for the terminal (secrets masked) and the patch (the real text,
// which `git apply` accepts), written only to a file the person names, created owner-only.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../host/analyze';
import { applyFixes } from '../engine/edits';
import { verifyFixes } from '../host/analyze';
import type { PolicyResolver } from '../config/resolve';
import { TypeChecker } from '../host/typecheck';
import { fileSecretSpans, maskSpans, redactSecrets } from '../engine/mask';
import type { AnalysisResult, Finding, Fix, FixKind, TextEdit } from '../engine/types';
import type { ScannedFile, ScanSummary } from '../host/scan';
import type { ScanCache } from '../host/cache';

/** Rounds of apply → analyse again per file; what is left after them is reported, not applied. */
export const MAX_PASSES = 5;

export interface FixOutcome {
  /** Unified diff for the terminal, with every secret masked. */
  preview: string;
  /** The same diff with the real text: applies with `git apply`. */
  patch: string;
  files: number;
  fixes: number;
  /** Fixes applied, per kind. */
  byKind: Partial<Record<FixKind, number>>;
  /** Findings left with an edit fix of a kind that was not chosen (per kind), and with guidance only. */
  notChosen: Partial<Record<FixKind, number>>;
}

export interface FixOptions {
  write: boolean;
  /** The fix kinds the person chose (`guidance` is never applied: it has no edit). */
  kinds: ReadonlySet<FixKind>;
  /** The findings of `text` (the file changed by earlier rounds), with their fixes verified. */
  analyzeAgain(file: ScannedFile, text: string): Finding[];
}

/** The fix to apply for a finding: its paved-road fix when that kind was chosen, else the first safe one chosen. */
export function chooseFix(finding: Finding, kinds: ReadonlySet<FixKind>): Fix | undefined {
  const allowed = (finding.fixes ?? []).filter((f) => f.kind !== 'guidance' && f.edits.length > 0 && kinds.has(f.kind));
  return allowed.find((f) => f.preferred) ?? allowed.find((f) => f.kind === 'safe');
}

interface Changed {
  original: string | undefined;
  text: string;
  secrets: string[];
}

export function fixAll(summary: ScanSummary, base: string, options: FixOptions): FixOutcome {
  const outcome: FixOutcome = { preview: '', patch: '', files: 0, fixes: 0, byKind: {}, notChosen: {} };
  const changed = new Map<string, Changed>();
  for (const file of summary.files) {
    const raw = fs.readFileSync(file.path);
    const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? '\uFEFF' : '';
    const original = file.text ?? raw.toString('utf8').slice(bom.length);
    const crlf = usesCrlf(original);
    let text = original;
    let findings = file.findings;
    // Every secret the scan found in the file (reported, suppressed or baselined): masked in the preview.
    const secrets = fileSecretSpans(file).map((span) => original.slice(span.start, span.end));
    let applied = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const chosen = findings
        .map((f) => chooseFix(f, options.kinds))
        .filter((x): x is Fix => x !== undefined)
        .map((fix) =>
          crlf
            ? {
                ...fix,
                edits: fix.edits.map((e) => (e.file ? e : { ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })),
              }
            : fix,
        );
      if (chosen.length === 0) break;
      const result = applyFixes(text, chosen);
      if (result.applied === 0 || result.text === text) break;
      for (const fix of result.fixes) outcome.byKind[fix.kind] = (outcome.byKind[fix.kind] ?? 0) + 1;
      // Lines the fixes add to another file (`NAME=` in .env.example): names only, never values.
      for (const e of result.fixes.flatMap((f) => f.edits).filter((x) => x.file && x.appendLine))
        appendLine(changed, file.path, base, e);
      applied += result.applied;
      text = result.text;
      findings = options.analyzeAgain(file, text);
    }
    for (const f of findings) {
      if (chooseFix(f, options.kinds) || !f.fixes?.length) continue;
      const kind = f.fixes.some((x) => x.kind === 'needs-review')
        ? 'needs-review'
        : f.fixes.some((x) => x.kind === 'safe')
          ? 'safe'
          : 'guidance';
      outcome.notChosen[kind] = (outcome.notChosen[kind] ?? 0) + 1;
    }
    if (applied === 0 || text === original) continue;
    changed.set(file.path, { original: bom + original, text: bom + text, secrets });
    outcome.files++;
    outcome.fixes += applied;
  }
  for (const [file, c] of [...changed].sort((a, b) => a[0].localeCompare(b[0]))) {
    const rel = path.relative(base, file).split(path.sep).join('/');
    outcome.patch += unifiedDiff(rel, c.original, c.text);
    outcome.preview += unifiedDiff(rel, c.original, c.text, (line) => maskLine(line, c.secrets));
    if (options.write) fs.writeFileSync(file, c.text);
  }
  return outcome;
}

/** CRLF when most line breaks are CRLF (a file that mixes keeps its majority for the new lines). */
function usesCrlf(text: string): boolean {
  const crlf = text.split('\r\n').length - 1;
  return crlf > 0 && crlf >= text.split('\n').length - 1 - crlf;
}

/** A line of the preview: the secrets the scan found and any known-format token, masked. */
function maskLine(line: string, secrets: string[]): string {
  let out = line;
  for (const s of secrets) {
    const body = s.replace(/^(['"`])([^]*)\1$/, '$2');
    if (body.length >= 4) out = out.split(body).join(maskSpans(body, [{ start: 0, end: body.length }]));
  }
  return redactSecrets(out);
}

/**
 * An `appendLine` edit: the nearest such file from the fixed file's folder up to `base` (created at
 * `base` when there is none), unless it already has the line or the same `NAME=`. Every fix that
 * adds to the same file adds to one text, so the patch has one diff per file.
 */
function appendLine(changed: Map<string, Changed>, filePath: string, base: string, edit: TextEdit): void {
  const line = edit.newText.replace(/\n$/, '');
  const root = path.resolve(base);
  let target: string | undefined;
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, edit.file!);
    if (changed.has(candidate) || fs.existsSync(candidate)) {
      target = candidate;
      break;
    }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  target ??= path.join(
    path.resolve(path.dirname(filePath)).startsWith(root) ? root : path.dirname(filePath),
    edit.file!,
  );
  let entry = changed.get(target);
  if (!entry) {
    const original = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    entry = { original, text: original ?? '', secrets: [] };
    changed.set(target, entry);
  }
  const name = line.split('=')[0];
  if (entry.text.split(/\r?\n/).some((l) => l === line || (name && l.startsWith(`${name}=`)))) return;
  const eol = usesCrlf(entry.text) ? '\r\n' : '\n';
  entry.text += `${entry.text === '' || entry.text.endsWith('\n') ? '' : eol}${line}${eol}`;
}

// ---------------------------------------------------------------- unified diff

const CONTEXT = 3;
/** Above this many line pairs in the changed middle of a file, it is shown replaced rather than diffed line by line. */
const MAX_CELLS = 4_000_000;

/** Lines with their terminators ("a\n", "b\r\n", or a last "c" without one). */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * A unified diff of two versions of a file (`original` undefined: a new file), in the form
 * `git apply` and `patch -p1` accept: one header per file, hunks with three lines of context.
 */
export function unifiedDiff(
  rel: string,
  original: string | undefined,
  text: string,
  render: (line: string) => string = (l) => l,
): string {
  const a = linesOf(original ?? '');
  const b = linesOf(text);
  if (original !== undefined && original === text) return '';
  // Operations: ' ' both, '-' a only, '+' b only, with each line's index in a and b.
  const ops: { op: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  for (let i = 0; i < pre; i++) ops.push({ op: ' ', line: a[i], ai: i, bi: i });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const n = am.length,
    m = bm.length;
  if (n * m > MAX_CELLS || n === 0 || m === 0) {
    am.forEach((l, i) => ops.push({ op: '-', line: l, ai: pre + i, bi: pre }));
    bm.forEach((l, j) => ops.push({ op: '+', line: l, ai: pre + n, bi: pre + j }));
  } else {
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * w + j] =
          am[i] === bm[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    let i = 0,
      j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ op: ' ', line: am[i], ai: pre + i, bi: pre + j });
        i++;
        j++;
      } else if (i < n && (j === m || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
        ops.push({ op: '-', line: am[i], ai: pre + i, bi: pre + j });
        i++;
      } else {
        ops.push({ op: '+', line: bm[j], ai: pre + i, bi: pre + j });
        j++;
      }
    }
  }
  for (let k = 0; k < suf; k++)
    ops.push({ op: ' ', line: a[a.length - suf + k], ai: a.length - suf + k, bi: b.length - suf + k });
  // Hunks: runs of changes with up to 2 × CONTEXT unchanged lines between them.
  let out = `--- ${original === undefined ? '/dev/null' : `a/${rel}`}\n+++ b/${rel}\n`;
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k].op === ' ') k++;
    if (k === ops.length) break;
    const start = Math.max(0, k - CONTEXT);
    let lastChange = k;
    for (let j = k + 1; j < ops.length && j - lastChange <= 2 * CONTEXT; j++) if (ops[j].op !== ' ') lastChange = j;
    const last = Math.min(ops.length - 1, lastChange + CONTEXT);
    const hunk = ops.slice(start, last + 1);
    const oldCount = hunk.filter((o) => o.op !== '+').length;
    const newCount = hunk.filter((o) => o.op !== '-').length;
    const oldStart = oldCount ? hunk.find((o) => o.op !== '+')!.ai + 1 : hunk[0].ai;
    const newStart = newCount ? hunk.find((o) => o.op !== '-')!.bi + 1 : hunk[0].bi;
    out += `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@\n`;
    for (const o of hunk) {
      const body = o.line.endsWith('\n') ? o.line.slice(0, -1) : o.line;
      out += `${o.op}${render(body)}\n${o.line.endsWith('\n') ? '' : '\\ No newline at end of file\n'}`;
    }
    k = last + 1;
  }
  return out;
}

/** Write the patch to a new file only its owner can read: never over an existing file or through a link. */
export function writePatchFile(file: string, patch: string): void {
  const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW } = fs.constants;
  const fd = fs.openSync(file, O_CREAT | O_EXCL | O_WRONLY | (O_NOFOLLOW ?? 0), 0o600);
  try {
    fs.writeSync(fd, patch);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The CLI's side of fix verification: engine/fixes/verify.ts with the type check of the file's
 * project (typecheck.ts) where it has a tsconfig.json or jsconfig.json.
 */
export class FixVerifier {
  private readonly checker = new TypeChecker(true);

  /**
   * `cache` (a scan with --cache): the verified fixes of a file outside any TypeScript project are a
   * function of what its analysis is keyed by (engine, configuration, path, text), so they are
   * cached beside it. A warm re-scan otherwise loaded TypeScript and re-analysed every file with a
   * fix: two fifths of its time. A file in a project is always verified afresh (its type check
   * reads other files).
   */
  constructor(
    private readonly resolver?: PolicyResolver,
    private readonly cache?: ScanCache,
  ) {}

  /** The findings of `text` with every fix verified; `baselined` count as findings the text has. */
  verify(file: ScannedFile, text: string, result: AnalysisResult, baselined: readonly Finding[] = []): Finding[] {
    const tsconfig = this.resolver?.projectFor(file.path).tsconfig;
    const hooks = tsconfig ? { newTypeErrorsOfEach: this.checker.hookOfEach(tsconfig, file.path, text) } : {};
    const all = { ...result, findings: [...result.findings, ...baselined] };
    return verifyFixes({ file: file.path, text }, file.config ?? {}, all, hooks).findings.slice(
      0,
      result.findings.length,
    );
  }

  /** Every fix a scan reports, verified (the files' texts must have been kept). */
  verifySummary(summary: ScanSummary): void {
    for (const f of summary.files) {
      if (f.text === undefined || !f.findings.some((x) => x.fixes?.some((fix) => fix.kind !== 'guidance'))) continue;
      const inProject = !!this.resolver?.projectFor(f.path).tsconfig;
      if (f.fixesVerified) continue; // verified by the worker that analysed it (scan-worker.ts)
      const key = this.cache && !inProject ? this.cache.verifiedKeyFor(f.path, f.text, f.config ?? {}) : undefined;
      const reused =
        key !== undefined ? withVerifiedFixes(f.findings, this.cache!.get(key, f.text.length)?.findings) : undefined;
      if (reused) {
        f.findings = reused;
        continue;
      }
      f.findings = this.verify(
        f,
        f.text,
        { findings: f.findings, notes: f.notes, ...(f.suppressed ? { suppressed: f.suppressed } : {}) },
        f.baselined,
      );
      // Marked, so the entry cannot be mistaken for an analysis (whose key it never has anyway).
      const entry: AnalysisResult & { verifiedFixes: true } = { findings: f.findings, notes: [], verifiedFixes: true };
      if (key !== undefined) this.cache!.set(key, entry, f.text);
    }
  }

  /** For fixAll's next round: the file analysed again with its text so far, its fixes verified. */
  analyzeAgain(file: ScannedFile, text: string): Finding[] {
    return this.verify(file, text, analyze({ file: file.path, text }, file.config ?? {}));
  }
}

/**
 * `findings` with each one's fixes taken from its verified copy in `verified` (the same finding:
 * same rule and span, as many fixes with the same titles), or undefined unless every finding has
 * exactly one such copy (then the file is verified afresh).
 */
function withVerifiedFixes(
  findings: readonly Finding[],
  verified: readonly Finding[] | undefined,
): Finding[] | undefined {
  if (!verified) return undefined;
  const identity = (f: Finding): string =>
    `${f.ruleId}\0${f.span.start}\0${f.span.end}\0${(f.fixes ?? []).map((x) => x.title.length).join(',')}`;
  const byIdentity = new Map<string, Finding | null>();
  for (const v of verified) byIdentity.set(identity(v), byIdentity.has(identity(v)) ? null : v);
  const out: Finding[] = [];
  for (const f of findings) {
    const v = byIdentity.get(identity(f));
    if (!v || !v.fixes) {
      if (f.fixes?.some((x) => x.kind !== 'guidance')) return undefined;
      out.push(f);
      continue;
    }
    out.push({ ...f, fixes: v.fixes });
  }
  return out;
}
