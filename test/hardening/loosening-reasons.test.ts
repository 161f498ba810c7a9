// Issue 20, break 1: team knowledge that loosens without a reason. A declared sanitizer, a secret
// name to ignore, an audit logger, a SQL tagged template, an ignore and a baseline each make
// findings vanish; each needs a reason in visible words (or the config is invalid and the secure
// defaults stay), and each shows in every posture channel with how many findings it silenced.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../server/host/analyze';
import { knowledgeKey } from '../../server/engine/loosened';
import { loadPolicy } from '../../server/config/load';
import { packageRoot } from '../../server/engine/paths';
import type { TeamKnowledge } from '../../server/engine/types';
import { startClient } from '../helpers/lsp-client';

const root = packageRoot();
function tmpTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-loosening-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const cli = (args: string[], cwd: string): { code: number; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
};

// One SQL injection and one XSS through `tidy`, one hardcoded password under `dbPass`.
const APP = `const mysql = require('mysql2');
const { tidy } = require('./util');
const c = mysql.createConnection({});
const dbPass = "Sup3rS3cretPassw0rd!";
module.exports = (req) => {
  c.query('SELECT * FROM t WHERE id = ' + tidy(req.query.id));
  document.body.innerHTML = tidy(location.hash);
  return dbPass;
};
`;
const UTIL = 'exports.tidy = (s) => s;\n';
const ISSUE_CONFIG =
  '{"knowledge": {"sanitizers": [{"module": "./util", "name": "tidy", "for": ["xss", "sql"]}], "secretNamesToIgnore": ["dbPass"]}}';
const REASONED = JSON.stringify(
  {
    knowledge: {
      sanitizers: [
        { module: './util', name: 'tidy', for: ['xss', 'sql'], reason: 'tidy escapes for HTML and SQL (SEC-1)' },
      ],
      secretNamesToIgnore: [{ name: 'dbPass', reason: 'a test fixture value' }],
    },
    ignores: [{ pattern: 'generated/', reason: 'generated from the spec, reviewed there' }],
  },
  null,
  2,
);

