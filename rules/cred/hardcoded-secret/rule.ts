// cred/hardcoded-secret: a secret-shaped string given a credential's name (`password`, `apiKey`,
// `clientSecret`, `X-Api-Key`, an `Authorization` header). Names that describe a credential
// (`passwordLabel`, `tokenType`, `secretName`) and values that are labels, lookup keys, paths,
// placeholders or identifiers are not secrets; that is where most scanners cry wolf.

import { defineRule } from '../../../server/engine/rule';
import { reportCandidates } from '../shared/report';

export default defineRule({
  meta: {
    id: 'cred/hardcoded-secret',
    title: 'Hardcoded secret',
    summary:
      'A password, key or token is written as a literal; read it from the environment or a secret manager instead.',
    cwe: ['CWE-798', 'CWE-259'],
    ssdf: ['PW.1.1', 'PS.1.1'],
    severity: 'error',
    confidence: 'medium',
    fixKinds: ['needs-review'],
    messages: {
      hardcoded:
        '{{What}} is set to a hardcoded {{kind}} (`{{masked}}`): it ships in every clone, backup and build log, and changing it means a code change. Read it from the environment: process.env.{{env}}.',
      hardcodedManual:
        '{{What}} is set to a hardcoded {{kind}} (`{{masked}}`): it ships in every clone, backup and build log. Move it out of the code; no automatic fix: {{manual}}.',
      inConfig:
        '{{What}} holds a hardcoded {{kind}} (`{{masked}}`) in a config file: it ships in every clone, backup and build log. {{Advice}}.',
    },
  },
  check(context) {
    reportCandidates(context, 'named', (c) => ({
      messageId: c.manual ? 'hardcodedManual' : 'hardcoded',
      data: {
        kind:
          c.nameKind === 'password'
            ? 'password'
            : c.nameKind === 'token'
              ? 'token'
              : c.nameKind === 'key'
                ? 'key'
                : c.nameKind === 'credentials'
                  ? 'credential'
                  : 'secret',
      },
    }));
  },
});
