// Fail closed on coverage: what a file may not be (judged on what it is, the same for the CLI and
// the language server), and the pseudo-rules whose findings say that a file, or a rule on a file,
// was not fully analysed. A file the scanner cannot or will not analyse is a finding of its own,
// never only a line on stderr.

import type { Finding, Note, Rule, Severity } from './types';

/** How much of the text the content judgments look at (bounded work on hostile input). */
const SAMPLE = 8000;
/** Below this size a file is never judged a bundle: one long line does not make a small file minified. */
export const MINIFIED_MIN_CHARS = 32 * 1024;

/**
 * Binary: more than one character in ten of the first 8,000 is a control character that text does
 * not use (C0 other than tab, line breaks and form feed; DEL; C1). A NUL byte in a comment, or a
 * few, leave a text file a text file.
 */
export function looksBinary(text: string): boolean {
  const sample = Math.min(text.length, SAMPLE);
  if (sample === 0) return false;
  let control = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) || (c >= 0x7f && c <= 0x9f)) control++;
  }
  return control * 10 > sample;
}

/** A line at least this long is a minifier's line: written code wraps well before it. */
export const MINIFIED_LINE_CHARS = 500;

/**
 * A bundler's output: at least 32 KiB, and nine characters in ten on lines longer than 500. Any
 * line break counts (CRLF, lone CR, LF, U+2028/2029), so CR-only files are judged by their lines.
 * Minifiers differ in where they break: some (esbuild, webpack's terser) write one line, older
 * ones (Closure Compiler, UglifyJS with `max_line_len`) break every 500–1,000 characters, so a
 * vendored `dat.gui.min.js` of 49 KiB has 82 lines, nearly all between 500 and 1,000 long.
 */
export function looksMinified(text: string): boolean {
  if (text.length < MINIFIED_MIN_CHARS) return false;
  let inLong = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 10 : text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      if (i - start > MINIFIED_LINE_CHARS) inLong += i - start;
      start = i + 1;
    }
  }
  return inLong * 10 >= text.length * 9;
}

/**
 * TypeScript's own CommonJS output (a `dist/` twin of a `src/*.ts` file): it ends with a reference to
 * a source map beside it, and starts with tsc's prologue (`Object.defineProperty(exports, "__esModule",
 * { value: true });` as tsc spaces it) or one of its helpers (`(this && this.__awaiter)`…). Only the
 * head and the tail are read (bounded work). Returns the map's file name, or undefined. Whether
 * its source is on disk is the CLI walk's question (server/cli/compiled-twin.ts).
 */
export function compiledTypeScriptMap(text: string): string | undefined {
  const tail = text.slice(-400).trimEnd();
  const m = /(?:^|\n)\/\/# sourceMappingURL=([\w.-]+\.js\.map)$/.exec(tail);
  if (!m) return undefined;
  const head = text.slice(0, SAMPLE);
  return head.includes('Object.defineProperty(exports, "__esModule", { value: true });') ||
    /\(this && this\.__(decorate|metadata|awaiter|importDefault|importStar|createBinding)\)/.test(head)
    ? m[1]
    : undefined;
}

/**
 * Why the engine will not analyse this text (the same answer in every front door), or undefined.
 * Only code is judged a bundle: templates and config documents (a one-line JSON file is normal)
 * have bounded readers of their own and are read whatever their line lengths. (A compiled twin
 * of a `.ts` file on disk is the walk's judgement, not the text's: server/cli/compiled-twin.ts.)
 */
export function contentSkipReason(text: string, code = true): string | undefined {
  if (looksBinary(text)) return 'binary file';
  if (code && looksMinified(text)) return 'minified or generated bundle';
  return undefined;
}

export const NOT_ANALYSED = 'paved-road/not-analysed';
export const ANALYSIS_INCOMPLETE = 'paved-road/analysis-incomplete';
export const ANALYSIS_ERROR = 'paved-road/analysis-error';

const meta = (id: string, title: string, summary: string): Rule['meta'] => ({
  id,
  title,
  summary,
  cwe: [],
  ssdf: ['PW.7'],
  severity: 'error',
  confidence: 'high',
  messages: {},
  fixKinds: [],
});

/** The coverage pseudo-rules, for SARIF's rule table; they never run, the front doors report them. */
export const coverageRules: readonly Rule[] = [
  {
    meta: meta(
      NOT_ANALYSED,
      'File not analysed',
      'A file the scanner could not or would not analyse (too large, unreadable, binary, a bundle, nesting too deep): nothing in it was checked.',
    ),
    check() {
      /* reported by the front doors */
    },
  },
  {
    meta: meta(
      ANALYSIS_INCOMPLETE,
      'Analysis cut short',
      'A rule was stopped by its time budget on this file: the findings before the cut are reported, the rest of the file was not checked by that rule.',
    ),
    check() {
      /* reported by the front doors */
    },
  },
  {
    meta: meta(
      ANALYSIS_ERROR,
      'Rule crashed',
      'A rule threw while analysing this file: the run failed and this file was not checked by that rule.',
    ),
    check() {
      /* reported by the front doors */
    },
  },
];

export const isCoverageRule = (ruleId: string): boolean => ruleId.startsWith('paved-road/');

/** The default level of a "not analysed" finding: error for code and templates, warning for config documents. */
export function notAnalysedLevel(configDocument: boolean): Severity {
  return configDocument ? 'warning' : 'error';
}

function coverageFinding(ruleId: string, severity: Severity, message: string): Finding {
  return { ruleId, message, severity, confidence: 'high', span: { start: 0, end: 0 } };
}

/** The finding for a file that was not analysed at all. */
export function notAnalysedFinding(reason: string, severity: Severity): Finding {
  return coverageFinding(
    NOT_ANALYSED,
    severity,
    `not analysed: ${reason}; nothing in this file was checked (exclude it with an "ignores" entry and a reason if that is intended)`,
  );
}

/**
 * Findings for what an analysis result's notes say was not checked: the file skipped by the engine
 * (too large, nesting too deep, binary, a bundle), a rule stopped by its budget, a rule that crashed.
 */
export function coverageFindings(notes: readonly Note[], notAnalysed: Severity): Finding[] {
  const out: Finding[] = [];
  for (const n of notes) {
    if (n.kind === 'rule-error') out.push(coverageFinding(ANALYSIS_ERROR, 'error', n.message.split('\n')[0]));
    else if (n.kind === 'skipped' && n.ruleId) out.push(coverageFinding(ANALYSIS_INCOMPLETE, 'error', n.message));
    else if (n.kind === 'skipped' && /not analysed$/.test(n.message))
      out.push(notAnalysedFinding(n.message.replace(/;? ?(file )?not analysed$/, ''), notAnalysed));
  }
  return out;
}
