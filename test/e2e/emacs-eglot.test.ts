// The language server inside Emacs's eglot, started by the README's eglot recipe read from the
// README itself: Debian's Emacs (batch mode, `-q`: no user init) with eglot (built in from Emacs 29;
// Debian 12's Emacs 28 takes it from elpa-eglot). emacs/client.el evaluates the snippet, opens a file
// in js-mode, lets eglot find the server through `eglot-server-programs`, applies the preferred fix
// and writes what Emacs saw to a JSON file; this test compares that with the CLI, as the Neovim test does.

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
  shown: string;
}
interface Report {
  error?: string;
  steps: string[];
  server?: string;
  before?: Seen[];
  after?: Seen[];
  actions?: { title: string; isPreferred: boolean }[];
  fixed_line?: number;
}
interface CliFinding {
  ruleId: string;
  message: string;
  start: { line: number; column: number };
  end: { line: number; column: number };
  fixes?: { preferred?: boolean; edits: { span: { start: number; end: number }; newText: string; file?: string }[] }[];
}

const root = packageRoot();

/** The README's eglot snippet, exactly as written there. */
function readmeRecipe(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const m = /^\s*(\(add-to-list 'eglot-server-programs .*\))\s*$/m.exec(readme);
  assert.ok(m, 'the README has an eglot recipe');
  return m[1];
}

/** Why Emacs with eglot cannot run here, or undefined. */
function missingEmacs(emacs: string | undefined): string | undefined {
  if (!emacs)
    return 'emacs is not on PATH (Debian: apt-get install emacs-nox elpa-eglot; Emacs 29+ has eglot built in)';
  const r = spawnSync(
    emacs,
    ['--batch', '-q', '--eval', '(progn (require \'eglot) (princ (locate-library "eglot")))'],
    { encoding: 'utf8', timeout: 60000 },
  );
  if (r.status !== 0)
    return `emacs has no eglot (Emacs 28: apt-get install elpa-eglot): ${r.stderr.trim().split('\n').pop()}`;
  if (!fs.existsSync(path.join(root, 'dist', 'server.js'))) return 'dist/server.js is missing: run npm run build';
  return undefined;
}

describe('Emacs eglot as an LSP client, started by the README recipe (end to end)', function () {
  this.timeout(120000);
  let emacs: string | undefined;
  let tmp: string;

  before(function () {
    emacs = which('emacs');
    needs(this, 'the Emacs eglot suite', missingEmacs(emacs));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-emacs-'));
  });

  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("shows the CLI's findings through Flymake, offers the paved road first, and applies it", function () {
    const app = copyOfExampleApp(tmp);
    // A repository, as a user's project is: eglot's project (project.el's VC backend) is then the app, not the file's folder.
    spawnSync('git', ['init', '-q'], { cwd: app });
    const file = path.join(app, 'src', 'db.js');
    const original = fs.readFileSync(file, 'utf8');
    const out = path.join(tmp, 'emacs-report.json');
    const cli = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', 'src/db.js', '--format', 'json', '--fail-on', 'none'],
      { cwd: app, encoding: 'utf8' },
    );
    const findings = (JSON.parse(cli.stdout) as { files: { findings: CliFinding[] }[] }).files.flatMap(
      (f) => f.findings,
    );
    const ceiling = Math.round(20 * loadFactor()); // seconds, for each wait inside Emacs
    const started = Date.now();
    const run = spawnSync(emacs!, ['--batch', '-q', '-l', path.join(root, 'test', 'e2e', 'emacs', 'client.el')], {
      cwd: app,
      encoding: 'utf8',
      timeout: (4 * ceiling + 20) * 1000,
      killSignal: 'SIGKILL',
      env: {
        ...process.env,
        PATH: installAsReadmeSays(tmp),
        PR_RECIPE: readmeRecipe(),
        PR_FILE: file,
        PR_OUT: out,
        PR_CEILING: String(ceiling),
      },
    });
    console.log(`    emacs scenario: ${Date.now() - started} ms`);
    const keep = (why: string): string => {
      const log = path.join(artefactDir(), 'emacs-eglot-failure.txt');
      fs.writeFileSync(
        log,
        `${why}\nexit ${run.status} signal ${run.signal}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}\nreport:\n${fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '(none)'}\n`,
      );
      return `${why} (details in ${log})`;
    };
    // keep() only when failing: it writes the failure file (an assertion's message is built even when it passes).
    if (!fs.existsSync(out)) assert.fail(keep('Emacs wrote no report'));
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as Report;
    if (report.error !== undefined)
      assert.fail(keep(`Emacs stopped after ${report.steps.join(' → ')}: ${report.error}`));
    assert.match(report.server ?? '', /paved-road-server --stdio/, 'eglot started the server the recipe names');

    // The same findings as the CLI, at the same places (LSP counts from 0), shown with their rule ids.
    const key = (code: string, l: number, c: number, el: number, ec: number): string => `${code} ${l}:${c}-${el}:${ec}`;
    const ours = report.before!.filter((d) => d.source === 'paved-road');
    assert.deepEqual(
      ours.map((d) => key(d.code, d.line + 1, d.col + 1, d.end_line + 1, d.end_col + 1)).sort(),
      findings.map((f) => key(f.ruleId, f.start.line, f.start.column, f.end.line, f.end.column)).sort(),
    );
    for (const d of ours) assert.ok(d.shown.startsWith(`paved-road [${d.code}]: `), d.shown);

    // Code actions: the paved road is the preferred one, "explain" is offered too.
    assert.ok(
      report.actions!.some((a) => a.isPreferred && /parameterized/i.test(a.title)),
      JSON.stringify(report.actions),
    );
    assert.ok(report.actions!.some((a) => a.title === 'Explain sql/string-built-query'));

    // Applying it wrote exactly the CLI's fix to disk, and the finding went away.
    const fixed = findings.find((f) => f.start.line === report.fixed_line! + 1)!;
    const fix = fixed.fixes!.find((f) => f.preferred)!;
    assert.equal(fs.readFileSync(file, 'utf8'), applyEdits(original, fix.edits));
    assert.ok(!report.after!.some((d) => d.line === report.fixed_line && d.source === 'paved-road'));
    assert.equal(report.after!.filter((d) => d.source === 'paved-road').length, ours.length - 1);
  });
});
