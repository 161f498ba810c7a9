// audit/unlogged-access-denial: a handler, middleware or guard denies access (401/403 responses,
// ctx.throw, Nest UnauthorizedException/ForbiddenException, Boom, guards returning false) and no
// audit event is reached on that path. The fix adds an `authz_fail` event before the denial.

import { defineRule } from '../../../server/engine/rule';
import { reportFamily } from '../shared/decisions';

export default defineRule({
  meta: {
    id: 'audit/unlogged-access-denial',
    title: 'Access denial without an audit event',
    summary:
      'A 401/403 response, throw or guard denies access without writing an audit event; add a structured authz_fail event on that path.',
    cwe: ['CWE-778'],
    ssdf: ['PW.1.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      denial:
        'Access is denied here (`{{form}}`, {{status}}) but no audit event is reached on this path: probing and privilege-escalation attempts stay invisible (CWE-778). Add a structured audit event ({{events}}) with who, resource, source IP and UTC time before the denial.',
    },
  },
  check(context) {
    reportFamily(context, 'authz');
  },
});
