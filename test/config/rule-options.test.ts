// Per-rule options: each rule that takes options declares their schema and defaults in
// `meta.options` (defineRule); the config schema's per-rule `options` derive from those schemas;
// a config whose options a rule's schema refuses is an error naming the rule and the key, and it
// fails closed (the secure defaults); a valid option reaches the rule over its defaults.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import Ajv from 'ajv';
import { allRules } from '../../rules';
import { configSchema, loadPolicy, type ConfigHost, type Policy } from '../../server/config/load';
import { withPolicy } from '../../server/config/resolve';
import { analyze } from '../../server/host/analyze';
import { packageRoot } from '../../server/engine/paths';
import { defineRule, looserOptions } from '../../server/engine/rule';

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

  describe('an option looser than its default is a loosening (meta.options.looser)', () => {
    const rule = (entry: unknown) => policyOf({ rules: { 'defaults/missing-control': entry } });

    it('needs a reason in visible words: without one the config is an error naming the option and the secure defaults stay', () => {
      for (const reason of [undefined, ' \u200b ']) {
        const policy = rule({
          options: { require: { rateLimit: 'none' } },
          ...(reason === undefined ? {} : { reason }),
        });
        assert.equal(policy.errors.length, 1, JSON.stringify(reason));
        assert.match(
          policy.errors[0].message,
          /^option 'require\.rateLimit' of defaults\/missing-control set to "none" loosens it \(its default is "auth"\) and needs a reason: add "reason"/,
        );
        assert.equal(policy.errors[0].line, 6, 'the line of the option');
        assert.deepEqual(policy.config.rules, {}, 'fail closed: the looser options are not applied');
        assert.deepEqual(policy.loosenings, []);
      }
      // 'auth' does not cover the admin routes the default 'admin' covers: looser too.
      assert.equal(rule({ options: { require: { authorization: 'auth' } } }).errors.length, 1);
    });

    it('a stricter or equal value needs no reason and is no loosening', () => {
      for (const require of [
        { rateLimit: 'all' },
        { authentication: 'admin', mfa: 'admin' },
        { inputValidation: 'all' },
      ]) {
        const policy = rule({ options: { require } });
        assert.deepEqual(policy.errors, [], JSON.stringify(require));
        assert.deepEqual(policy.loosenings, [], JSON.stringify(require));
      }
    });

    it('with a reason it applies and is listed with the option, the value, the default, the reason and where', () => {
      const policy = rule({
        options: { require: { rateLimit: 'none', mfa: 'admin' } },
        reason: 'the gateway rate-limits (NET-7)',
      });
      assert.deepEqual(policy.errors, []);
      assert.deepEqual(
        policy.loosenings.map((l) => [l.ruleId, l.option, l.reason, path.basename(l.file), l.line]),
        [
          [
            'defaults/missing-control',
            { path: 'require.rateLimit', value: 'none', default: 'auth' },
            'the gateway rate-limits (NET-7)',
            'paved-road.json',
            3,
          ],
        ],
      );
    });

    it("a shared config's reasoned loosening keeps its reason and place when a later config only sets the level", () => {
      const shared = path.join(dir, 'shared', 'paved-road.json');
      const local = path.join(dir, 'paved-road.json');
      const texts: Record<string, string> = {
        [shared]: JSON.stringify({
          rules: {
            'defaults/missing-control': {
              options: { require: { authentication: 'none' } },
              reason: 'SSO proxy signs in (ARCH-2)',
            },
          },
        }),
        [local]: JSON.stringify({
          extends: './shared/paved-road.json',
          rules: { 'defaults/missing-control': 'error' },
        }),
      };
      const host: ConfigHost = {
        readFile: (f) => {
          if (!(f in texts)) throw new Error('ENOENT');
          return texts[f];
        },
        isFile: (f) => f in texts,
        isDirectory: () => false,
      };
      const policy = loadPolicy(local, host);
      assert.deepEqual(policy.errors, []);
      assert.deepEqual(
        policy.loosenings.map((l) => [l.option?.path, l.reason, l.file, l.level]),
        [['require.authentication', 'SSO proxy signs in (ARCH-2)', shared, 'error']],
      );
      // The same loosening without a reason in the shared config fails the whole chain closed.
      texts[shared] = JSON.stringify({
        rules: { 'defaults/missing-control': { options: { require: { authentication: 'none' } } } },
      });
      const refused = loadPolicy(local, host);
      assert.equal(refused.errors.length, 1);
      assert.equal(refused.errors[0].file, shared);
      assert.equal(refused.config.rules?.['defaults/missing-control'], 'error', 'only what is stricter survives');
    });

    it('a rule that declares a looser value for an option it has no default for is refused when the registry loads', () => {
      assert.throws(
        () =>
          defineRule({
            meta: {
              ...allRules.find((r) => r.meta.id === 'defaults/missing-control')!.meta,
              options: {
                defaults: { limit: 8 },
                schema: { type: 'object', additionalProperties: false, properties: { limit: { type: 'number' } } },
                looser: { minimum: { below: 8 } },
              },
            },
            check() {},
          }),
        /options\.looser names 'minimum', which has no default/,
      );
      // The three forms of a looser value.
      const meta = {
        ...allRules[0].meta,
        options: {
          defaults: { minLength: 8, mode: 'strict', exceptions: [] },
          schema: {
            type: 'object' as const,
            additionalProperties: false as const,
            properties: { minLength: {}, mode: {}, exceptions: {} },
          },
          looser: { minLength: { below: 8 }, mode: { values: ['loose'] }, exceptions: { nonEmpty: true as const } },
        },
      };
      assert.deepEqual(
        looserOptions(meta, { minLength: 6, mode: 'loose', exceptions: ['legacy.internal'] }).map((o) => o.path),
        ['minLength', 'mode', 'exceptions'],
      );
      assert.deepEqual(looserOptions(meta, { minLength: 12, mode: 'strict', exceptions: [] }), []);
    });

    it('the CLI shows it with its reason: posture text and markdown, scan JSON, SARIF and HTML', () => {
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-option-loosening-'));
      fs.mkdirSync(path.join(work, 'routes'));
      fs.writeFileSync(path.join(work, 'routes', 'admin.js'), ADMIN);
      fs.writeFileSync(
        path.join(work, 'paved-road.json'),
        JSON.stringify(
          {
            rules: {
              'defaults/missing-control': {
                options: { require: { rateLimit: 'none' } },
                reason: 'the gateway rate-limits (NET-7)',
              },
            },
          },
          null,
          2,
        ),
      );
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, [path.join(packageRoot(), 'dist', 'cli.js'), ...args], {
          cwd: work,
          encoding: 'utf8',
        });
      const text = cli('posture', '.');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /, 1 loosened,/);
      assert.match(
        text.stdout,
        /defaults\/missing-control: option require\.rateLimit = "none" \(default "auth"\) — paved-road\.json:3\n {4}reason: the gateway rate-limits \(NET-7\)/,
      );
      assert.match(
        cli('posture', '.', '--format', 'markdown').stdout,
        /### defaults\/missing-control: option require\.rateLimit = "none" \\\(default "auth"\\\)\n\nSet in `paved-road\.json:3`\.\n\n\*\*Reason given:\*\* the gateway rate-limits \\\(NET-7\\\)/,
      );
      const json = JSON.parse(cli('scan', '.', '--format', 'json').stdout);
      assert.deepEqual(json.loosenings, [
        {
          kind: 'rule-option',
          what: 'defaults/missing-control: option require.rateLimit = "none" (default "auth")',
          ruleId: 'defaults/missing-control',
          option: 'require.rateLimit',
          value: 'none',
          default: 'auth',
          reason: 'the gateway rate-limits (NET-7)',
          where: 'paved-road.json:3',
        },
      ]);
      const sarif = JSON.parse(cli('scan', '.', '--format', 'sarif').stdout);
      const [note] = sarif.runs[0].invocations[0].toolConfigurationNotifications;
      assert.equal(note.descriptor.id, 'loosening/rule-option');
      assert.match(
        note.message.text,
        /option require\.rateLimit = "none" \(default "auth"\).*reason: the gateway rate-limits \(NET-7\)/,
      );
      assert.match(
        cli('scan', '.', '--format', 'html').stdout,
        /<h2>Loosened rules<\/h2>\n<table>.*<td>defaults\/missing-control<\/td><td>option require\.rateLimit = &quot;none&quot; \(default &quot;auth&quot;\)<\/td><td>the gateway rate-limits \(NET-7\)<\/td>/s,
      );
      fs.rmSync(work, { recursive: true, force: true });
    });
  });
});
