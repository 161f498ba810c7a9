// cred/connection-string-password: a database, cache, broker or service URL with a password in
// it (`postgres://app:s3cret@db/app`, `mongodb+srv://…`, `redis://:pass@…`, `amqp://…`).

import { defineRule } from '../../../server/engine/rule';
import { reportCandidates } from '../shared/report';

export default defineRule({
  meta: {
    id: 'cred/connection-string-password',
    title: 'Password embedded in a connection string',
    summary: 'A connection URL carries its password in the code; read the whole URL from the environment instead.',
    cwe: ['CWE-798', 'CWE-259'],
    ssdf: ['PW.1.1', 'PS.1.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      embedded:
        'The {{what}} `{{masked}}` embeds a password: anyone with the code can connect as that user. Read the whole URL from the environment: process.env.{{env}}.',
      embeddedManual:
        'The {{what}} `{{masked}}` embeds a password: anyone with the code can connect as that user. No automatic fix: {{manual}}.',
      inConfig:
        'The {{what}} `{{masked}}` in this config file embeds a password: anyone with the repository can connect as that user. {{Advice}}.',
    },
  },
  check(context) {
    reportCandidates(context, 'connection', (c) => ({ messageId: c.manual ? 'embeddedManual' : 'embedded', data: {} }));
  },
});
