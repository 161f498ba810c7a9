// Multi-file rule cases (issue 23): `rules/<category>/<rule>/cases/<name>.project/` is a small
// project whose modules together make (or clear) a finding (EJS views annotate with `<%# ruleid: … %>`). The folder is scanned as the CLI scans
// (both phases: summaries, then findings with the imported summaries), and for the folder's rule:
//   `// ruleid: <id>` — the next code line, in whichever file, must be flagged by it;
//   `// ok: <id>` — documents a line that must not be (no other line may be either).
// At least one finding of a `.project` case must have a data-flow step in another file of it
// when the case has any `ruleid` at all in a file that imports another (a step across files).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanPaths } from '../server/host/scan';
import { allRules } from '../rules';
import { packageRoot } from '../server/engine/paths';
import { FixVerifier } from '../server/cli/fix';

const root = packageRoot();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (/\.(?:[cm]?[jt]sx?|ejs)$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function expected(file: string, rule: string): number[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const out: number[] = [];
  lines.forEach((line, i) => {
    const m = /(?:\/\/|<%#)\s*ruleid:\s*([a-z0-9/\-, ]+)/.exec(line);
    if (
      !m ||
      !m[1]
        .split(',')
        .map((s) => s.trim())
        .includes(rule)
    )
      return;
    let target = i + 1;
    while (target < lines.length && /^\s*(\/\/|<%#|$)/.test(lines[target])) target++;
    out.push(target + 1);
  });
  return out;
}

/**
 * Lines annotated `// ruleid: <id> (guidance only: …)` (their finding offers no edit, only guidance)
 * or `// ruleid: <id> (edit: …)` (it offers an edit).
 */
function fixAnnotated(file: string, rule: string, mark: 'guidance only' | 'edit'): number[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  return expected(file, rule).filter((target) => {
    for (let i = target - 2; i >= 0 && /^\s*(\/\/|$)/.test(lines[i]); i--)
      if (lines[i].includes(`ruleid: ${rule} (${mark}`)) return true;
    return false;
  });
}

const projects: { rule: string; dir: string }[] = [];
for (const rule of allRules) {
  const dir = path.join(root, 'rules', rule.meta.id, 'cases');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir).sort())
    if (name.endsWith('.project')) projects.push({ rule: rule.meta.id, dir: path.join(dir, name) });
}

describe('multi-file rule cases', function () {
  this.timeout(120_000);
  it('there is at least one for SQL and one for audit', () => {
    assert.ok(
      projects.some((p) => p.rule.startsWith('sql/')) && projects.some((p) => p.rule.startsWith('audit/')),
      projects.map((p) => p.dir).join(', '),
    );
  });
  for (const { rule, dir } of projects) {
    it(`${path.relative(root, dir)}: flags exactly the annotated lines, across its modules`, async () => {
      const summary = await scanPaths([dir], {});
      const want = new Set<string>();
      for (const file of sources(dir))
        for (const line of expected(file, rule)) want.add(`${path.relative(dir, file)}:${line}`);
      const got = new Set<string>();
      let crossing = false;
      for (const f of summary.files) {
        const text = fs.readFileSync(f.path, 'utf8');
        for (const finding of f.findings.filter((x) => x.ruleId === rule)) {
          got.add(`${path.relative(dir, f.path)}:${text.slice(0, finding.span.start).split('\n').length}`);
          if (finding.steps?.some((s) => s.file && path.resolve(s.file) !== path.resolve(f.path))) crossing = true;
          for (const s of finding.steps ?? [])
            if (s.file)
              assert.ok(
                fs.existsSync(s.file) && s.range,
                `a step names a file of the project with its position: ${JSON.stringify(s)}`,
              );
        }
      }
      assert.deepEqual([...got].sort(), [...want].sort());
      for (const file of sources(dir)) {
        const f = summary.files.find((x) => path.resolve(x.path) === path.resolve(file));
        const text = fs.readFileSync(file, 'utf8');
        const fixesAt = (l: number) =>
          (f?.findings ?? [])
            .filter((x) => x.ruleId === rule && text.slice(0, x.span.start).split('\n').length === l)
            .flatMap((x) => x.fixes ?? []);
        for (const l of fixAnnotated(file, rule, 'guidance only')) {
          const fixes = fixesAt(l);
          assert.ok(
            fixes.length > 0 && fixes.every((x) => x.kind === 'guidance' && x.edits.length === 0 && x.reason),
            `${path.relative(dir, file)}:${l} offers guidance only: ${JSON.stringify(fixes.map((x) => x.kind))}`,
          );
        }
        for (const l of fixAnnotated(file, rule, 'edit'))
          assert.ok(
            fixesAt(l).some((x) => x.kind !== 'guidance' && x.edits.length > 0),
            `${path.relative(dir, file)}:${l} offers an edit: ${JSON.stringify(fixesAt(l).map((x) => x.kind))}`,
          );
      }
      if (rule.startsWith('sql/')) assert.ok(crossing, 'a finding has a step in the module that assembles the text');
      if (rule.startsWith('cred/')) assert.ok(crossing, 'a finding has a step in the module that uses the secret');
    });
    if (rule.startsWith('audit/'))
      it(`${path.relative(root, dir)}: every audit fix passes verification with the config its file was analysed with`, async () => {
        // As the CLI verifies them: each file with its second-phase config (registrations, callers,
        // strategies…). Verified alone, a controller's fix was refused for findings the project clears.
        const summary = await scanPaths([dir], {}, { keepText: true });
        const offered = (s: typeof summary) =>
          s.files.flatMap((f) =>
            f.findings
              .filter((x) => x.ruleId.startsWith('audit/'))
              .flatMap((x) =>
                (x.fixes ?? []).map(
                  (fix) => `${path.relative(dir, f.path)} ${x.ruleId}: ${fix.kind} ${fix.reason ?? ''}`,
                ),
              ),
          );
        const before = offered(summary);
        assert.ok(
          before.some((b) => !b.includes(': guidance')),
          'the case offers an audit fix',
        );
        new FixVerifier().verifySummary(summary);
        assert.deepEqual(offered(summary), before);
      });
  }
});
