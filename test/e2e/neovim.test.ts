// The language server inside a second real LSP client: Debian's Neovim (0.7+), headless, started
// with `-u NONE` so no user config takes part. nvim/client.lua drives it (attach, diagnostics,
// hover, code action, apply the preferred fix) and writes what Neovim saw to a JSON file; this test
// compares that with what the CLI reports for the same file, so the two front doors must agree.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../server/engine/edits';
import { packageRoot } from '../../server/engine/paths';
import { loadFactor } from '../helpers/load';
import { artefactDir, copyOfExampleApp, installAsReadmeSays, needs, which } from './prerequisites';

interface Seen {
  line: number;
  col: number;
  end_line: number;
  end_col: number;
  code: string;
  source: string;
  message: string;
}
interface Report {
  error?: string;
  steps: string[];
  before?: Seen[];
  after?: Seen[];
  hover?: string;
  actions?: { title: string; isPreferred: boolean; kind: string }[];
  fixed_line?: number;
}
interface CliFinding {
  ruleId: string;
  message: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
  fixes?: { preferred?: boolean; edits: { span: { start: number; end: number }; newText: string; file?: string }[] }[];
}

function nvimVersion(nvim: string): [number, number] | undefined {
  const m = /NVIM v(\d+)\.(\d+)/.exec(spawnSync(nvim, ['--version'], { encoding: 'utf8' }).stdout ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

describe('Neovim as a second LSP client (end to end)', function () {
  this.timeout(120000);
  const root = packageRoot();
  let nvim: string | undefined;
  let tmp: string;

  before(function () {
    nvim = which('nvim');
    const version = nvim ? nvimVersion(nvim) : undefined;
    needs(
      this,
      'the Neovim suite',
      !nvim
        ? 'nvim is not on PATH (Debian: apt-get install neovim)'
        : !version || (version[0] === 0 && version[1] < 7)
          ? `Neovim 0.7 or later is needed (found ${version?.join('.') ?? 'an unknown version'})`
          : !fs.existsSync(path.join(root, 'dist', 'server.js'))
            ? 'dist/server.js is missing: run npm run build'
            : undefined,
    );
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-nvim-'));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("shows the CLI's findings as diagnostics, hovers, and applies the preferred fix", function () {
    const app = copyOfExampleApp(tmp);
    const file = path.join(app, 'src', 'db.js');
    const original = fs.readFileSync(file, 'utf8');
    const out = path.join(tmp, 'nvim-report.json');
    const cli = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', 'src/db.js', '--format', 'json', '--fail-on', 'none'],
      { cwd: app, encoding: 'utf8' },
    );
    const findings = (JSON.parse(cli.stdout) as { files: { findings: CliFinding[] }[] }).files.flatMap(
      (f) => f.findings,
    );
    const ceiling = Math.round(20 * loadFactor()); // seconds, for each wait inside Neovim
    const started = Date.now();
    const run = spawnSync(
      nvim!,
      [
        '--headless',
        '-u',
        'NONE',
        '-i',
        'NONE',
        '-n',
        '-c',
        `luafile ${path.join(root, 'test', 'e2e', 'nvim', 'client.lua')}`,
      ],
      {
        cwd: app,
        encoding: 'utf8',
        timeout: (4 * ceiling + 20) * 1000,
        killSignal: 'SIGKILL',
        env: {
          ...process.env,
          PATH: installAsReadmeSays(tmp),
          PR_FILE: file,
          PR_OUT: out,
          PR_CEILING: String(ceiling),
        },
      },
    );
    console.log(`    neovim scenario: ${Date.now() - started} ms`);
    const keep = (why: string): string => {
      const log = path.join(artefactDir(), 'neovim-failure.txt');
      fs.writeFileSync(
        log,
        `${why}\nexit ${run.status} signal ${run.signal}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}\nreport:\n${fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '(none)'}\n`,
      );
      return `${why} (details in ${log})`;
    };
    // keep() only when failing: it writes the failure file (an assertion's message is built even when it passes).
    if (!fs.existsSync(out)) assert.fail(keep('Neovim wrote no report'));
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    if (report.error !== undefined)
      assert.fail(keep(`Neovim stopped after ${report.steps.join(' → ')}: ${report.error}`));

    // The same findings as the CLI (run before Neovim fixes the file), at the same places (Neovim counts from 0).
    const key = (code: string, l: number, c: number, el: number, ec: number): string => `${code} ${l}:${c}-${el}:${ec}`;
    assert.deepEqual(
      report
        .before!.filter((d) => d.source === 'paved-road')
        .map((d) => key(d.code, d.line + 1, d.col + 1, d.end_line + 1, d.end_col + 1))
        .sort(),
      findings.map((f) => key(f.ruleId, f.start.line, f.start.column, f.end.line, f.end.column)).sort(),
    );
    assert.ok(
      report.before!.some((d) => d.code === 'sql/string-built-query' && d.line === 8),
      'the string-built query on line 9 is flagged',
    );

    // Hover explains the rule and links its doc.
    assert.match(report.hover ?? '', /\(sql\/string-built-query\)/);
    assert.match(report.hover ?? '', /bound parameters|parameterized/i);
    assert.match(report.hover ?? '', /rules\/sql\/string-built-query\/README\.md/);

    // The light bulb: the paved road is the preferred action, "explain" is offered too.
    assert.ok(
      report.actions!.some((a) => a.isPreferred && /parameterized/i.test(a.title)),
      JSON.stringify(report.actions),
    );
    assert.ok(report.actions!.some((a) => a.title === 'Explain sql/string-built-query'));

    // Applying it wrote exactly the CLI's fix to disk, and the finding went away.
    const fixed = findings.find((f) => f.start.line === report.fixed_line! + 1)!;
    const fix = fixed.fixes!.find((f) => f.preferred)!;
    assert.equal(fs.readFileSync(file, 'utf8'), applyEdits(original, fix.edits));
    assert.match(
      fs.readFileSync(file, 'utf8'),
      /pool\.query\('SELECT id, name, role FROM users WHERE name = \$1', \[name\]\)/,
    );
    assert.ok(!report.after!.some((d) => d.line === report.fixed_line && d.source === 'paved-road'));
    assert.equal(
      report.after!.filter((d) => d.source === 'paved-road').length,
      report.before!.filter((d) => d.source === 'paved-road').length - 1,
    );
  });
});
