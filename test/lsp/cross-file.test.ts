// The editor follows data across modules (issue 23): the workspace is indexed in the background,
// an open document is analysed with the summaries of what it imports (relatedInformation points
// into the other file), and an edit of the imported module re-analyses the dependent open document.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startClient, type TestClient } from '../helpers/lsp-client';

const HELPER = `function buildQuery(name) {
  let sql = 'SELECT id FROM users WHERE active = true';
  if (name) sql += " AND name = '" + name + "'";
  return sql;
}
module.exports = { buildQuery };
`;
const HELPER_FIXED = `function buildQuery(name) {
  return 'SELECT id FROM users WHERE active = true';
}
module.exports = { buildQuery };
`;
const REPO = `const { Pool } = require('pg');
const { buildQuery } = require('./lib/filters');
const pool = new Pool();
async function search(name) {
  const { rows } = await pool.query(buildQuery(name));
  return rows;
}
module.exports = { search };
`;

/** The next diagnostics for `uri` that satisfy `accept` (already published ones count). */
async function until(
  client: TestClient,
  uri: string,
  accept: (p: PublishDiagnosticsParams) => boolean,
  from = 0,
): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const seen = client.published.slice(from).filter((p) => p.uri === uri);
    const last = seen[seen.length - 1];
    if (last && accept(last)) return last;
    from = client.published.length;
    await client.diagnostics(uri);
  }
}

/** Opens `edited` with `before`, changes it to `after` (unsaved), and awaits `watched`'s next diagnostics that satisfy `accept`. */
async function editThenAwait(
  client: TestClient,
  edited: string,
  before: string,
  after: string,
  watched: string,
  accept: (p: PublishDiagnosticsParams) => boolean,
): Promise<PublishDiagnosticsParams> {
  client.open(edited, 'javascript', before);
  await client.diagnostics(edited);
  const mark = client.published.length;
  client.change(edited, 2, after);
  return until(client, watched, accept, mark);
}

const sqlFinding = (p: PublishDiagnosticsParams) => p.diagnostics.find((d) => d.code === 'sql/string-built-query');

const CONFIG = `module.exports = {
  receipts: { linkKey: 'rcpt-7Qm2vX9pLw4sTz8bK1nY6dHc', ttl: 3600 },
};
`;
const SIGNING = `const crypto = require('crypto');
const config = require('./config');

function signReceipt(id) {
  return crypto.createHash('sha256').update(id).digest('hex');
}
module.exports = { signReceipt };
`;
const SIGNING_WITH_KEY = SIGNING.replace("createHash('sha256')", "createHmac('sha256', config.receipts.linkKey)");

const sinkFinding = (p: PublishDiagnosticsParams) => p.diagnostics.find((d) => d.code === 'cred/secret-in-sink');

describe('language server: across modules', function () {
  this.timeout(120_000);
  let dir: string;
  let client: TestClient;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-crossfile-'));
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "app", "dependencies": { "pg": "^8.0.0" } }\n');
    fs.writeFileSync(path.join(dir, 'lib', 'filters.js'), HELPER);
    fs.writeFileSync(path.join(dir, 'repo.js'), REPO);
  });
  afterEach(async () => {
    await client?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports SQL built by an imported helper, with a step in the helper, and drops it when the helper is fixed in the editor', async () => {
    client = await startClient({ rootUri: pathToFileURL(dir).href });
    const repo = pathToFileURL(path.join(dir, 'repo.js')).href;
    const helper = pathToFileURL(path.join(dir, 'lib', 'filters.js')).href;
    client.open(repo, 'javascript', REPO);
    const found = await until(client, repo, (p) => sqlFinding(p) !== undefined);
    const related = sqlFinding(found)!.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri === helper),
      `a step in the helper: ${JSON.stringify(related)}`,
    );
    // The helper is opened and fixed (not saved): the repository's diagnostics follow.
    const after = await editThenAwait(client, helper, HELPER, HELPER_FIXED, repo, (p) => sqlFinding(p) === undefined);
    assert.equal(sqlFinding(after), undefined);
  });

  it("judges a config module's literal by its use in another module, and follows an edit of that module", async () => {
    fs.writeFileSync(path.join(dir, 'config.js'), CONFIG);
    fs.writeFileSync(path.join(dir, 'signing.js'), SIGNING_WITH_KEY);
    client = await startClient({ rootUri: pathToFileURL(dir).href });
    const config = pathToFileURL(path.join(dir, 'config.js')).href;
    const signing = pathToFileURL(path.join(dir, 'signing.js')).href;
    client.open(config, 'javascript', CONFIG);
    const found = await until(client, config, (p) => sinkFinding(p) !== undefined);
    const related = sinkFinding(found)!.relatedInformation ?? [];
    assert.ok(
      related.some((r) => r.location.uri === signing),
      `a step in the module that uses it: ${JSON.stringify(related)}`,
    );
    // The using module is opened and edited (not saved) to stop using the key: the config module follows.
    const after = await editThenAwait(client, signing, SIGNING_WITH_KEY, SIGNING, config, (p) => !sinkFinding(p));
    assert.equal(sinkFinding(after), undefined);
  });
});
