// Measure the SQL family on code it was not written against:
//   1. the held-out corpus in test/fixtures/sql-corpus/ (a line below `// expect: sql` must be
//      reported by some sql/ rule, every other line must not): precision and recall by line;
//   2. the code samples of the drivers' own READMEs in node_modules (documentation of the safe
//      API: every finding there is a false positive);
//   3. fix rate: findings with a preferred fix whose result parses and is no longer reported.
// Run: npx tsc -p . && node out/test/sql/measure.js   (prints a table; not a test, no assertions)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/host/analyze';
import { applyFixes } from '../../server/engine/edits';
import { packageRoot } from '../../server/engine/paths';
import type { Finding } from '../../server/engine/types';

const root = packageRoot();
const isSql = (f: Finding): boolean => f.ruleId.startsWith('sql/');

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function expectedLines(text: string): Set<number> {
  const lines = text.split('\n');
  const out = new Set<number>();
  lines.forEach((l, i) => {
    if (!/\/\/\s*expect:\s*sql\b/.test(l)) return;
    let t = i + 1;
    while (t < lines.length && /^\s*(\/\/|$)/.test(lines[t])) t++;
    out.add(t + 1);
  });
  return out;
}

interface FixTally {
  findings: number;
  offered: number;
  good: number;
}

function fixTally(file: string, text: string, findings: Finding[], tally: FixTally): void {
  for (const f of findings) {
    tally.findings++;
    const fix = f.fixes?.find((x) => x.preferred);
    if (!fix) continue;
    tally.offered++;
    const fixed = applyFixes(text, [fix]).text;
    const again = analyze({ file, text: fixed });
    const parses = !again.notes.some((n) => n.kind === 'parse-error');
    // The same finding is gone: no finding of this rule left at the (shifted) start of the edit.
    const before = findings.filter((x) => x.ruleId === f.ruleId).length;
    const after = again.findings.filter((x) => x.ruleId === f.ruleId).length;
    if (parses && after < before) tally.good++;
  }
}

function corpus(): void {
  const dir = path.join(root, 'test', 'fixtures', 'sql-corpus');
  let tp = 0,
    fp = 0,
    fn = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  const tally: FixTally = { findings: 0, offered: 0, good: 0 };
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => /\.(js|ts)$/.test(n))
    .sort()) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const findings = analyze({ file, text }).findings.filter(isSql);
    const expected = expectedLines(text);
    const flagged = new Set(findings.map((f) => lineOf(text, f.span.start)));
    for (const l of flagged) {
      if (expected.has(l)) tp++;
      else {
        fp++;
        falseAlarms.push(`${name}:${l}`);
      }
    }
    for (const l of expected)
      if (!flagged.has(l)) {
        fn++;
        misses.push(`${name}:${l}`);
      }
    fixTally(
      file,
      text,
      findings.filter((f) => f.ruleId === 'sql/string-built-query'),
      tally,
    );
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  console.log(`held-out corpus (test/fixtures/sql-corpus): ${tp} true positives, ${fp} false positives, ${fn} misses`);
  console.log(`  precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  if (falseAlarms.length) console.log(`  false positives: ${falseAlarms.join(', ')}`);
  if (misses.length) console.log(`  misses: ${misses.join(', ')}`);
  console.log(
    `  sql/string-built-query fixes: offered for ${tally.offered}/${tally.findings} findings (${((tally.offered / Math.max(1, tally.findings)) * 100).toFixed(0)}%), ` +
      `${tally.good} of them parse and are no longer reported (${((tally.good / Math.max(1, tally.findings)) * 100).toFixed(0)}% of findings)`,
  );
}

function readmes(): void {
  const packages = [
    'pg',
    'mysql2',
    'mysql',
    'better-sqlite3',
    'sqlite3',
    'knex',
    'sequelize',
    'typeorm',
    'mssql',
    'oracledb',
    'postgres',
    'pg-format',
  ];
  let blocks = 0,
    findings = 0;
  const where: string[] = [];
  for (const pkg of packages) {
    const readme = ['README.md', 'readme.md', 'Readme.md']
      .map((n) => path.join(root, 'node_modules', pkg, n))
      .find((p) => fs.existsSync(p));
    if (!readme) continue;
    const text = fs.readFileSync(readme, 'utf8');
    for (const m of text.matchAll(/```(js|javascript|ts|typescript)\n([\s\S]*?)```/g)) {
      blocks++;
      const kind = m[1].startsWith('t') ? 'ts' : 'js';
      const found = analyze({ file: `${pkg}-readme.${kind}`, text: m[2] }).findings.filter(isSql);
      findings += found.length;
      for (const f of found) where.push(`${pkg}: ${m[2].slice(f.span.start, f.span.end).slice(0, 60)}`);
    }
  }
  console.log(
    `driver READMEs in node_modules: ${blocks} JS/TS code samples, ${findings} sql/ findings (each would be a false positive)`,
  );
  for (const w of where) console.log(`  ${w}`);
}

corpus();
readmes();
