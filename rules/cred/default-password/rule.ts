// cred/default-password: a well-known default (`admin`, `changeme`, `password`, `root`/`toor`,
// `123456`, express-session's `keyboard cat`…) used as a password or secret, including seed
// scripts. It has no entropy to measure, so it is found by list, not by strength.

import { defineRule } from '../../../server/engine/rule';
import { reportCandidates } from '../shared/report';

export default defineRule({
  meta: {
    id: 'cred/default-password',
    title: 'Default or well-known password',
    summary:
      'A well-known default password or secret is used as a credential; require a real one from the environment and never ship a default.',
    cwe: ['CWE-1392', 'CWE-798'],
    ssdf: ['PW.9.1', 'PW.1.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      known:
        '{{What}} is a well-known default (`{{masked}}`), the first value an attacker tries. Require a real one from the environment (process.env.{{env}}) and never ship a default.',
      seed: '{{What}} is a well-known default (`{{masked}}`) in a seed script, so every seeded environment shares a guessable login. Take it from the environment (process.env.{{env}}), or generate one with crypto.randomBytes and hand it over out of band.',
      compared:
        '{{What}} is compared with a well-known default (`{{masked}}`): anyone can log in with it. No automatic fix: {{manual}}.',
      inConfig:
        '{{What}} is a well-known default (`{{masked}}`) in a config file, the first value an attacker tries. Require a real one and never ship a default: {{advice}}.',
    },
  },
  check(context) {
    reportCandidates(context, 'default', (c) => ({
      messageId: c.manual ? 'compared' : c.fileKind === 'seed' ? 'seed' : 'known',
      data: {},
    }));
  },
});
