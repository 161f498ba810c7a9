// The defaults family in the presets: `paved-road:recommended` runs every defaults rule at its
// default level (error for a defect a new project should not ship — TLS, hashes, randomness, ciphers,
// JWT, CORS; warning for cookie flags, session defaults, password length and missing controls; info
// for the breached-password hint), and loosening one needs a
// reason, like every rule, and then shows as a loosening.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRules } from '../../rules';
import { effectiveLevels, loadPolicy } from '../../server/config/load';

const DEFAULTS = allRules.filter((r) => r.meta.id.startsWith('defaults/')).map((r) => r.meta.id);

function policyOf(json: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-defaults-preset-'));
  try {
    fs.writeFileSync(path.join(dir, 'paved-road.json'), json);
    return loadPolicy(path.join(dir, 'paved-road.json'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('defaults family in the presets', () => {
  it('paved-road:recommended runs every defaults rule at its declared level, the defects as errors', () => {
    const p = policyOf('{ "extends": ["paved-road:recommended"] }');
    assert.deepEqual(p.errors, []);
    const levels = effectiveLevels(p.config);
    assert.ok(DEFAULTS.length >= 5);
    for (const rule of allRules.filter((r) => DEFAULTS.includes(r.meta.id)))
      assert.equal(levels[rule.meta.id], rule.meta.severity, rule.meta.id);
    for (const id of [
      'tls-verification-off',
      'weak-password-hash',
      'insecure-randomness',
      'weak-cipher',
      'jwt-misuse',
      'cors-credentials',
    ])
      assert.equal(levels[`defaults/${id}`], 'error', id);
  });

  it('turning TLS verification checks off needs a reason; with one it is listed as a loosening', () => {
    const bare = policyOf(
      '{ "extends": ["paved-road:recommended"], "rules": { "defaults/tls-verification-off": "off" } }',
    );
    assert.ok(
      bare.errors.some((e) => /defaults\/tls-verification-off.*needs a reason/.test(e.message)),
      bare.errors.map((e) => e.message).join('\n'),
    );
    assert.equal(
      effectiveLevels(bare.config)['defaults/tls-verification-off'],
      'error',
      'the secure fallback keeps it on',
    );
    const reasoned = policyOf(
      '{ "rules": { "defaults/weak-cipher": { "level": "warning", "reason": "3DES PIN blocks until the terminals are replaced, PAY-88" } } }',
    );
    assert.deepEqual(reasoned.errors, []);
    assert.deepEqual(
      reasoned.loosenings.map((l) => [l.ruleId, l.level]),
      [['defaults/weak-cipher', 'warning']],
    );
  });
});
