// cred/provider-token: a key or token in a provider's documented format (GitHub, AWS, Stripe,
// Slack, Google, npm, OpenAI, Anthropic, SendGrid, Twilio, GitLab), a private key block or a signed
// JWT, anywhere in a string. The format is the evidence, so the name around it does not matter.

import { defineRule } from '../../../server/engine/rule';
import { reportCandidates } from '../shared/report';

export default defineRule({
  meta: {
    id: 'cred/provider-token',
    title: 'Provider token or private key in source code',
    summary:
      "A credential in a provider's documented format is written in the code; revoke it and read it from the environment.",
    cwe: ['CWE-798'],
    ssdf: ['PW.1.1', 'PS.1.1'],
    severity: 'error',
    confidence: 'high',
    fixKinds: ['needs-review'],
    messages: {
      leaked:
        '{{What}} `{{masked}}` is written in the source: everyone who can read the code, its history, forks and build logs can use it. Revoke it, then read it from the environment: process.env.{{env}}.',
      leakedManual:
        '{{What}} `{{masked}}` is written in the source: everyone who can read the code, its history, forks and build logs can use it. Revoke it and read it from the environment (process.env.{{env}}); no automatic fix because {{manual}}.',
      inTest:
        '{{What}} `{{masked}}` is in a test: a real token in a fixture is still a leaked token. Revoke it and use an obviously fake value; an environment variable is the wrong tool for test data.',
      unverified:
        '`{{masked}}` has the shape of a {{what}} but its checksum does not match, so it may be made up. If it is real, revoke it and read it from the environment: process.env.{{env}}.',
      lowRisk:
        '{{What}} `{{masked}}` is {{risk}}. Keep it out of the source anyway: read it from the environment (process.env.{{env}}).',
      unverifiedInConfig:
        '`{{masked}}` has the shape of a {{what}} but its checksum does not match, so it may be made up. If it is real, revoke it, then {{advice}}.',
      inConfig:
        '{{What}} `{{masked}}` is written in a config file: everyone who can read the repository, its history and build logs can use it. Revoke it, then {{advice}}.',
    },
  },
  check(context) {
    reportCandidates(context, 'provider', (c) => {
      if (c.fileKind === 'test') return { messageId: 'inTest', data: {} };
      if (c.token?.check === 'invalid') return { messageId: 'unverified', data: {} };
      if (c.lowRisk) return { messageId: 'lowRisk', data: { risk: c.lowRisk } };
      return { messageId: c.manual ? 'leakedManual' : 'leaked', data: {} };
    });
  },
});
