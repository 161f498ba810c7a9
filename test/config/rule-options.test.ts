// Per-rule options: each rule that takes options declares their schema and defaults in
// `meta.options` (defineRule); the config schema's per-rule `options` derive from those schemas;
// a config whose options a rule's schema refuses is an error naming the rule and the key, and it
// fails closed (the secure defaults); a valid option reaches the rule over its defaults.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { allRules } from '../../rules';
import { configSchema, loadPolicy, type ConfigHost, type Policy } from '../../server/config/load';
import { withPolicy } from '../../server/config/resolve';
import { analyze } from '../../server/host/analyze';
import { packageRoot } from '../../server/engine/paths';

const dir = path.resolve('/virtual/options');

function policyOf(config: unknown): Policy {
  const file = path.join(dir, 'paved-road.json');
  const text = JSON.stringify(config, null, 2);
  const host: ConfigHost = {
    readFile: (f) => {
      if (f !== file) throw new Error('ENOENT');
      return text;
    },
    isFile: (f) => f === file,
    isDirectory: () => false,
  };
  return loadPolicy(file, host);
}

const missingControl = (options: unknown) => policyOf({ rules: { 'defaults/missing-control': { options } } });

// An admin route behind a sign-in guard and a role check, with no MFA step-up: compliant by default,
// missing a control when the team requires MFA on admin routes.
const ADMIN = `
const express = require('express');
const router = express.Router();
router.post('/admin/users/:id/role', requireUser, requireRole('admin'), async (req, res) => {
  await setRole(req.params.id, req.body.role);
  res.sendStatus(204);
});
module.exports = router;
`;

describe('rule options (meta.options)', () => {
  const withOptions = allRules.filter((r) => r.meta.options);

  it("some rule takes options, and each rule's defaults are valid against its own schema", () => {
    assert.ok(withOptions.some((r) => r.meta.id === 'defaults/missing-control'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const rule of withOptions) {
      const validate = ajv.compile(rule.meta.options!.schema);
      assert.ok(validate(rule.meta.options!.defaults), `${rule.meta.id}: ${ajv.errorsText(validate.errors)}`);
    }
  });

  it("the shipped schema's per-rule options are the rules' own schemas (VS Code validates with the file)", () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'schema/paved-road.schema.json'), 'utf8'));
    const derived = configSchema() as typeof shipped;
    assert.deepEqual(
      shipped.properties.rules.properties,
      derived.properties.rules.properties,
      `schema/paved-road.schema.json rules.properties must be exactly:\n${JSON.stringify(derived.properties.rules.properties, null, 2)}`,
    );
    assert.deepEqual(Object.keys(shipped.properties.rules.properties).sort(), withOptions.map((r) => r.meta.id).sort());
    // A rule that takes no options accepts none.
    assert.equal(shipped.definitions.ruleEntry.oneOf[1].properties.options.additionalProperties, false);
  });

  it('a bad value is a config error naming the rule, the key and what it accepts, and the config fails closed', () => {
    const policy = missingControl({ require: { mfa: 'sometimes' } });
    assert.equal(policy.errors.length, 1, JSON.stringify(policy.errors));
    assert.match(
      policy.errors[0].message,
      /^option 'require\.mfa' of defaults\/missing-control must be one of "all", "admin", "auth", "none"; .*secure defaults/,
    );
    assert.equal(policy.errors[0].line, 6, 'the line of the bad value');
    assert.deepEqual(policy.config.rules, {}, 'no option of a refused config reaches a rule');
  });

  it('an unknown option, or an option for a rule that takes none, is an error naming both', () => {
    assert.match(
      missingControl({ requires: { mfa: 'admin' } }).errors[0]?.message ?? '',
      /^defaults\/missing-control has no option 'requires': its options are 'require'; /,
    );
    assert.match(
      missingControl({ require: { mfaa: 'admin' } }).errors[0]?.message ?? '',
      /^defaults\/missing-control has no option 'require\.mfaa': check its spelling/,
    );
    assert.match(
      missingControl({ require: 'all' }).errors[0]?.message ?? '',
      /^option 'require' of defaults\/missing-control must be object/,
    );
    const none = policyOf({ rules: { 'sql/string-built-query': { level: 'error', options: { maxParts: 3 } } } });
    assert.match(
      none.errors[0]?.message ?? '',
      /^sql\/string-built-query has no option 'maxParts': it takes no options; /,
    );
    assert.deepEqual(
      none.config.rules,
      {},
      'fail closed: a config the schema refuses is not applied, every rule runs at its secure default',
    );
    assert.deepEqual(policyOf({ rules: { 'sql/string-built-query': { options: {} } } }).errors, []);
  });

  it('a valid option reaches the rule, over the defaults it does not name', () => {
    const findings = (policy: Policy) =>
      analyze({ file: 'routes/admin.js', text: ADMIN }, withPolicy({}, policy), undefined).findings.filter(
        (f) => f.ruleId === 'defaults/missing-control',
      );
    assert.deepEqual(
      findings(policyOf({})),
      [],
      'by default an admin route needs authentication and a role check, which it has',
    );
    const policy = missingControl({ require: { mfa: 'admin' } });
    assert.deepEqual(policy.errors, []);
    assert.deepEqual(policy.config.rules, { 'defaults/missing-control': { options: { require: { mfa: 'admin' } } } });
    const raised = findings(policy);
    assert.equal(raised.length, 1);
    assert.match(raised[0].message, /POST \/admin\/users\/:id\/role has no MFA \(step-up\)/);
    // The defaults it does not name stay: requiring MFA does not drop authentication on admin routes.
    const open = analyze(
      { file: 'routes/admin.js', text: ADMIN.replace("requireUser, requireRole('admin'), ", '') },
      withPolicy({}, policy),
      undefined,
    ).findings.filter((f) => f.ruleId === 'defaults/missing-control');
    assert.match(open[0]?.message ?? '', /missing 3 required controls/);
    // An editor setting that only sets the level keeps the team's options.
    assert.deepEqual(withPolicy({ rules: { 'defaults/missing-control': 'error' } }, policy).rules, {
      'defaults/missing-control': { options: { require: { mfa: 'admin' } }, level: 'error' },
    });
  });
});
