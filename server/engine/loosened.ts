// Team knowledge that loosens the analysis (a declared sanitizer, a tagged template believed to
// bind, an audit logger that vouches for events, a secret name to ignore) and how many findings
// each one silenced in a file. Counting never changes the result: the file is analysed as the
// config says, then — only when a declaration is named in the text — the rules of the families it
// touches run again without it, and the findings that appear only then are what it hid.

import type { CalleeRef, Category, TeamKnowledge } from './types';

export type KnowledgeLooseningKind =
  | 'sanitizer'
  | 'sql-tagged-template'
  | 'audit-logger'
  | 'secret-name'
  | 'guard'
  | 'validator'
  | 'rate-limiter'
  | 'mfa-check';

/** The config field each kind lives in (for messages and posture). */
export const KNOWLEDGE_FIELD: Record<KnowledgeLooseningKind, keyof TeamKnowledge> = {
  sanitizer: 'sanitizers',
  'sql-tagged-template': 'sqlTaggedTemplates',
  'audit-logger': 'auditLoggers',
  'secret-name': 'secretNamesToIgnore',
  guard: 'guards',
  validator: 'validators',
  'rate-limiter': 'rateLimiters',
  'mfa-check': 'mfaChecks',
};

/** A stable key for one declaration: what the engine counts against and the posture shows. */
export function knowledgeKey(kind: KnowledgeLooseningKind, entry: CalleeRef | string): string {
  return typeof entry === 'string' ? `${kind}:${entry.toLowerCase()}` : `${kind}:${entry.module ?? ''}#${entry.name}`;
}

export interface KnowledgeDeclaration {
  key: string;
  kind: KnowledgeLooseningKind;
  /** The families whose findings it can hide. */
  categories: Category[];
  /** The word that must appear in a file for the declaration to matter there (lower case). */
  word: string;
  /** The knowledge without this declaration. */
  without(knowledge: TeamKnowledge): TeamKnowledge;
}

const lastSegment = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** Every loosening declaration in a team's knowledge, one per key. */
export function knowledgeDeclarations(knowledge: TeamKnowledge): KnowledgeDeclaration[] {
  const out = new Map<string, KnowledgeDeclaration>();
  const add = (declaration: KnowledgeDeclaration): void => {
    if (!out.has(declaration.key)) out.set(declaration.key, declaration);
  };
  const callees = (
    kind: KnowledgeLooseningKind,
    field:
      | 'sanitizers'
      | 'sqlTaggedTemplates'
      | 'auditLoggers'
      | 'guards'
      | 'validators'
      | 'rateLimiters'
      | 'mfaChecks',
    categories: (ref: CalleeRef) => Category[],
  ): void => {
    for (const ref of (knowledge[field] ?? []) as CalleeRef[]) {
      const key = knowledgeKey(kind, ref);
      add({
        key,
        kind,
        categories: categories(ref),
        word: lastSegment(ref.name),
        without: (k) => ({
          ...k,
          [field]: ((k[field] ?? []) as CalleeRef[]).filter((r) => knowledgeKey(kind, r) !== key),
        }),
      });
    }
  };
  callees('sanitizer', 'sanitizers', (ref) => [...(ref as CalleeRef & { for: Category[] }).for]);
  callees('sql-tagged-template', 'sqlTaggedTemplates', () => ['sql']);
  callees('audit-logger', 'auditLoggers', () => ['audit']);
  // Route controls the team vouches for: they can hide defaults/missing-control findings.
  callees('guard', 'guards', () => ['defaults']);
  callees('validator', 'validators', () => ['defaults']);
  callees('rate-limiter', 'rateLimiters', () => ['defaults']);
  callees('mfa-check', 'mfaChecks', () => ['defaults']);
  for (const name of knowledge.secretNamesToIgnore ?? []) {
    const key = knowledgeKey('secret-name', name);
    add({
      key,
      kind: 'secret-name',
      categories: ['cred'],
      word: name.toLowerCase(),
      without: (k) => ({
        ...k,
        secretNamesToIgnore: (k.secretNamesToIgnore ?? []).filter((n) => knowledgeKey('secret-name', n) !== key),
      }),
    });
  }
  return [...out.values()];
}

/** At most this many single-declaration re-runs per file; past it, what the rest hid together is counted under MANY_KEY. */
export const MAX_RERUNS_PER_FILE = 16;
export const MANY_KEY = 'knowledge:*';

/** A finding's identity for counting what a re-run adds. */
export const findingKey = (f: { ruleId: string; span: { start: number; end: number }; message: string }): string =>
  `${f.ruleId}\0${f.span.start}\0${f.span.end}\0${f.message}`;

/**
 * How many reported findings each declaration named in `text` hid. `rerun(knowledge, categories)`
 * analyses the same text with other knowledge (only the rules of those families) and returns the
 * keys of the findings it would report. One re-run without all of them first: nothing more, and
 * no declaration hid anything (the common case costs one re-run).
 */
export function countSilenced(
  text: string,
  knowledge: TeamKnowledge,
  reported: readonly string[],
  rerun: (knowledge: TeamKnowledge, categories: ReadonlySet<Category>) => string[],
): Record<string, number> {
  const lower = text.toLowerCase();
  const named = knowledgeDeclarations(knowledge).filter((d) => d.word && lower.includes(d.word));
  if (!named.length) return {};
  const extra = (k: TeamKnowledge, categories: ReadonlySet<Category>): number => {
    const base = new Map<string, number>();
    for (const key of reported) base.set(key, (base.get(key) ?? 0) + 1);
    let n = 0;
    for (const key of rerun(k, categories)) {
      const left = base.get(key) ?? 0;
      if (left > 0) base.set(key, left - 1);
      else n++;
    }
    return n;
  };
  const allCategories = new Set(named.flatMap((d) => d.categories));
  const together = extra(
    named.reduce((k, d) => d.without(k), knowledge),
    allCategories,
  );
  if (!together) return {};
  const out: Record<string, number> = {};
  let attributed = 0;
  for (const d of named.slice(0, MAX_RERUNS_PER_FILE)) {
    const n = extra(d.without(knowledge), new Set(d.categories));
    if (n) {
      out[d.key] = n;
      attributed += n;
    }
  }
  // Declarations that only hide a finding together (two sanitizers around one value), or past the cap.
  if (together > attributed) out[MANY_KEY] = together - attributed;
  return out;
}
