// Training mode (the `pavedRoad.training` setting, or the `paved-road:training` preset): messages
// explain more, the quick fix is offered only after a "show hint" step, and findings link to the
// course's lesson for their family when the workspace has one (`lessons/<category>.md`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleDocSection, ruleExplanation } from '../docs';
import type { Finding } from '../engine/types';

export const SHOW_HINT_COMMAND = 'pavedRoad.showHint';
const MAX_LESSON_SEARCH_DEPTH = 6;

/** The message with the first sentences of "The problem" added, so the finding teaches on its own. */
export function trainingMessage(finding: Finding): string {
  const why = ruleExplanation(finding.ruleId).replace(/\s+/g, ' ');
  const sentences =
    why
      .match(/[^.!?]+[.!?]+/g)
      ?.slice(0, 2)
      .join('')
      .trim() ?? why;
  return sentences ? `${finding.message}\n\nWhy it matters: ${sentences}` : finding.message;
}

/** The hint shown before the fix: the paved road in words, without the answer's code. */
export function hintFor(ruleId: string): string {
  const paved = ruleDocSection(ruleId, 'The paved road') ?? '';
  const firstParagraph =
    paved.split(/\n\s*\n/).find((p) => p.trim() && !p.startsWith('#') && !p.startsWith('```')) ?? '';
  return `Hint (${ruleId}): ${firstParagraph.replace(/\s+/g, ' ').trim()}`;
}

/** `lessons/<category>.md` in the file's folder or one of its parents (the course workspace layout). */
export function lessonFor(file: string, ruleId: string): string | undefined {
  const category = ruleId.split('/')[0];
  let dir = path.dirname(file);
  for (let i = 0; i < MAX_LESSON_SEARCH_DEPTH; i++) {
    const candidate = path.join(dir, 'lessons', `${category}.md`);
    if (fs.existsSync(candidate)) return pathToFileURL(candidate).href;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/** Which findings have had their hint shown, per document; a fix is offered only after it. */
export class Hints {
  private readonly shown = new Map<string, Set<string>>();

  static key(ruleId: string, start: { line: number; character: number }): string {
    return `${ruleId}@${start.line}:${start.character}`;
  }

  mark(uri: string, key: string): void {
    let set = this.shown.get(uri);
    if (!set) this.shown.set(uri, (set = new Set()));
    set.add(key);
  }

  has(uri: string, key: string): boolean {
    return this.shown.get(uri)?.has(key) ?? false;
  }

  forget(uri: string): void {
    this.shown.delete(uri);
  }
}
