// defaults/insecure-randomness: the fixed code runs and keeps the value's format, now from
// crypto.randomInt / crypto.randomBytes.

import * as assert from 'node:assert/strict';
import { fixed, load } from './scenario';

describe('defaults/insecure-randomness: the fixed code runs with node:crypto', () => {
  it('a gift-card code keeps its alphabet and shape', () => {
    const code = [
      "const crypto = require('crypto');",
      "const CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';",
      'function giftCardCode() {',
      "  let s = '';",
      '  for (let i = 0; i < 12; i++) s += CHARS[Math.floor(Math.random() * CHARS.length)];',
      '  return s;',
      '}',
      'module.exports = giftCardCode;',
      '',
    ].join('\n');
    const after = fixed(code, 'defaults/insecure-randomness');
    assert.match(after, /crypto\.randomInt\(CHARS\.length\)/);
    const make = load<() => string>(after);
    const codes = new Set(Array.from({ length: 50 }, make));
    for (const c of codes) assert.match(c, /^[A-HJ-NP-Z2-9]{12}$/);
    assert.equal(codes.size, 50);
  });

  it('a reset token becomes 32 hex characters from randomBytes, adding the crypto import', () => {
    const code =
      'module.exports = function resetLink() {\n  const resetToken = Math.random().toString(36).slice(2);\n  return `/reset/${resetToken}`;\n};\n';
    const after = fixed(code, 'defaults/insecure-randomness');
    assert.match(after, /require\('crypto'\)/);
    assert.match(load<() => string>(after)(), /^\/reset\/[0-9a-f]{32}$/);
  });
});
