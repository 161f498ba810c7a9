// audit/unlogged-high-risk-operation: admin routes that change things, data export or bulk
// download, and security/configuration setting changes that reach no audit event.

import { defineRule } from '../../../server/engine/rule';
import { reportFamily } from '../shared/decisions';

export default defineRule({
  meta: {
    id: 'audit/unlogged-high-risk-operation',
    title: 'High-risk operation without an audit event',
    summary:
      'An admin action, data export or security-setting change runs without writing an audit event; add a structured event such as authz_admin or sensitive_read.',
    cwe: ['CWE-778'],
    ssdf: ['PW.1.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      route:
        'This {{what}} route ({{route}}) reaches no audit event on its success path: misuse of high-risk functionality (by an insider or a stolen admin session) leaves no trail (CWE-778). Add a structured audit event ({{events}}) with who, what, source IP and UTC time before the response.',
    },
  },
  check(context) {
    reportFamily(context, 'high-risk');
  },
});
