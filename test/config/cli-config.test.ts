// Team configs through the CLI as CI runs it: config errors exit 2 naming rule, file and line;
// suppressions and baselines show in JSON and SARIF; `paved-road posture` prints the loosenings.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { packageRoot } from '../../server/engine/paths';
import { tmpTree } from './load.test';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');
const RULE = 'sql/string-built-query';

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const QUERY = `c.query('SELECT * FROM t WHERE id = ' + req.query.id)`;
const APP = `const mysql = require('mysql2');
const c = mysql.createConnection({});
// paved-road-ignore-next-line ${RULE} -- id is validated as an integer by the router
exports.a = (req) => ${QUERY};
exports.b = (req) => ${QUERY};
// paved-road-ignore-next-line ${RULE}
exports.c = (req) => ${QUERY};
`;

describe('CLI with team configs', () => {
  it('a loosening without a reason exits 2 naming the rule, the file and the line; the rule stays at error', () => {
    const dir = tmpTree({ 'paved-road.json': `{\n  "rules": {\n    "${RULE}": "off"\n  }\n}\n`, 'app.js': APP });
    const r = run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr,
      /^paved-road: config error: paved-road\.json:3:5: turning 'sql\/string-built-query' off .* needs a reason/m,
    );
    const json = JSON.parse(r.stdout);
    assert.ok(json.files[0].findings.every((f: { severity: string }) => f.severity === 'error'));
    assert.equal(json.files[0].findings.length, 2, 'the secure default still reports');
  });

  it('suppressions: a valid one moves the finding to `suppressions` with its justification; one without a reason is reported', () => {
    const dir = tmpTree({ 'app.js': APP });
    const r = run(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const file = JSON.parse(r.stdout).files[0];
    assert.deepEqual(
      file.findings.map((f: { start: { line: number } }) => f.start.line),
      [5, 7],
    );
    assert.equal(file.suppressions.length, 1);
    assert.equal(file.suppressions[0].start.line, 4);
    assert.equal(file.suppressions[0].suppression.justification, 'id is validated as an integer by the router');
    assert.ok(
      file.notes.some(
        (n: { kind: string; message: string }) =>
          n.kind === 'config' && /has no reason, so it suppresses nothing/.test(n.message),
      ),
    );
    assert.match(
      run(['scan', '.'], dir).stdout,
      /^app\.js:6: note: paved-road-ignore-next-line sql\/string-built-query has no reason/m,
    );
  });

  it('SARIF lists suppressed and baselined results with `suppressions` and stays schema-valid', () => {
    const dir = tmpTree({ 'app.js': APP });
    assert.equal(run(['scan', '.', '--write-baseline', 'baseline.json'], dir).code, 0);
    fs.appendFileSync(path.join(dir, 'app.js'), `exports.d = (req) => ${QUERY};\n`);
    const r = run(['scan', '.', '--format', 'sarif', '--baseline', 'baseline.json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const sarif = JSON.parse(r.stdout);
    const results = sarif.runs[0].results as {
      suppressions?: { kind: string; justification: string }[];
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const open = results.filter((x) => !x.suppressions);
    assert.deepEqual(
      open.map((x) => x.locations[0].physicalLocation.region.startLine),
      [8],
      'only the new finding is open',
    );
    assert.deepEqual(
      results
        .filter((x) => x.suppressions)
        .map((x) => x.suppressions![0].kind)
        .sort(),
      ['external', 'external', 'inSource'],
    );
    assert.ok(results.some((x) => x.suppressions?.[0].justification === 'id is validated as an integer by the router'));
    const schema = JSON.parse(
      fs.readFileSync(path.join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  });

  it('a baseline survives line shifts: only new findings are reported', () => {
    const dir = tmpTree({ 'src/app.js': APP });
    const w = run(['scan', '.', '--write-baseline', 'paved-road-baseline.json'], dir);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stderr, /wrote 2 findings to paved-road-baseline\.json/);
    assert.equal(run(['scan', '.', '--baseline', 'paved-road-baseline.json'], dir).code, 0);
    // Insert lines above, and a new finding below: the old ones stay baselined.
    fs.writeFileSync(path.join(dir, 'src/app.js'), `// header\n// more header\n${APP}exports.e = (req) => ${QUERY};\n`);
    const r = run(['scan', '.', '--baseline', 'paved-road-baseline.json', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.deepEqual(
      json.files[0].findings.map((f: { start: { line: number } }) => f.start.line),
      [10],
    );
    assert.equal(json.summary.baselined, 2);
    // A config can name the baseline, so the editor honours it too.
    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      '{ "baseline": { "file": "paved-road-baseline.json", "reason": "findings from before the audit" } }',
    );
    assert.equal(JSON.parse(run(['scan', '.', '--format', 'json'], dir).stdout).summary.baselined, 2);
    // A broken baseline is a usage error, never "everything is baselined".
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"version": 7}');
    assert.equal(run(['scan', '.', '--baseline', 'bad.json'], dir).code, 2);
  });

  it('`paved-road posture` lists each loosening with its reason and the risk from the rule docs, and suppressions', () => {
    const dir = tmpTree({
      'paved-road.json': `{ "extends": ["paved-road:recommended"], "rules": { "${RULE}": { "level": "warning", "reason": "legacy reports module, SEC-142" } } }`,
      'app.js': APP,
    });
    const r = run(['posture'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Paved Road posture: 2 findings, 1 loosened, 1 suppressed/);
    assert.match(r.stdout, /sql\/string-built-query: warning \(default error\) — paved-road\.json:1/);
    assert.match(r.stdout, /reason: legacy reports module, SEC-142/);
    assert.match(r.stdout, /risk accepted: Turning this rule off or down means/);
    assert.match(r.stdout, /app\.js:3 +sql\/string-built-query — id is validated as an integer by the router/);
    const json = JSON.parse(run(['posture', '--format', 'json'], dir).stdout);
    assert.equal(json.loosenings[0].reason, 'legacy reports module, SEC-142');
    const badge = JSON.parse(run(['posture', '--format', 'badge'], dir).stdout);
    assert.deepEqual(badge, {
      schemaVersion: 1,
      label: 'paved road',
      message: '2 findings, 2 loosened',
      color: 'yellow',
    });
    assert.match(run(['posture', '--format', 'markdown'], dir).stdout, /\*\*Risk accepted:\*\*/);
  });

  it('a monorepo: each package follows its own config, and ignores are honoured', () => {
    const dir = tmpTree({
      'paved-road.json':
        '{ "ignores": [{ "pattern": "fixtures/", "reason": "test fixtures, vulnerable on purpose" }] }',
      'packages/legacy/paved-road.json': `{ "rules": { "${RULE}": { "level": "info", "reason": "rewritten in Q3" } } }`,
      'packages/legacy/a.js': APP,
      'packages/api/a.js': APP,
      'fixtures/a.js': APP,
    });
    const json = JSON.parse(run(['scan', '.', '--format', 'json', '--fail-on', 'none'], dir).stdout);
    const levels = Object.fromEntries(
      json.files.map((f: { path: string; findings: { severity: string }[] }) => [
        f.path,
        f.findings.map((x) => x.severity),
      ]),
    );
    assert.deepEqual(levels, { 'packages/api/a.js': ['error', 'error'], 'packages/legacy/a.js': ['info', 'info'] });
    assert.equal(json.summary.ignored, 1);
  });
});
