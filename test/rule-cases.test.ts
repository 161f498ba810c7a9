// The case runner: every file in rules/<category>/<rule>/cases/ is a realistic annotated source.
//   `// ruleid: <id>` (optionally `<id>, <id>` for two findings) — the next code line must be flagged;
//   `// ok: <id>` — documents a line that must not be flagged (every unannotated line must not be);
//   `<name>.fixed.<ext>` — the whole file after applying every finding's preferred fix: it must match,
//   parse, and no longer trigger the rule except where no fix was offered.
// Comments: `//` (code), `#` (.env, YAML), the template syntaxes. JSON has no comments, so a JSON
// case keeps its annotations beside it in `<name>.json.expect`, one per line:
//   `ruleid: <id> @ <text of the flagged line>` / `ok: <id> @ <text of a clean line>`
// where the text must occur on exactly one line of the case.
// Set UPDATE_CASES=1 to (re)write the .fixed files, then review them by eye.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/host/analyze';
import { applyFixes } from '../server/engine/edits';
import { allRules } from '../rules';
import { packageRoot } from '../server/engine/paths';
import { expectations } from './helpers/case-annotations';

const root = packageRoot();

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const caseFiles: { rule: string; file: string }[] = [];
for (const rule of allRules) {
  const dir = path.join(root, 'rules', rule.meta.id, 'cases');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir).sort()) {
    // `<name>.project/` is a multi-file case (several modules): test/cross-file-cases.test.ts runs those.
    if (name.includes('.fixed.') || name.endsWith('.fixed') || name.endsWith('.expect') || name.endsWith('.project'))
      continue;
    caseFiles.push({ rule: rule.meta.id, file: path.join(dir, name) });
  }
}

describe('rule cases', () => {
  it('every rule has a cases folder with at least one flagged and one clean example', () => {
    for (const rule of allRules) {
      const files = caseFiles.filter((c) => c.rule === rule.meta.id);
      assert.ok(files.length > 0, `${rule.meta.id} has no cases`);
      const texts = files
        .map(
          (f) =>
            fs.readFileSync(f.file, 'utf8') +
            (fs.existsSync(`${f.file}.expect`) ? fs.readFileSync(`${f.file}.expect`, 'utf8') : ''),
        )
        .join('\n');
      assert.match(texts, new RegExp(`ruleid:.*${rule.meta.id}`), `${rule.meta.id} has no flagged case`);
      assert.match(texts, new RegExp(`ok:.*${rule.meta.id}`), `${rule.meta.id} has no clean case`);
    }
  });

  for (const { rule, file } of caseFiles) {
    const rel = path.relative(root, file);
    describe(rel, () => {
      const text = fs.readFileSync(file, 'utf8');
      const result = analyze({ file, text });
      const mine = result.findings.filter((f) => f.ruleId === rule);

      it('parses without errors and no rule crashes', () => {
        assert.deepEqual(result.notes, []);
      });

      it('flags exactly the annotated lines', () => {
        const expected = expectations(text, file).filter((e) => e.ids.includes(rule));
        const actual = new Map<number, number>();
        for (const f of mine) actual.set(lineOf(text, f.span.start), (actual.get(lineOf(text, f.span.start)) ?? 0) + 1);
        const expectedMap = new Map(expected.map((e) => [e.line, e.ids.filter((id) => id === rule).length]));
        const describe = (m: Map<number, number>): string =>
          [...m]
            .sort((a, b) => a[0] - b[0])
            .map(([l, n]) => (n > 1 ? `${l}×${n}` : `${l}`))
            .join(', ');
        assert.equal(describe(actual), describe(expectedMap), `flagged lines differ in ${rel}`);
      });

      it('every finding has a message, a range inside the document and well-formed steps', () => {
        for (const f of mine) {
          assert.ok(f.message.length > 20 && !/\{\{/.test(f.message), f.message);
          assert.ok(f.span.start >= 0 && f.span.end <= text.length && f.span.start < f.span.end);
          for (const s of f.steps ?? []) assert.ok(s.span.start >= 0 && s.span.end <= text.length && s.message);
        }
      });

      const ext = path.extname(file);
      const fixedPath = ext ? file.slice(0, -ext.length) + '.fixed' + ext : file + '.fixed';
      // Guidance has no edit: a finding with guidance only counts as one without a fix.
      const editFixes = (f: (typeof mine)[number]): NonNullable<typeof f.fixes> =>
        (f.fixes ?? []).filter((x) => x.kind !== 'guidance');
      const fixes = mine
        .map((f) => editFixes(f).find((x) => x.preferred) ?? editFixes(f)[0])
        .filter((x) => x !== undefined);
      if (fixes.length > 0 || fs.existsSync(fixedPath)) {
        it('the fixes produce the expected file, which parses and is no longer flagged', () => {
          const { text: fixed, applied } = applyFixes(text, fixes);
          assert.equal(applied, fixes.length, 'fixes overlap');
          if (process.env.UPDATE_CASES) fs.writeFileSync(fixedPath, fixed);
          assert.ok(
            fs.existsSync(fixedPath),
            `missing ${path.relative(root, fixedPath)} (run with UPDATE_CASES=1 and review it)`,
          );
          assert.equal(fixed, fs.readFileSync(fixedPath, 'utf8'));
          const again = analyze({ file, text: fixed });
          assert.deepEqual(again.notes, [], 'the fixed file must parse');
          const unfixable = mine.filter((f) => editFixes(f).length === 0).length;
          assert.equal(
            again.findings.filter((f) => f.ruleId === rule).length,
            unfixable,
            'fixed findings must not come back',
          );
        });
      }
    });
  }
});
