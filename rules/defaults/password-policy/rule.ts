// defaults/password-policy: a password that is being set may be shorter than 8 characters (NIST SP
// 800-63B §5.1.1.2) — Joi/zod/yup `.min(n)`, class-validator `@MinLength(n)`, `@Length(n, …)`,
// `@IsStrongPassword({ minLength: n })`, express-validator `isLength({ min: n })`, mongoose
// `minlength`/`minLength` (shared/password.ts finds them). A minimum of 0 or 1 means "not empty"
// (a login form) and is not a policy; nor is any minimum on a login form (a schema, DTO or route
// named for logging in: shared/password.ts `setsPassword`).

import { defineRule } from '../../../server/engine/rule';
import { fileKindOf } from '../../cred/shared/candidates';
import { MINIMUM, passwordPolicies, setsPassword } from '../shared/password';

export default defineRule({
  meta: {
    id: 'defaults/password-policy',
    title: 'Password minimum below 8 characters',
    summary: 'A password being set may be shorter than 8 characters (NIST SP 800-63B); require at least 8.',
    cwe: ['CWE-521'],
    ssdf: ['PW.9.1', 'PW.1.1'],
    severity: 'warning',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      short:
        'The password `{{field}}` may be {{min}} characters long: short passwords fall to guessing and credential stuffing. NIST SP 800-63B asks for at least 8 (and a check against known breached passwords).',
    },
  },
  check(context) {
    // Tests set up throwaway servers, sessions and passwords on purpose.
    if (fileKindOf(context.file, context.text) === 'test') return;
    const { facts } = context;
    for (const p of passwordPolicies(context)) {
      if (p.min <= 1 || p.min >= MINIMUM) continue; // 0/1: "not empty", a login form, not a policy
      // A login form checks a password that already exists (`class LoginDto`, `const loginSchema`): its minimum is no policy.
      if (!setsPassword(context, p.node)) continue;
      context.report({
        messageId: 'short',
        data: { field: p.field, min: p.min },
        span: facts.span(p.node),
        ...(p.edit
          ? {
              fixes: [
                {
                  title: `Require at least ${MINIMUM} characters`,
                  kind: 'needs-review' as const,
                  changes: `passwords shorter than ${MINIMUM} characters are now refused when set`,
                  preferred: true,
                  edits: [{ span: facts.span(p.edit), newText: String(MINIMUM) }],
                },
              ],
            }
          : {}),
      });
    }
  },
});
