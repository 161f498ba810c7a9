// audit/unlogged-authentication: a credential check (bcrypt, argon2, timingSafeEqual, jwt.verify,
// OTP, a passport callback) or a login/logout/sign-up/password-reset/MFA route whose success or
// failure branch reaches no audit event. The fix adds a structured event on that branch.

import { defineRule } from '../../../server/engine/rule';
import { reportFamily } from '../shared/decisions';

export default defineRule({
  meta: {
    id: 'audit/unlogged-authentication',
    title: 'Authentication decision without an audit event',
    summary:
      'A login, credential or token check decides success or failure without writing an audit event on that branch; add a structured audit event (authn_login_fail / authn_login_success).',
    cwe: ['CWE-778'],
    ssdf: ['PW.1.1'],
    severity: 'warning',
    confidence: 'medium',
    fixKinds: ['needs-review', 'guidance'],
    messages: {
      branch:
        '`{{check}}` decides an authentication, but {{branches}} no audit event{{also}}: failed and successful logins leave no trail for incident response or brute-force detection (CWE-778). Add a structured audit event ({{events}}) with who, outcome, source IP and UTC time on that branch.',
      failure:
        'This authentication failure (`{{form}}`, line {{line}}) reaches no audit event: failed logins leave no trail for incident response or brute-force detection (CWE-778). Add a structured audit event ({{events}}) with the submitted identifier, source IP and UTC time before it.',
      failures:
        'These authentication failures (`{{form}}`, lines {{line}}) reach no audit event: failed logins leave no trail for incident response or brute-force detection (CWE-778). Add a structured audit event ({{events}}) with the submitted identifier, source IP and UTC time before each.',
      successes:
        'This {{what}} (`{{form}}`, lines {{line}}) reaches no audit event: successful logins and new accounts leave no trail, so a taken-over account cannot be traced (CWE-778). Add a structured audit event ({{events}}) with who, source IP and UTC time before each.',
      logout:
        'This logout (`{{call}}`) reaches no audit event: the end of a session leaves no trail, so an investigation cannot tell when a stolen session was closed or kept (CWE-778). Add a structured audit event ({{events}}) with who, source IP and UTC time before it.',
      success:
        'This {{what}} (`{{form}}`, line {{line}}) reaches no audit event: successful logins and new accounts leave no trail, so a taken-over account cannot be traced (CWE-778). Add a structured audit event ({{events}}) with who, source IP and UTC time before it.',
      route:
        'This {{what}} route ({{route}}) reaches no audit event on its success path: the security event leaves no trail for incident response (CWE-778). Add a structured audit event ({{events}}) with who, outcome, source IP and UTC time before the response.',
    },
  },
  check(context) {
    reportFamily(context, 'authn');
  },
});
