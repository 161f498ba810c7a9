// The one fix of the credentials family — move the secret to the environment — and the reporting
// every cred/ rule shares. The fix replaces the literal with `requireEnv('NAME')`, a lookup that
// fails fast when NAME is missing, and adds `NAME=` (never the value) to the project's
// `.env.example`, in one workspace edit. It is `needs-review`: the program now needs NAME set where
// it runs, which is the point, but it changes behaviour. Inside a config module that builds every
// environment at load (`{ development: {…}, production: {…} }`), the read is a plain
// `process.env.NAME`: a guard there would stop every environment for one environment's variable.
//
// The guard is one helper function per file, appended once: every fix of the file carries the same
// edit (applyFixes shares identical edits, so fixing several secrets together — even two in one
// object literal — adds it once), and a file that already declares `requireEnv` gets no second one.
// A guard statement inserted before each use would collide when two fixes target one statement.

import type { TSESTree } from '@typescript-eslint/types';
import { propertyKeyName } from '../../../server/engine/facts';
import type { Fix, RuleContext, TextEdit } from '../../../server/engine/types';
import { credentialCandidates, type Candidate, type CandidateKind } from './candidates';
import { browserSide } from '../../audit/shared/signals';

export const ENV_EXAMPLE = '.env.example';

export const GUARD = 'requireEnv';

const ENVIRONMENT_NAMES = /^(development|dev|production|prod|staging|stage|test|testing|local|qa|uat|preview)$/i;

/** Inside the value of a property named for an environment (a config object built for every environment at once). */
function inEnvironmentBlock(context: RuleContext, span: { start: number; end: number }): boolean {
  return context.facts.nodesOfType('Property').some((p) => {
    const key = propertyKeyName(p.key);
    return (
      key !== undefined && ENVIRONMENT_NAMES.test(key) && p.value.range[0] <= span.start && span.end <= p.value.range[1]
    );
  });
}

export function moveToEnvironment(candidate: Candidate, context?: RuleContext): Fix | undefined {
  if (!candidate.replacement || candidate.manual || candidate.fileKind === 'test') return undefined;
  // Browser code has no process.env at run time (the edit would throw where it ran), and whatever
  // it ships is public anyway: the secret belongs on the server, a change no edit here can make.
  if (context && !context.config && !context.template && browserSide(context.facts, context.file)) return undefined;
  const env = candidate.envName;
  const guarded =
    context &&
    !context.config &&
    !context.template &&
    candidate.literal !== undefined &&
    !inEnvironmentBlock(context, candidate.replacement.span);
  const replacement: TextEdit = guarded
    ? {
        span: candidate.replacement.span,
        newText: candidate.replacement.text.replace(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g, `${GUARD}('$1')`),
      }
    : { span: candidate.replacement.span, newText: candidate.replacement.text };
  const helper = guarded ? guardHelper(context) : undefined;
  return {
    title:
      candidate.fixTitle ??
      (guarded
        ? `Read the secret from process.env.${env}, failing fast when it is missing (and list ${env} in ${ENV_EXAMPLE})`
        : `Read the secret from process.env.${env} (and list ${env} in ${ENV_EXAMPLE})`),
    kind: 'needs-review',
    changes: guarded
      ? `the program now needs ${env} set where it runs and stops at this line when it is not`
      : `the program now reads ${env} from the environment and gets undefined where it is not set`,
    preferred: true,
    edits: [
      replacement,
      ...(helper ? [helper] : []),
      { file: ENV_EXAMPLE, appendLine: true, span: { start: 0, end: 0 }, newText: `${env}=` },
    ],
  };
}

/** The `requireEnv` helper appended at the end of the file, unless the file already has one. */
function guardHelper(context: RuleContext): TextEdit | undefined {
  if (context.facts.derive('cred/declares-guard', () => declaresGuard(context.ast))) return undefined;
  const ts = /\.(?:[cm]?ts|tsx)$/i.test(context.file);
  const end = context.text.length;
  const lead = context.text.endsWith('\n') || end === 0 ? '\n' : '\n\n';
  return {
    span: { start: end, end },
    newText:
      `${lead}/** A required setting from the environment; fails fast when it is missing instead of running without it. */\n` +
      `function ${GUARD}(name${ts ? ': string' : ''})${ts ? ': string' : ''} {\n` +
      '  const value = process.env[name];\n' +
      '  if (!value) throw new Error(`${name} is not set: add it to the environment (see .env.example)`);\n' +
      '  return value;\n' +
      '}\n',
  };
}

/** A top-level `requireEnv` the file declares or imports (the team's own helper is used as is). */
function declaresGuard(ast: TSESTree.Program): boolean {
  for (const statement of ast.body) {
    const s =
      (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration') &&
      statement.declaration
        ? statement.declaration
        : statement;
    if (s.type === 'FunctionDeclaration' && s.id?.name === GUARD) return true;
    if (
      s.type === 'VariableDeclaration' &&
      s.declarations.some((d) => d.id.type === 'Identifier' && d.id.name === GUARD)
    )
      return true;
    if (s.type === 'ImportDeclaration' && s.specifiers.some((sp) => sp.local.name === GUARD)) return true;
    if (
      s.type === 'VariableDeclaration' &&
      s.declarations.some(
        (d) =>
          d.id.type === 'ObjectPattern' &&
          d.id.properties.some((p) => p.type === 'Property' && p.value.type === 'Identifier' && p.value.name === GUARD),
      )
    )
      return true;
  }
  return false;
}

/** Report every candidate of one kind with the rule's messages: `<base>`, `<base>Manual`, `<base>Test`. */
export function reportCandidates(
  context: RuleContext,
  kind: CandidateKind,
  messageFor: (c: Candidate) => { messageId: string; data?: Record<string, string | undefined> },
): void {
  for (const candidate of credentialCandidates(context)) {
    if (candidate.kind !== kind) continue;
    const fix = moveToEnvironment(candidate, context);
    let { messageId, data } = messageFor(candidate);
    // A config file's finding names that file kind's paved road instead of a process.env rewrite.
    if (candidate.advice !== undefined && !SPECIFIC.has(messageId)) messageId = 'inConfig';
    else if (candidate.advice !== undefined && messageId === 'unverified') messageId = 'unverifiedInConfig';
    context.report({
      messageId,
      data: {
        masked: candidate.masked,
        what: candidate.what,
        advice: candidate.advice ?? '',
        Advice: capitalize(candidate.advice ?? ''),
        What: candidate.what.charAt(0).toUpperCase() + candidate.what.slice(1),
        env: candidate.envName,
        manual: candidate.manual ?? '',
        ...clean(data),
      },
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
