// cred/secret-in-sink: a literal used as a key or password by the code that needs one: JWT signing
// and verification, session and cookie secrets, HMAC and cipher keys, database, broker and mail
// passwords, SDK clients. Whatever its strength, a key in the code is a key everyone has.

import { defineRule } from '../../../server/engine/rule';
import { reportCandidates } from '../shared/report';

export default defineRule({
  meta: {
    id: 'cred/secret-in-sink',
    title: 'Hardcoded key or password passed to a security API',
    summary:
      'A literal is used as a signing key, session secret, encryption key, database password or API key; read it from the environment instead.',
    cwe: ['CWE-798', 'CWE-321'],
    ssdf: ['PW.1.1', 'PS.1.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      sink: 'A hardcoded value (`{{masked}}`) is used as {{what}}: anyone with the code can {{impact}}. Read it from the environment: process.env.{{env}}.',
      sinkManual:
        'A hardcoded value (`{{masked}}`) is used as {{what}}: anyone with the code can {{impact}}. Move it to the environment; no automatic fix: {{manual}}.',
    },
  },
  check(context) {
    reportCandidates(context, 'sink', (c) => ({
      messageId: c.manual ? 'sinkManual' : 'sink',
      data: { impact: c.sink?.impact ?? 'use it' },
    }));
  },
});
