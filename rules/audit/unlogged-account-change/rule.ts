// audit/unlogged-account-change: password/e-mail/MFA changes, role and permission grants or
// revocations, user creation/deletion/lock, impersonation, API-key creation/revocation that reach
// no audit event. The fix adds the OWASP event (authz_change, user_deleted …) after the change.

import { defineRule } from '../../../server/engine/rule';
import { reportFamily } from '../shared/decisions';

export default defineRule({
  meta: {
    id: 'audit/unlogged-account-change',
    title: 'Account or privilege change without an audit event',
    summary:
      'A route or call changes an account, its credentials or its privileges without writing an audit event; add a structured event such as authz_change or user_deleted.',
    cwe: ['CWE-778'],
    ssdf: ['PW.1.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      route:
        'This {{what}} route ({{route}}) reaches no audit event on its success path: an attacker who takes over an account or escalates privileges leaves no trail (CWE-778). Add a structured audit event ({{events}}) with who, what, source IP and UTC time before the response.',
      password:
        'A {{what}} is stored here (`{{call}}`) but no audit event is reached on this path{{also}}: a change made by someone who took over the account, or through a flawed reset link, leaves no trail (CWE-778). Add a structured audit event ({{events}}) with whose account, source IP and UTC time after it.',
      operation:
        '`{{call}}` changes an account or its privileges but no audit event is reached on this path: the change leaves no trail (CWE-778). Add a structured audit event ({{events}}) with who, what, source IP and UTC time after it.',
    },
  },
  check(context) {
    reportFamily(context, 'account');
  },
});
