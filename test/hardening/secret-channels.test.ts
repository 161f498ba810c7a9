// Every output channel, over the credential corpora: no secret of them comes out of the process.
// The channels: `scan` in text, JSON, SARIF and HTML (stdout and stderr), `posture` in text, JSON,
// markdown and badge, the `--fix-dry-run` terminal preview, the cache's files, and the language
// server's diagnostics, hovers, code action titles, posture response, log and stderr.
//
// The secrets: the labelled corpora (test/fixtures/corpus/*/cred, labels.json) and the annotated
// credential rule cases (rules/cred/*/cases, `ruleid: cred/…`) say which lines hold one; on such a
// line, the value a credential finding points at is the secret (8+ characters — shorter values
// such as `admin` are masked where source is shown, not hunted as words everywhere; default
// passwords likewise, see mask.ts). Every known-format token anywhere in the corpora (the
// provider formats of server/engine/secret-formats.ts, found or not) is a secret too. To test the
// justification channel, the workspace gets one more file whose suppression comments each quote
// a secret of the others.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, HoverRequest } from 'vscode-languageserver-protocol/node';
import { findTokens } from '../../server/engine/secret-formats';
import { analyze, isAnalysable } from '../../server/host/analyze';
import { MIN_LITERAL_SECRET } from '../../server/engine/mask';
import { packageRoot } from '../../server/engine/paths';
import { POSTURE_REQUEST } from '../../server/lsp/policy';
import { startClient } from '../helpers/lsp-client';
import { expectations } from '../helpers/case-annotations';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(abs));
    else if (e.isFile()) out.push(abs);
  }
  return out.sort();
}

/** 1-based lines of `file` that hold a secret, by the corpus labels or the case annotations. */
function secretLines(
  file: string,
  text: string,
  labels?: Record<string, { line: number; endLine?: number }[]>,
  labelKey?: string,
): Set<number> {
  const lines = new Set<number>();
  if (labels) {
    for (const l of labels[labelKey!] ?? []) for (let n = l.line; n <= (l.endLine ?? l.line); n++) lines.add(n);
    return lines;
  }
  for (const e of expectations(text, file)) if (e.ids.some((id) => id.startsWith('cred/'))) lines.add(e.line);
  return lines;
}

interface Corpus {
  files: { rel: string; text: string }[];
  secrets: Set<string>;
}