describe('fail closed: every loosening has a reason and shows what it silenced', function () {
  this.timeout(60000);

  it("the issue's config (a sanitizer and a secret name without reasons) is invalid: exit 2, and the SQL injection, the XSS and the password are still reported", () => {
    const dir = tmpTree({ 'app.js': APP, 'util.js': UTIL, 'paved-road.json': ISSUE_CONFIG });
    const r = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /knowledge\.sanitizers\[0\] loosens the analysis and needs a written reason/);
    assert.match(r.stderr, /knowledge\.secretNamesToIgnore\[0\] loosens the analysis and needs a written reason/);
    const rules = (JSON.parse(r.stdout).files[0].findings as { ruleId: string }[]).map((f) => f.ruleId).sort();
    assert.deepEqual(rules, ['cred/hardcoded-secret', 'sql/string-built-query', 'xss/dom-html-sink']);
    const posture = cli(['posture', '.'], dir);
    assert.equal(posture.code, 2);
    assert.doesNotMatch(posture.stdout, /0 loosened, 0 suppressed$/m, 'a broken config is never a clean posture');
    assert.match(posture.stdout, /config error/);
  });

  for (const invisible of ['', '   ', '\u200b', '\u200b\u200c\u200d\u2060\ufeff', '\u3164', '\t\n', '\u202e\u2066']) {
    it(`a reason of ${JSON.stringify(invisible)} is no reason, for every kind of loosening`, () => {
      const configs: Record<string, unknown> = {
        rule: { rules: { 'sql/string-built-query': { level: 'off', reason: invisible } } },
        sanitizer: { knowledge: { sanitizers: [{ name: 'tidy', for: ['sql'], reason: invisible }] } },
        tagged: { knowledge: { sqlTaggedTemplates: [{ name: 'sql', reason: invisible }] } },
        logger: { knowledge: { auditLoggers: [{ name: 'audit.record', reason: invisible }] } },
        secret: { knowledge: { secretNamesToIgnore: [{ name: 'dbPass', reason: invisible }] } },
        ignore: { ignores: [{ pattern: 'generated/', reason: invisible }] },
        baseline: { baseline: { file: 'b.json', reason: invisible } },
      };
      for (const [kind, config] of Object.entries(configs)) {
        const dir = tmpTree({ 'paved-road.json': JSON.stringify(config) });
        const policy = loadPolicy(path.join(dir, 'paved-road.json'));
        assert.ok(policy.errors.length > 0, `${kind}: ${JSON.stringify(invisible)} accepted`);
        assert.deepEqual(
          [policy.loosenings, policy.declared, policy.ignores, policy.baseline],
          [[], [], [], undefined],
          kind,
        );
        const k = policy.config.knowledge ?? {};
        assert.deepEqual(
          [k.sanitizers, k.sqlTaggedTemplates, k.auditLoggers, k.secretNamesToIgnore],
          [undefined, undefined, undefined, undefined],
          kind,
        );
      }
    });
  }

  it('each declaration counts exactly the findings it hid, and counting never changes the findings', () => {
    const cases: { knowledge: TeamKnowledge; key: string; text: string; hidden: number }[] = [
      {
        knowledge: { sanitizers: [{ module: './util', name: 'tidy', for: ['xss', 'sql'] }] },
        key: knowledgeKey('sanitizer', { module: './util', name: 'tidy' }),
        text: APP,
        hidden: 2,
      },
      {
        knowledge: { secretNamesToIgnore: ['dbPass'] },
        key: knowledgeKey('secret-name', 'dbPass'),
        text: APP,
        hidden: 1,
      },
      {
        knowledge: { sqlTaggedTemplates: [{ name: 'q' }] },
        key: knowledgeKey('sql-tagged-template', { name: 'q' }),
        text: "const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nconst q = (s, ...v) => s.join('?');\nexports.f = (req) => c.query(q`SELECT * FROM t WHERE id = ${req.query.id}` + req.query.x);\n",
        hidden: -1,
      },
      {
        knowledge: { auditLoggers: [{ name: 'log.write' }] },
        key: knowledgeKey('audit-logger', { name: 'log.write' }),
        text: "const log = { write() {} };\nexports.login = (req, res) => { if (!check(req.body.password)) { log.write('login failed'); return res.status(401).end(); } };\n",
        hidden: -1,
      },
    ];
    for (const c of cases) {
      const withIt = analyze({ file: 'a.js', text: c.text }, { knowledge: c.knowledge });
      const without = analyze({ file: 'a.js', text: c.text }, {});
      const difference = without.findings.length - withIt.findings.length;
      if (c.hidden >= 0) assert.equal(difference, c.hidden, c.key);
      assert.equal(withIt.silenced?.[c.key] ?? 0, difference, `${c.key}: counted what removing it reveals`);
      // The findings are those of the config as written: the re-runs only count.
      const again = analyze({ file: 'a.js', text: c.text }, { knowledge: c.knowledge });
      assert.deepEqual(again.findings, withIt.findings);
    }
    // A declaration not named in a file costs nothing there and hid nothing.
    const clean = analyze({ file: 'b.js', text: 'exports.x = 1;\n' }, { knowledge: cases[0].knowledge });
    assert.equal(clean.silenced, undefined);
  });

  it('the CLI shows each loosening with its reason and what it silenced: posture text, markdown, badge and JSON, scan JSON, SARIF and HTML', () => {
    const dir = tmpTree({ 'app.js': APP, 'util.js': UTIL, 'paved-road.json': REASONED, 'generated/api.js': APP });
    const text = cli(['posture', '.'], dir);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^Paved Road posture: 0 findings, 3 loosened, 3 findings hidden by declared loosenings, 0 suppressed/,
    );
    assert.match(
      text.stdout,
      /sanitizer tidy from \.\/util \(xss, sql\) — paved-road\.json:4 — silenced 2 findings in this scan\n {4}reason: tidy escapes for HTML and SQL \(SEC-1\)/,
    );
    assert.match(
      text.stdout,
      /secret name to ignore "dbPass" — paved-road\.json:\d+ — silenced 1 finding in this scan\n {4}reason: a test fixture value/,
    );
    assert.match(
      text.stdout,
      /ignored path generated\/ — paved-road\.json:\d+ — left out 1 file in this scan\n {4}reason: generated from the spec, reviewed there/,
    );
    const markdown = cli(['posture', '.', '--format', 'markdown'], dir).stdout;
    // Markdown escapes the parentheses of what a config supplied (server/config/markdown.ts).
    assert.match(
      markdown,
      /\| sanitizer tidy from \.\/util \\\(xss, sql\\\) \| paved-road\.json:4 \| tidy escapes for HTML and SQL \\\(SEC-1\\\) \| silenced 2 findings in this scan \|/,
    );
    assert.match(
      cli(['posture', '.', '--format', 'badge'], dir).stdout,
      /"message":"0 findings, 3 loosened","color":"yellow"/,
    );
    const postureJson = JSON.parse(cli(['posture', '.', '--format', 'json'], dir).stdout) as {
      declared: { kind: string; reason: string; silenced: number }[];
    };
    assert.deepEqual(
      postureJson.declared.map((d) => [d.kind, d.silenced]),
      [
        ['sanitizer', 2],
        ['secret-name', 1],
        ['ignore', 1],
      ],
    );

    const scan = cli(['scan', '.', '--format', 'json'], dir);
    assert.equal(scan.code, 0, scan.stderr);
    assert.match(
      scan.stderr,
      /not reported: 1 files ignored by config, 3 hidden by the team's declared sanitizers, loggers or secret names \(see posture\)/,
    );
    const loosenings = JSON.parse(scan.stdout).loosenings as {
      kind: string;
      reason: string;
      findingsSilenced?: number;
      filesLeftOut?: number;
    }[];
    assert.deepEqual(
      loosenings.map((l) => [l.kind, l.reason, l.findingsSilenced ?? l.filesLeftOut]),
      [
        ['sanitizer', 'tidy escapes for HTML and SQL (SEC-1)', 2],
        ['secret-name', 'a test fixture value', 1],
        ['ignore', 'generated from the spec, reviewed there', 1],
      ],
    );
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif'], dir).stdout);
    const configNotes = sarif.runs[0].invocations[0].toolConfigurationNotifications as {
      descriptor: { id: string };
      message: { text: string };
    }[];
    assert.deepEqual(
      configNotes.map((n) => n.descriptor.id),
      ['loosening/sanitizer', 'loosening/secret-name', 'loosening/ignore'],
    );
    assert.match(
      configNotes[0].message.text,
      /reason: tidy escapes for HTML and SQL \(SEC-1\); silenced 2 finding\(s\) in this scan/,
    );
    const html = cli(['scan', '.', '--format', 'html'], dir).stdout;
    assert.match(
      html,
      /<h2>Declared loosenings<\/h2>\n<table>.*sanitizer tidy from \.\/util \(xss, sql\).*tidy escapes for HTML and SQL \(SEC-1\).*2 findings.*a test fixture value.*1 finding<.*1 file left out/s,
    );
  });

  it('a baseline needs a reason and shows how many findings it hid', () => {
    const dir = tmpTree({ 'app.js': APP, 'util.js': UTIL });
    assert.equal(cli(['scan', '.', '--write-baseline', 'baseline.json'], dir).code, 0);
    fs.writeFileSync(path.join(dir, 'paved-road.json'), '{ "baseline": "baseline.json" }');
    assert.equal(cli(['scan', '.'], dir).code, 2, 'the form without a reason is refused');
    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      '{ "baseline": { "file": "baseline.json", "reason": "accepted before the 2026 audit, SEC-400" } }',
    );
    const posture = cli(['posture', '.'], dir);
    assert.equal(posture.code, 0, posture.stderr);
    assert.match(
      posture.stdout,
      /baseline baseline\.json — paved-road\.json:1 — silenced 3 findings in this scan\n {4}reason: accepted before the 2026 audit, SEC-400/,
    );
  });

  it("the language server's posture (the status bar) lists each declaration with its reason and what it hid", async () => {
    const dir = tmpTree({ 'app.js': APP, 'util.js': UTIL, 'paved-road.json': REASONED });
    const uri = pathToFileURL(path.join(dir, 'app.js')).href;
    const client = await startClient({ rootUri: pathToFileURL(dir).href });
    try {
      const waiting = client.diagnostics(uri);
      client.open(uri, 'javascript', APP);
      assert.deepEqual((await waiting).diagnostics, []);
      const posture = (await client.connection.sendRequest('pavedRoad/posture')) as {
        line: string;
        loosened: number;
        silencedByDeclared: number;
        markdown: string;
      };
      assert.equal(posture.loosened, 3);
      assert.equal(posture.silencedByDeclared, 3);
      assert.match(posture.line, /^0 findings, 3 loosened, 3 findings hidden by declared loosenings/);
      assert.match(
        posture.markdown,
        /\| sanitizer tidy from \.\/util \\\(xss, sql\\\) \| paved-road\.json:4 \| tidy escapes for HTML and SQL \\\(SEC-1\\\) \| silenced 2 findings in this scan \|/,
      );
      assert.match(
        posture.markdown,
        /\| secret name to ignore "dbPass" \|.*\| a test fixture value \| silenced 1 finding in this scan \|/,
      );
    } finally {
      await client.close();
    }
  });
});
