// audit/console-instead-of-audit-log: a security decision whose only trail is console.*, which is
// not an audit trail (no structure, no level, often dropped in production). The same level as the
// missing-event rules (which stay silent on such paths): for incident response and brute-force
// detection a console line is as good as no event. The fix adds the structured event next to it.

import { defineRule } from '../../../server/engine/rule';
import { reportFamily } from '../shared/decisions';

export default defineRule({
  meta: {
    id: 'audit/console-instead-of-audit-log',
    title: 'Security event written only with console',
    summary:
      'A security decision is recorded only with console.*, which is not an audit trail; write a structured audit event instead.',
    cwe: ['CWE-778'],
    ssdf: ['PW.1.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      console:
        'The security event decided here ({{where}}) is recorded only with `console.*`, which is not an audit trail: unstructured, without a level or UTC timestamp, and often dropped in production (CWE-778). Write a structured audit event ({{events}}) with the audit logger instead.',
    },
  },
  check(context) {
    reportFamily(context, 'console');
  },
});