/** The corpora copied into `workspace`, and their secrets. */
function buildWorkspace(workspace: string): Corpus {
  const files: Corpus['files'] = [];
  const secrets = new Set<string>();
  const take = (abs: string, rel: string, lines: Set<number>): void => {
    const text = fs.readFileSync(abs, 'utf8');
    files.push({ rel, text });
    fs.mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    fs.writeFileSync(path.join(workspace, rel), text);
    for (const t of findTokens(text)) secrets.add(t.token);
    if (!isAnalysable(abs)) return;
    const starts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
    const lineOf = (offset: number): number => {
      let n = 0;
      while (n + 1 < starts.length && starts[n + 1] <= offset) n++;
      return n + 1;
    };
    for (const f of analyze({ file: abs, text }).findings) {
      if (!f.ruleId.startsWith('cred/') || f.ruleId === 'cred/default-password' || !lines.has(lineOf(f.span.start)))
        continue;
      const raw = text.slice(f.span.start, f.span.end);
      const value = /^(['"`]).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
      for (const part of value.split(/\r?\n/)) if (part.trim().length >= MIN_LITERAL_SECRET) secrets.add(part.trim());
    }
  };
  for (const split of ['dev', 'heldout']) {
    const dir = path.join(root, 'test', 'fixtures', 'corpus', split, 'cred');
    const labels = JSON.parse(fs.readFileSync(path.join(dir, 'labels.json'), 'utf8')) as Record<
      string,
      { line: number; endLine?: number }[]
    >;
    for (const abs of walk(dir)) {
      const key = path.relative(dir, abs).split(path.sep).join('/');
      if (key === 'labels.json') continue;
      const text = fs.readFileSync(abs, 'utf8');
      take(abs, path.join(`corpus-${split}`, key), secretLines(abs, text, labels, key));
    }
  }
  for (const abs of walk(path.join(root, 'rules', 'cred'))) {
    if (!abs.includes(`${path.sep}cases${path.sep}`) || /\.fixed\b/.test(abs) || abs.endsWith('.expect')) continue;
    take(
      abs,
      path.join('cases', path.relative(path.join(root, 'rules', 'cred'), abs)),
      secretLines(abs, fs.readFileSync(abs, 'utf8')),
    );
  }
  // The justification channel: each suppression quotes a secret and suppresses a real finding.
  const quoted = [...secrets]
    .filter((s) => !/[\r\n]/.test(s))
    .map((s, i) =>
      [
        `// paved-road-ignore-next-line sql/string-built-query -- ticket ${i}: test credential ${s} is revoked`,
        `export const q${i} = (req: any) => db.query('SELECT * FROM t WHERE id = ' + req.query.id);`,
      ].join('\n'),
    );
  const justifications = ["import mysql from 'mysql2';", 'const db = mysql.createConnection({});', ...quoted, ''].join(
    '\n',
  );
  fs.writeFileSync(path.join(workspace, 'justifications.ts'), justifications);
  files.push({ rel: 'justifications.ts', text: justifications });
  return { files, secrets };
}

function leaks(output: string, secrets: Set<string>): string[] {
  return [...secrets].filter((s) => output.includes(s)).map((s) => `${s.slice(0, 4)}…(${s.length} chars)`);
}

describe('no secret of the credential corpora leaves through any output channel', function () {
  this.timeout(300000);
  let workspace: string;
  let cacheDir: string;
  let corpus: Corpus;

  before(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-secret-channels-'));
    workspace = path.join(base, 'ws');
    cacheDir = path.join(base, 'cache');
    fs.mkdirSync(workspace);
    corpus = buildWorkspace(workspace);
    // The corpus really is full of secrets, and the justification file quotes them.
    assert.ok(corpus.secrets.size >= 40, `${corpus.secrets.size} secrets`);
    assert.ok(
      corpus.files.some((f) => f.rel.startsWith('corpus-heldout')) &&
        corpus.files.some((f) => f.rel.startsWith('cases')),
    );
  });
  after(() => fs.rmSync(path.dirname(workspace), { recursive: true, force: true }));

  const run = (args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], {
      cwd: workspace,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, PAVED_ROAD_CACHE_SECRET: 'secret-channels' },
    });
    assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
    return r.stdout + r.stderr;
  };

  for (const format of ['text', 'json', 'sarif', 'html']) {
    it(`scan --format ${format}: stdout and stderr`, () => {
      const output = run(['scan', '.', '--format', format]);
      assert.match(output, /cred\/provider-token/, 'the scan reported credentials');
      if (format !== 'text') assert.match(output, /ticket 0: test credential/, 'the justifications are in the report'); // text shows no suppressed finding
      assert.deepEqual(leaks(output, corpus.secrets), []);
    });
  }

  for (const format of ['text', 'json', 'markdown', 'badge']) {
    it(`posture --format ${format}`, () => {
      const output = run(['posture', '--format', format]);
      if (format !== 'badge')
        assert.match(output, /ticket 0: test credential/, 'the justifications are in the posture');
      assert.deepEqual(leaks(output, corpus.secrets), []);
    });
  }

  it('scan --fix-dry-run: the terminal preview (context lines, - and + lines)', () => {
    const output = run(['scan', '.', '--fix-dry-run', '--fix-unsafe']); // every fix today is needs-review
    assert.match(output, /^\+\+\+ b\//m, 'a diff was printed');
    assert.deepEqual(leaks(output, corpus.secrets), []);
  });

  it('scan --fix-dry-run masks a Slack token that a fix keeps on its + line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fix-preview-'));
    try {
      const slack = ['xoxb', '123456789012', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-'); // built at run time: no token in this file
      fs.writeFileSync(
        path.join(dir, 'hooks.js'),
        `const mysql = require('mysql2');\nconst c = mysql.createConnection({});\nmodule.exports = (req) => c.query("SELECT * FROM hooks WHERE token = '${slack}' AND id = " + req.query.id);\n`,
      );
      const r = spawnSync(process.execPath, [cli, 'scan', '.', '--fix-dry-run', '--fix-unsafe'], {
        cwd: dir,
        encoding: 'utf8',
      });
      assert.match(
        r.stdout,
        /^\+module\.exports = .*\[req\.query\.id\]\);$/m,
        'the + line of the parameterized query is shown',
      );
      assert.ok(!(r.stdout + r.stderr).includes(slack), r.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('code frames and the diff preview mask a suppressed short secret on a neighbouring line (text, HTML, --fix-dry-run)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-frames-'));
    try {
      const short = ['r3', 'd1s'].join(''); // 5 characters: masked by its span, not as a word
      fs.writeFileSync(
        path.join(dir, 'app.js'),
        [
          "const Redis = require('ioredis');",
          "const mysql = require('mysql2');",
          'const c = mysql.createConnection({});',
          '// paved-road-ignore-next-line cred/secret-in-sink -- local development cache only',
          `const redis = new Redis({ host: 'cache', password: '${short}' });`,
          "module.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);",
          '',
        ].join('\n'),
      );
      const shown: [string[], RegExp | undefined][] = [
        [['--format', 'text'], undefined], // the text format shows the finding's own line only
        [['--format', 'html'], /password: &#39;r…\(5 chars\)&#39;/],
        [['--fix-dry-run', '--fix-unsafe'], /^ const redis = .*password: 'r…\(5 chars\)' \}\);$/m], // a context line: a quarter at most shown
      ];
      for (const [args, masked] of shown) {
        const r = spawnSync(process.execPath, [cli, 'scan', '.', ...args], { cwd: dir, encoding: 'utf8' });
        if (masked) assert.match(r.stdout, masked, `${args.join(' ')}: the neighbouring line is shown, masked`);
        assert.ok(!(r.stdout + r.stderr).includes(short), `${args.join(' ')}:\n${r.stdout}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scan --cache: the cache files', () => {
    run(['scan', '.', '--cache', '--cache-location', cacheDir, '--format', 'json']);
    const entries = walk(cacheDir);
    assert.ok(entries.length >= corpus.files.length / 2, `${entries.length} entries`);
    const all = entries.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    assert.doesNotMatch(
      all,
      /ticket 0: test credential/,
      'a result with suppressions (free text of the file) is not cached',
    );
    assert.match(all, /cred\/provider-token/, 'credential findings are cached');
    assert.deepEqual(leaks(all, corpus.secrets), []);
    // And a warm run's outputs are masked just the same.
    assert.deepEqual(
      leaks(run(['scan', '.', '--cache', '--cache-location', cacheDir, '--format', 'json']), corpus.secrets),
      [],
    );
  });

  it('language server: diagnostics, hovers, code action titles, the posture response, its log and stderr', async () => {
    const client = await startClient({ rootUri: pathToFileURL(workspace).href });
    let seen = '';
    try {
      const languageOf = (rel: string): string =>
        /\.tsx?$/.test(rel)
          ? 'typescript'
          : /\.jsx?$|\.mjs$|\.cjs$/.test(rel)
            ? 'javascript'
            : /\.ya?ml$/.test(rel)
              ? 'yaml'
              : /\.json$/.test(rel)
                ? 'json'
                : /(^|\/)\.env/.test(rel)
                  ? 'dotenv'
                  : 'plaintext';
      for (const { rel, text } of corpus.files) {
        if (!isAnalysable(path.join(workspace, rel))) continue;
        const uri = pathToFileURL(path.join(workspace, rel)).href;
        const pending = client.diagnostics(uri);
        client.open(uri, languageOf(rel), text);
        const { diagnostics } = await pending;
        seen += JSON.stringify(
          diagnostics.map((d) => ({
            message: d.message,
            related: d.relatedInformation,
            fixes: (d.data as { fixes?: { title: string }[] } | undefined)?.fixes?.map((x) => x.title),
          })),
        );
        for (const d of diagnostics.filter((x) => String(x.code).startsWith('cred/'))) {
          seen += JSON.stringify(
            await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d.range.start }),
          );
          const actions = await client.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          });
          seen += JSON.stringify((actions ?? []).map((a) => ('title' in a ? a.title : '')));
        }
      }
      const posture = JSON.stringify(await client.connection.sendRequest(POSTURE_REQUEST));
      assert.match(posture, /ticket 0: test credential/, 'the justifications are in the posture');
      seen += posture + client.logs.join('\n') + client.stderr();
      assert.match(seen, /cred\/provider-token|provider/);
      assert.deepEqual(leaks(seen, corpus.secrets), []);
    } finally {
      await client.close();
    }
  });
});
