// defaults/jwt-misuse, proven with jsonwebtoken: after the rule's fixes an expired token, an
// unsigned (`alg: none`) token and an HS256 token forged with the RS256 public key are refused,
// and a token the issuer really signed is still accepted.

import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { fixed, load } from './scenario';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const unsigned = (claims: object) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;

type Verify = (token: string) => { sub?: string };

// jsonwebtoken ships no types and the project has no @types for it; the test needs only `sign`.
const jwt = require('jsonwebtoken') as {
  sign(claims: object, key: string, options?: { algorithm?: string; expiresIn?: string }): string;
};

describe('defaults/jwt-misuse: the fixes with the real jsonwebtoken', () => {
  // Signed when a test runs, not when mocha loads the file: on a loaded machine this suite may start
  // long after loading, and a token minted then would have expired (a clock, not the fix, refusing it).
  const signed = (): string => jwt.sign({ sub: 'alice' }, privateKey, { algorithm: 'RS256', expiresIn: '5m' });
  const expired = jwt.sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }, privateKey, {
    algorithm: 'RS256',
  });

  it('ignoreExpiration: an expired token is accepted before the fix and refused after', () => {
    const code =
      "const jwt = require('jsonwebtoken');\nmodule.exports = (token) => jwt.verify(token, PUBLIC_KEY, { algorithms: ['RS256'], ignoreExpiration: true });\n";
    assert.equal(load<Verify>(code, { PUBLIC_KEY: publicKey })(expired).sub, 'alice');
    const after = load<Verify>(fixed(code, 'defaults/jwt-misuse'), { PUBLIC_KEY: publicKey });
    assert.throws(() => after(expired), /jwt expired/);
    assert.equal(after(signed()).sub, 'alice');
  });

  it("'none' in algorithms: an unsigned token is accepted before the fix when the secret is unset, refused after", () => {
    const code =
      "const jwt = require('jsonwebtoken');\nmodule.exports = (token) => jwt.verify(token, SECRET, { algorithms: ['HS256', 'none'] });\n";
    // The secret comes from an environment variable nobody set: jsonwebtoken then takes the unsigned token.
    assert.equal(load<Verify>(code, { SECRET: undefined })(unsigned({ sub: 'admin' })).sub, 'admin');
    const after = fixed(code, 'defaults/jwt-misuse');
    assert.throws(() => load<Verify>(after, { SECRET: undefined })(unsigned({ sub: 'admin' })));
    const withSecret = load<Verify>(after, { SECRET: 'a-long-random-shared-secret-for-the-test' });
    assert.throws(() => withSecret(unsigned({ sub: 'admin' })));
    assert.equal(
      withSecret(jwt.sign({ sub: 'bob' }, 'a-long-random-shared-secret-for-the-test', { algorithm: 'HS256' })).sub,
      'bob',
    );
  });

  it('verify without algorithms: the fix pins the algorithm the file signs with; none and forged HS256 tokens are refused', () => {
    const code = [
      "const jwt = require('jsonwebtoken');",
      "exports.sign = (claims) => jwt.sign(claims, PRIVATE_KEY, { algorithm: 'RS256' });",
      'exports.verify = (token) => jwt.verify(token, PUBLIC_KEY);',
      '',
    ].join('\n');
    const after = fixed(code, 'defaults/jwt-misuse');
    assert.match(after, /algorithms: \['RS256'\]/);
    const mod = load<{ verify: Verify }>(after, { PRIVATE_KEY: privateKey, PUBLIC_KEY: publicKey });
    assert.equal(mod.verify(signed()).sub, 'alice');
    assert.throws(() => mod.verify(unsigned({ sub: 'admin' })));
    // The algorithm-confusion forgery: HS256 keyed with the public key (built by hand: jsonwebtoken refuses to sign it).
    const { createHmac } = require('node:crypto') as typeof import('node:crypto');
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin' })}`;
    const forged = `${head}.${createHmac('sha256', publicKey).update(head).digest('base64url')}`;
    assert.throws(() => mod.verify(forged));
  });
});
