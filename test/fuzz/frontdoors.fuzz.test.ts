// Property-based fuzzing of the front doors as users run them: the CLI (a real process over a
// directory of random and mutated files; JSON agrees with the engine, SARIF stays schema-valid) and
// the language server (random edit sequences end in the same diagnostics as analysing the final
// text once). Seeded like the engine fuzzer (corpus.ts); the process-spawning fuzzers run a fraction
// of FUZZ_RUNS because each input costs a round trip.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DidChangeTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { analyze, isAnalysable, isConfigFile } from '../../server/host/analyze';
import { ANALYSIS_INCOMPLETE, NOT_ANALYSED } from '../../server/engine/coverage';
import { packageRoot } from '../../server/engine/paths';
import { readSource } from '../../server/host/scan';
import { startClient, type TestClient } from '../helpers/lsp-client';
import { FUZZ_RUNS, FUZZ_SEED, fuzzParameters, source, tokenSoup } from './corpus';
import { plainInlineCode } from '../../server/inline-code';

const root = packageRoot();
const CLI_FILES = Math.max(10, Math.round(FUZZ_RUNS / 5));
const LSP_DOCUMENTS = Math.max(5, Math.round(FUZZ_RUNS / 10));
const LANGUAGE: Record<string, string> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
};

describe(`fuzz: the CLI (seed ${FUZZ_SEED}, ${CLI_FILES} files)`, function () {
  this.timeout(0);
  let dir: string;
  const written: { rel: string; abs: string }[] = [];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-fuzz-cli-'));
    fc.sample(source(), { seed: FUZZ_SEED, numRuns: CLI_FILES }).forEach((s, i) => {
      const rel = `f${String(i).padStart(4, '0')}-${path.basename(s.file)}`;
      const abs = path.join(dir, rel);
      fs.writeFileSync(abs, s.text);
      written.push({ rel, abs });
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scan = (format: string) =>
    spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'scan', '.', '--format', format], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });

  it('JSON: exit 0 or 1, no crash, nothing dropped silently, findings agree with the engine and lie inside each file', () => {
    const r = scan('json');
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|failed on/);
    const json = JSON.parse(r.stdout) as {
      files: {
        path: string;
        findings: { ruleId: string; span: { start: number; end: number }; start: { line: number; column: number } }[];
      }[];
      summary: { files: number; skipped: number };
    };
    const analysable = written.filter((w) => isAnalysable(w.rel));
    assert.equal(
      json.summary.files + json.summary.skipped,
      analysable.length,
      'every analysable file is scanned or skipped with a reason',
    );
    for (const w of analysable) {
      const read = readSource(w.abs, 2 * 1024 * 1024);
      if ('reason' in read) continue;
      const expected = analyze({ file: w.abs, text: read.text }).findings;
      // Coverage findings (paved-road/*: a file or rule not fully analysed) are the front door's, not the engine's.
      const got = (json.files.find((f) => f.path === w.rel)?.findings ?? []).filter(
        (f) => !f.ruleId.startsWith('paved-road/'),
      );
      assert.deepEqual(
        got.map((f) => `${f.ruleId}@${f.span.start}-${f.span.end}`),
        expected.map((f) => `${f.ruleId}@${f.span.start}-${f.span.end}`),
        w.rel,
      );
      const lines = read.text.split(/\r\n|\r|\n/); // a lone CR ends a line, as in editors
      for (const f of got)
        assert.ok(
          f.start.line >= 1 &&
            f.start.line <= lines.length &&
            f.start.column >= 1 &&
            f.start.column <= lines[f.start.line - 1].length + 1,
          `${w.rel}: ${JSON.stringify(f.start)}`,
        );
    }
  });

  it('SARIF: valid against the SARIF 2.1.0 schema for any input', () => {
    const r = scan('sarif');
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    const schema = JSON.parse(
      fs.readFileSync(path.join(root, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  });
});

interface Edit {
  at: number;
  length: number;
  text: string;
}

const edits: fc.Arbitrary<Edit[]> = fc.array(
  fc.record({
    at: fc.nat(),
    length: fc.nat({ max: 40 }),
    text: fc.oneof(
      tokenSoup.map((t) => t.slice(0, 60)),
      fc.string({ maxLength: 6 }),
      fc.constant(''),
    ),
  }),
  { minLength: 1, maxLength: 15 },
);

function comparable(d: Diagnostic): string {
  return `${d.code ?? '-'} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.message)}`;
}

/** What the server must publish for a text: the engine's findings and skipped notes, converted. */
function expectedDiagnostics(doc: TextDocument, file: string): string[] {
  const { findings, notes } = analyze({ file, text: doc.getText(), languageId: doc.languageId });
  const out = findings.map(
    (f) =>
      `${f.ruleId} ${{ error: 1, warning: 2, info: 3 }[f.severity]} ${doc.positionAt(f.span.start).line}:${doc.positionAt(f.span.start).character}-${doc.positionAt(f.span.end).line}:${doc.positionAt(f.span.end).character} ${plainInlineCode(f.message)}`,
  );
  // Not analysed, or cut by the budget: at the level the CLI reports it (error for code, warning for config documents).
  for (const n of notes)
    if (n.kind === 'skipped')
      out.push(
        `${n.ruleId ? ANALYSIS_INCOMPLETE : NOT_ANALYSED} ${n.ruleId || !isConfigFile(file, doc.languageId) ? 1 : 2} 0:0-0:0 ${n.ruleId ? 'Paved Road skipped a rule on this file' : 'Paved Road skipped this file'}: ${n.message}`,
      );
  return out.sort();
}

describe(`fuzz: the language server (seed ${FUZZ_SEED}, ${LSP_DOCUMENTS} documents)`, function () {
  this.timeout(0);
  let client: TestClient;
  before(async () => {
    client = await startClient({ settings: { debounceMs: 10 } });
  });
  after(async () => {
    await client.close();
  });

  it('random edit sequences end in the same diagnostics as analysing the final text once; all ranges inside', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(source(), edits, async (start, changes) => {
        const ext = /\.([cm]?[jt]sx?)$/.exec(start.file)?.[1] ?? 'js';
        const file = path.join(root, 'test', 'fixtures', 'virtual', `fuzz-${n++}.${ext}`);
        const uri = pathToFileURL(file).href;
        const languageId = LANGUAGE[ext] ?? 'javascript';
        let doc = TextDocument.create(uri, languageId, 1, start.text);
        client.open(uri, languageId, start.text, 1);
        for (const e of changes) {
          const text = doc.getText();
          const at = text.length ? e.at % (text.length + 1) : 0;
          const range = { start: doc.positionAt(at), end: doc.positionAt(Math.min(text.length, at + e.length)) };
          doc = TextDocument.update(doc, [{ range, text: e.text }], doc.version + 1);
          void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
            textDocument: { uri, version: doc.version },
            contentChanges: [{ range, text: e.text }],
          });
        }
        const published = await client.diagnostics(uri, doc.version);
        assert.equal(published.version, doc.version);
        const lines = doc.getText().split(/\r\n|\r|\n/);
        for (const d of published.diagnostics) {
          for (const p of [d.range.start, d.range.end])
            assert.ok(
              p.line < lines.length && p.character <= lines[p.line].length,
              `${comparable(d)} outside the document`,
            );
        }
        assert.deepEqual(
          published.diagnostics.map(comparable).sort(),
          expectedDiagnostics(doc, file),
          `final text:\n${doc.getText()}`,
        );
        void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }),
      fuzzParameters(LSP_DOCUMENTS),
    );
    assert.doesNotMatch(client.stderr(), /crashed|RangeError/);
  });
});
