// Inline suppressions: `// paved-road-ignore-next-line <rule-id> -- <reason>` (the next line) and
// `// paved-road-ignore-file <rule-id> -- <reason>` (the whole file), in any comment syntax the
// analysed files use: //, /* */, JSX {/* */}, HTML <!-- -->, Handlebars {{!-- --}} / {{! }},
// Nunjucks {# #}, EJS <%# %>, Pug //-.
//
// A suppression is auditable: it names one rule and gives a reason. One without a reason, or
// naming a rule that does not exist, suppresses nothing and is itself reported (a `config` note
// with its span), so a typo never silently hides a finding.

import { hasVisibleText } from './reason';
import { lineOf } from './text';
import type { Finding, Note, Span } from './types';

export const NEXT_LINE = 'paved-road-ignore-next-line';
export const FILE = 'paved-road-ignore-file';
const MARKER = 'paved-road-ignore-';

export interface Suppression {
  kind: 'next-line' | 'file';
  ruleId: string;
  reason: string;
  /** 1-based line of the comment. */
  line: number;
  span: Span;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

const OPENERS = ['//-', '//', '/*', '<!--', '{{!--', '{{!', '{#', '<%#', '#'];
const CLOSERS = ['*/}', '*/', '--}}', '}}', '-->', '#}', '%>', '-%>'];

/** Every suppression comment in a text, and a note for each one that cannot be honoured. */
export function parseSuppressions(
  text: string,
  knownRuleIds: ReadonlySet<string>,
): { suppressions: Suppression[]; problems: Note[] } {
  const suppressions: Suppression[] = [];
  const problems: Note[] = [];
  if (!text.includes(MARKER)) return { suppressions, problems };
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const at = text.indexOf(MARKER, lineStart);
    if (at >= 0 && at < lineEnd) {
      const parsed = parseLine(text.slice(lineStart, lineEnd), at - lineStart, knownRuleIds);
      if (parsed) {
        const span = { start: lineStart + parsed.start, end: lineStart + parsed.end };
        if ('problem' in parsed)
          problems.push({
            kind: 'config',
            message: parsed.problem,
            span,
            ...(parsed.ruleId ? { ruleId: parsed.ruleId } : {}),
          });
        else suppressions.push({ kind: parsed.kind, ruleId: parsed.ruleId, reason: parsed.reason, line, span });
      }
    }
    lineStart = lineEnd + 1;
  }
  return { suppressions, problems };
}

type Parsed = (
  | { kind: 'next-line' | 'file'; ruleId: string; reason: string }
  | { problem: string; ruleId?: string }
) & { start: number; end: number };

function parseLine(source: string, at: number, known: ReadonlySet<string>): Parsed | undefined {
  // Only a directive at the start of a comment counts (not one quoted in a string or prose).
  const before = source.slice(0, at).trimEnd();
  if (!OPENERS.some((o) => before.endsWith(o))) return undefined;
  const rest = source.slice(at + MARKER.length);
  const kindWord = /^(next-line|file)\b/.exec(rest);
  if (!kindWord) return undefined;
  const kind = kindWord[1] as 'next-line' | 'file';
  const directive = kind === 'next-line' ? NEXT_LINE : FILE;
  let body = rest.slice(kindWord[0].length);
  for (let changed = true; changed; ) {
    changed = false;
    const trimmed = body.trimEnd();
    for (const c of CLOSERS)
      if (trimmed.endsWith(c)) {
        body = trimmed.slice(0, -c.length);
        changed = true;
        break;
      }
  }
  const start = before.length - (OPENERS.find((o) => before.endsWith(o))?.length ?? 0);
  const range = { start: Math.max(0, start), end: source.trimEnd().length };
  const separator = body.indexOf('--');
  const ruleId = (separator >= 0 ? body.slice(0, separator) : body).trim();
  const reason = separator >= 0 ? body.slice(separator + 2).trim() : '';
  const example = `// ${directive} ${ruleId || 'sql/string-built-query'} -- why this is safe here`;
  if (!ruleId) return { problem: `${directive} names no rule, so it suppresses nothing: write ${example}`, ...range };
  if (!/^[a-z]+\/[a-z0-9-]+$/.test(ruleId) || !known.has(ruleId)) {
    return {
      problem: `${directive} names an unknown rule '${ruleId}', so it suppresses nothing: use a rule id from \`paved-road rules\``,
      ...range,
    };
  }
  if (!hasVisibleText(reason))
    return {
      problem: `${directive} ${ruleId} has no reason, so it suppresses nothing: write ${example}`,
      ruleId,
      ...range,
    };
  return { kind, ruleId, reason, ...range };
}

/** Split findings into those reported and those a valid suppression covers. */
export function applySuppressions(
  text: string,
  findings: Finding[],
  suppressions: Suppression[],
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  if (!suppressions.length) return { findings, suppressed: [] };
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = lineOf(text, finding.span.start);
    const by = suppressions.find((s) => s.ruleId === finding.ruleId && (s.kind === 'file' || s.line + 1 === line));
    if (by) suppressed.push({ finding, suppression: by });
    else kept.push(finding);
  }
  return { findings: kept, suppressed };
}
