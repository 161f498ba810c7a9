// What must hold for any analysis of any text, whatever a front door does with it.

import { analyze, isAnalysable } from '../../server/host/analyze';
import { applyEdits } from '../../server/engine/edits';
import { parse, scriptKindOf } from '../../server/engine/parse';
import type { AnalysisResult, Span } from '../../server/engine/types';
import { allRules } from '../../rules';

/** Each rule's own placeholder names (`{{form}}`): left in a message, one was not filled. */
const placeholders = new Map(
  allRules.map((r) => [
    r.meta.id,
    new Set(Object.values(r.meta.messages).flatMap((m) => [...m.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]))),
  ]),
);

/** A placeholder of the rule's templates left unfilled (a quoted template snippet such as `{{title}}` is the user's text, not one). */
function unrendered(ruleId: string, message: string): boolean {
  const own = placeholders.get(ruleId);
  return [...message.matchAll(/\{\{(\w+)\}\}/g)].some((m) => own === undefined || own.has(m[1]));
}

function inside(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  );
}

/**
 * Problems with a result: a range or step outside the document, a fix that does not apply, a fix
 * whose output does not parse (when the input did), a crashed rule. Empty = all invariants hold.
 */
export function violations(file: string, text: string, result: AnalysisResult): string[] {
  const problems: string[] = [];
  for (const note of result.notes) {
    if (note.kind === 'rule-error') problems.push(`rule crashed: ${note.message}`);
    if (note.span && !inside(note.span, text.length))
      problems.push(`note span ${JSON.stringify(note.span)} outside document of ${text.length}`);
  }
  const kind = scriptKindOf(file);
  const inputParsed = kind !== undefined && !result.notes.some((n) => n.kind === 'parse-error' || n.kind === 'skipped');
  for (const f of result.findings) {
    const where = `${f.ruleId} at ${f.span.start}-${f.span.end}`;
    if (!inside(f.span, text.length)) problems.push(`${where}: range outside document of ${text.length}`);
    if (!f.message || unrendered(f.ruleId, f.message))
      problems.push(`${where}: empty or unrendered message ${JSON.stringify(f.message)}`);
    for (const s of f.steps ?? []) {
      if (!inside(s.span, text.length)) problems.push(`${where}: step ${JSON.stringify(s.span)} outside document`);
      if (!s.message) problems.push(`${where}: step without a message`);
    }
    for (const fix of f.fixes ?? []) {
      for (const e of fix.edits)
        if (e.file === undefined && !inside(e.span, text.length))
          problems.push(`${where}: fix "${fix.title}" edit ${JSON.stringify(e.span)} outside document`);
      let fixed: string;
      try {
        fixed = applyEdits(text, fix.edits);
      } catch (error) {
        problems.push(`${where}: fix "${fix.title}" does not apply: ${(error as Error).message}`);
        continue;
      }
      if (inputParsed && kind) {
        const after = parse(fixed, kind).notes.filter((n) => n.kind === 'parse-error' || n.kind === 'skipped');
        if (after.length)
          problems.push(
            `${where}: fix "${fix.title}" output does not parse: ${after[0].message}\n--- fixed text ---\n${fixed}`,
          );
      }
    }
  }
  return problems;
}

/** analyze() must never throw; returns the result and the violated invariants. */
export function analyzeChecked(file: string, text: string): { result: AnalysisResult; problems: string[] } {
  if (!isAnalysable(file)) {
    const result = analyze({ file, text });
    return { result, problems: result.findings.length ? ['findings for a file the engine does not analyse'] : [] };
  }
  const result = analyze({ file, text });
  return { result, problems: violations(file, text, result) };
}
