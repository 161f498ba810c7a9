// defaults/breached-password-check: a hint. A password policy of 8 characters or more is written for
// a form that sets a password, and nothing in the file checks the new password against known
// breached ones (NIST SP 800-63B §5.1.1.2: "passwords obtained from previous breach corpuses").
// Information level and low confidence: the check may well live in another file (a service the
// handler calls), which one file cannot see.

import type { RuleContext } from '../../../server/engine/types';
import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { BREACH_CHECK, MINIMUM, passwordPolicies, setsPassword } from '../shared/password';

export default defineRule({
  meta: {
    id: 'defaults/breached-password-check',
    title: 'Password policy without a breached-password check',
    summary:
      'A password policy sets a minimum length, but nothing checks new passwords against known breached ones (NIST SP 800-63B).',
    cwe: ['CWE-521'],
    ssdf: ['PW.1.1'],
    severity: 'info',
    confidence: 'low',
    fixKinds: [],
    messages: {
      hint: 'Hint: `{{field}}` has a minimum length, but nothing in this file checks new passwords against known breached ones (NIST SP 800-63B), e.g. the Have I Been Pwned range API (k-anonymity: only a 5-character hash prefix leaves the server).',
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    if (breachChecked(context)) return;
    for (const p of passwordPolicies(context)) {
      if (p.min < MINIMUM || !setsPassword(context, p.node)) continue;
      context.report({ messageId: 'hint', data: { field: p.field }, span: context.facts.span(p.node) });
    }
  },
});

/** A name or string in the code (not a comment) that speaks of breached passwords: `isPwned`, `'hibp'`, `checkBreached`. */
function breachChecked(context: RuleContext): boolean {
  const { facts } = context;
  if (facts.nodesOfType('Identifier').some((n) => BREACH_CHECK.test(n.name))) return true;
  return facts.nodesOfType('Literal').some((n) => typeof n.value === 'string' && BREACH_CHECK.test(n.value));
}
