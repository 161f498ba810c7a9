// What one rule family adds to the analysis: the same files analysed in-process with every rule and
// with every rule but the family's, interleaved, five rounds, medians (the machine is shared, so
// only the ratio means anything); and, steadier under load, the time spent inside the family's own
// `check` calls as a share of the whole analysis (parse and facts included). Not a mocha suite.
//
//   node out/test/bench/family-cost.js <family> <dir>...   (e.g. defaults /work/realapps/juice-shop …)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/engine/analyze';
import { allRules } from '../../rules';
import type { Rule } from '../../server/engine/types';

const [family, ...roots] = process.argv.slice(2);
if (!family || roots.length === 0) {
  process.stderr.write('usage: node out/test/bench/family-cost.js <family> <dir>...\n');
  process.exit(2);
}
const files: string[] = [];
const walk = (dir: string): void => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist' || e.name === 'build') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(?:[cm]?js|tsx?|jsx)$/.test(e.name) && !/\.min\./.test(e.name) && fs.statSync(p).size < 300_000)
      files.push(p);
  }
};
roots.forEach(walk);
const docs = files.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
const without = allRules.filter((r) => !r.meta.id.startsWith(`${family}/`));
const run = (rules: readonly Rule[]): number => {
  const t = process.hrtime.bigint();
  for (const d of docs) analyze(d, {}, rules);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
// The family's rules, timed inside: what their check calls cost (facts they ask for first included).
let own = 0;
const timed: Rule[] = allRules.map((r) =>
  r.meta.id.startsWith(`${family}/`)
    ? {
        meta: r.meta,
        check: (c) => {
          const t = process.hrtime.bigint();
          try {
            r.check(c);
          } finally {
            own += Number(process.hrtime.bigint() - t) / 1e6;
          }
        },
      }
    : r,
);
run(timed);
run(without); // warm-up
const all: number[] = [],
  rest: number[] = [],
  shares: number[] = [];
for (let i = 0; i < 5; i++) {
  // Alternate which goes first, so drift in a loaded machine does not favour one side.
  if (i % 2 === 0) rest.push(run(without));
  own = 0;
  const total = run(timed);
  all.push(total);
  shares.push(own / total);
  if (i % 2 === 1) rest.push(run(without));
}
const median = (x: number[]): number => [...x].sort((a, b) => a - b)[2];
process.stdout.write(
  `${docs.length} files, ${(docs.reduce((n, d) => n + d.text.length, 0) / 1e6).toFixed(1)} MB; ${allRules.length - without.length} ${family} rules\n`,
);
process.stdout.write(
  `every rule ${median(all).toFixed(0)} ms, without ${family} ${median(rest).toFixed(0)} ms: ratio ${(median(all) / median(rest)).toFixed(3)}\n`,
);
process.stdout.write(
  `inside the ${family} rules' check calls: ${(100 * median(shares)).toFixed(1)}% of the whole analysis (median of 5 rounds)\n`,
);
