// findTokens skips a string that holds none of the formats' literal hints (formats.ts), and skips a
// format whose hint is absent. That is only sound if every match of a format's full pattern contains
// its hint: checked here on every token the credential rules' cases and the repository's own
// fixtures hold, and on tokens built to each format's shape (so no format goes unchecked).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOKEN_FORMATS } from '../../server/engine/secret-formats';
import { packageRoot } from '../../server/engine/paths';

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'heldout' && e.name !== 'node_modules') filesUnder(abs, out);
    } else if (e.isFile() && fs.statSync(abs).size < 1024 * 1024) out.push(abs);
  }
  return out;
}

/** One token of each format's shape (made up, not real credentials). */
const SHAPED = [
  'AKIAQWERTYUIOPASDFGH',
  'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5',
  'github_pat_11ABCDEFG0123456789abc_' + 'x9Y8w7V6u5T4s3R2q1P0o9N8m7L6k5J4i3H2g1F0e9D8c7B6a5Z4y3X2w1V',
  'glpat-aB3dE5gH7jK9mN1pQ3sT',
  'xoxb-1234567890-aB3dE5gH7jK9mN1pQ3sT5v',
  'https://hooks.slack.com/services/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',
  'sk_live_aB3dE5gH7jK9mN1pQ3sT5vW7yZ',
  'whsec_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5',
  'AIzaSyaB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3',
  'npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5',
  'sk-ant-api03-aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7',
  'sk-proj-aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9mN1',
  'SG.aB3dE5gH7jK9mN1pQ3sT5v.aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9m',
  'SK0123456789abcdef0123456789abcdef',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAaB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9m\n-----END RSA PRIVATE KEY-----',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3f',
];

describe('credential token prefilter', () => {
  const texts = [
    ...filesUnder(path.join(packageRoot(), 'rules', 'cred')).map((f) => fs.readFileSync(f, 'utf8')),
    ...filesUnder(path.join(packageRoot(), 'test', 'fixtures'))
      .filter((f) => !f.includes(`${path.sep}heldout${path.sep}`))
      .map((f) => fs.readFileSync(f, 'utf8')),
    SHAPED.join('\n'),
  ];

  it("every match of every format's full pattern contains that format's hint", () => {
    const matched = new Set<string>();
    for (const text of texts) {
      for (const format of TOKEN_FORMATS) {
        for (const m of text.matchAll(format.pattern)) {
          matched.add(format.id);
          assert.ok(
            format.hint.test(m[0]),
            `${format.id}: ${JSON.stringify(m[0].slice(0, 12))}… matches the pattern but not the hint ${format.hint}`,
          );
        }
      }
    }
    assert.deepEqual(
      TOKEN_FORMATS.map((f) => f.id).filter((id) => !matched.has(id)),
      [],
      'every format was checked on at least one match',
    );
  });
});
