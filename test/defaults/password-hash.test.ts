// defaults/weak-password-hash, proven with Node's crypto: the rule's fix turns an md5 password hash
// into scrypt with a random salt, and the hash it stores verifies with the right password only.

import * as assert from 'node:assert/strict';
import { fixed, load } from './scenario';

const CODE = `
const crypto = require('crypto');

function hashPassword(password) {
  return crypto.createHash('md5').update(password).digest('hex');
}

module.exports = { hashPassword };
`;

describe('defaults/weak-password-hash: the scrypt fix with the real crypto.scrypt', () => {
  it('the fixed hash is salted, verifies with the right password and refuses a wrong one', () => {
    const before = load<{ hashPassword(p: string): string }>(CODE);
    assert.equal(
      before.hashPassword('hunter2'),
      before.hashPassword('hunter2'),
      'md5: equal passwords give equal hashes (one table cracks all)',
    );
    const after = fixed(CODE, 'defaults/weak-password-hash');
    assert.doesNotMatch(after, /createHash\('md5'\)/);
    // scryptVerify is the function the fix adds beside scryptHash; the test reaches it through the module.
    const mod = load<{ hashPassword(p: string): string; verify(p: string, h: string): boolean }>(
      `${after}\nmodule.exports.verify = scryptVerify;\n`,
    );
    const stored = mod.hashPassword('correct horse battery staple');
    assert.match(stored, /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
    assert.notEqual(mod.hashPassword('correct horse battery staple'), stored, 'a random salt per hash');
    assert.equal(mod.verify('correct horse battery staple', stored), true);
    assert.equal(mod.verify('correct horse battery stapler', stored), false);
    assert.equal(
      mod.verify('correct horse battery staple', before.hashPassword('correct horse battery staple')),
      false,
      'an old md5 hash is not mistaken for a scrypt one',
    );
  });

  it('a bcrypt cost below 10 is raised to 12 at its constant', () => {
    const after = fixed(
      "const bcrypt = require('bcryptjs');\nconst ROUNDS = 8;\nexports.hash = (password) => bcrypt.hash(password, ROUNDS);\n",
      'defaults/weak-password-hash',
    );
    assert.match(after, /const ROUNDS = 12;/);
  });
});
