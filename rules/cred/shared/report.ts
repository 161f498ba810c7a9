// The one fix of the credentials family — move the secret to the environment — and the reporting
// every cred/ rule shares. The fix replaces the literal with `process.env.NAME` and adds `NAME=`
// (never the value) to the project's `.env.example`, in one workspace edit. It is `unsafe`: the
// program now needs NAME set where it runs, which is the point, but it changes behaviour.

import type { Fix, RuleContext } from '../../../server/engine/types';
import { credentialCandidates, type Candidate, type CandidateKind } from './candidates';

export const ENV_EXAMPLE = '.env.example';

export function moveToEnvironment(candidate: Candidate): Fix | undefined {
  if (!candidate.replacement || candidate.manual || candidate.fileKind === 'test') return undefined;
  const env = candidate.envName;
  return {
    title: candidate.fixTitle ?? `Read the secret from process.env.${env} (and list ${env} in ${ENV_EXAMPLE})`,
    safety: 'unsafe',
    preferred: true,
    edits: [
      { span: candidate.replacement.span, newText: candidate.replacement.text },
      { file: ENV_EXAMPLE, appendLine: true, span: { start: 0, end: 0 }, newText: `${env}=` },
    ],
  };
}

/** Report every candidate of one kind with the rule's messages: `<base>`, `<base>Manual`, `<base>Test`. */
export function reportCandidates(
  context: RuleContext,
  kind: CandidateKind,
  messageFor: (c: Candidate) => { messageId: string; data?: Record<string, string | undefined> },
): void {
  for (const candidate of credentialCandidates(context)) {
    if (candidate.kind !== kind) continue;
    const fix = moveToEnvironment(candidate);
    let { messageId, data } = messageFor(candidate);
    // A config file's finding names that file kind's paved road instead of a process.env rewrite.
    if (candidate.advice !== undefined && !SPECIFIC.has(messageId)) messageId = 'inConfig';
    context.report({
      messageId,
      data: { masked: candidate.masked, what: candidate.what, advice: candidate.advice ?? '', Advice: capitalize(candidate.advice ?? ''), What: candidate.what.charAt(0).toUpperCase() + candidate.what.slice(1), env: candidate.envName, manual: candidate.manual ?? '', ...clean(data) },
      span: candidate.span,
      steps: candidate.steps,
      fixes: fix ? [fix] : [],
      confidence: candidate.confidence,
    });
  }
}

/** Messages that say something more specific than the file kind's advice. */
const SPECIFIC = new Set(['inTest', 'unverified', 'lowRisk']);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function clean(data: Record<string, string | undefined> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter((e): e is [string, string] => e[1] !== undefined));
}
