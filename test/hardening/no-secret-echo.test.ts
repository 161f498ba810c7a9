// No secret is echoed by any output: a workspace full of credentials in well-known formats, with a
// real finding next to them, goes through every CLI format and the language server (diagnostics,
// related information, hovers, code actions, its log and stderr). The whole secret must appear in
// none of them; a masked form keeps at most a short prefix (server/engine/mask.ts once the
// credentials family lands). The secrets are built at run time so this file holds none.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { packageRoot } from '../../server/engine/paths';
import { startClient } from '../helpers/lsp-client';

const root = packageRoot();
const rnd = (alphabet: string, n: number, seed: number): string =>
  Array.from({ length: n }, (_, i) => alphabet[(seed * 7919 + i * 104729) % alphabet.length]).join('');
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const SECRETS = {
  aws: 'AKIA' + rnd(UPPER, 16, 1),
  github: 'ghp' + '_' + rnd(ALNUM, 36, 2),
  stripe: 'sk' + '_live_' + rnd(ALNUM, 24, 3),
  slack: 'xoxb-' + rnd('0123456789', 12, 4) + '-' + rnd(ALNUM, 24, 5),
  password: 'Tr0ub4dor&3-' + rnd(ALNUM, 10, 6),
};

const SOURCE = `const mysql = require('mysql2');
const AWS_ACCESS_KEY_ID = '${SECRETS.aws}';
const token = "${SECRETS.github}";
const stripe = require('stripe')('${SECRETS.stripe}');
const slack = { token: \`${SECRETS.slack}\` };
const c = mysql.createConnection({ host: 'db', user: 'app', password: '${SECRETS.password}' });
module.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);
`;

// The same secrets where they actually live: a committed .env, a JSON config, a compose file.
const CONFIGS: Record<string, { text: string; languageId: string }> = {
  '.env': {
    languageId: 'dotenv',
    text: `NODE_ENV=production\nDB_PASSWORD=${SECRETS.password}\nexport GITHUB_TOKEN="${SECRETS.github}"\n`,
  },
  'settings.json': {
    languageId: 'json',
    text: `{\n  "stripe": { "secretKey": "${SECRETS.stripe}" },\n  "db": { "password": "${SECRETS.password}" }\n}\n`,
  },
  'docker-compose.yml': {
    languageId: 'yaml',
    text: `services:\n  api:\n    environment:\n      AWS_ACCESS_KEY_ID: ${SECRETS.aws}\n  worker:\n    environment:\n      - SLACK_TOKEN=${SECRETS.slack}\n      - DB_PASSWORD=${SECRETS.password}\n`,
  },
};

function leaks(output: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => output.includes(secret))
    .map(([name]) => name);
}

describe('no secret is echoed by any output', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-secrets-'));
    fs.writeFileSync(path.join(dir, 'config.js'), SOURCE);
    for (const [name, { text }] of Object.entries(CONFIGS)) fs.writeFileSync(path.join(dir, name), text);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'sarif', 'html']) {
    it(`CLI ${format} output and its stderr (code, .env, JSON and YAML files)`, () => {
      const r = spawnSync(
        process.execPath,
        [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', format, '--fail-on', 'none'],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /sql\/string-built-query/, 'the scan did report');
      for (const name of Object.keys(CONFIGS)) assert.ok(r.stdout.includes(name), `the scan reported ${name}`);
      assert.deepEqual(leaks(r.stdout + r.stderr), []);
    });
  }

  it('language server: diagnostics, related information, hovers, code actions, log and stderr', async () => {
    const client = await startClient();
    const uri = pathToFileURL(path.join(dir, 'config.js')).href;
    try {
      const waiting = client.diagnostics(uri);
      client.open(uri, 'javascript', SOURCE);
      const { diagnostics } = await waiting;
      assert.ok(diagnostics.length >= 1);
      let seen = JSON.stringify(diagnostics);
      for (const d of diagnostics) {
        seen += JSON.stringify(
          await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d.range.start }),
        );
        const actions = await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: d.range,
          context: { diagnostics: [d] },
        });
        // A fix's replacement text may legitimately keep code; it must not re-insert a secret elsewhere.
        seen += JSON.stringify((actions ?? []).map((a) => ('title' in a ? a.title : '')));
      }
      for (const [name, { text, languageId }] of Object.entries(CONFIGS)) {
        const configUri = pathToFileURL(path.join(dir, name)).href;
        const pending = client.diagnostics(configUri);
        client.open(configUri, languageId, text);
        const found = (await pending).diagnostics;
        assert.ok(
          found.some((d) => String(d.code).startsWith('cred/')),
          `${name} has credential findings`,
        );
        seen += JSON.stringify(found);
        for (const d of found) {
          seen += JSON.stringify(
            await client.connection.sendRequest(HoverRequest.type, {
              textDocument: { uri: configUri },
              position: d.range.start,
            }),
          );
          const actions = await client.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: configUri },
            range: d.range,
            context: { diagnostics: [d] },
          });
          seen += JSON.stringify((actions ?? []).map((a) => ('title' in a ? a.title : '')));
        }
      }
      seen += client.logs.join('\n') + client.stderr();
      assert.deepEqual(leaks(seen), []);
    } finally {
      await client.close();
    }
  });
});
