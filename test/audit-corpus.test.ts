// Precision and recall of the audit rules on a held-out labelled corpus (test/corpus/audit/).
// Prints the numbers per rule and overall, and holds them to the quality bar.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../server/host/analyze';
import { Facts } from '../server/engine/facts';
import { parse, scriptKindOf } from '../server/engine/parse';
import { packageRoot } from '../server/engine/paths';
import { expectations } from './helpers/case-annotations';

const dir = path.join(packageRoot(), 'test', 'corpus', 'audit');
const TOLERANCE = 3;

interface Label {
  file: string;
  line: number;
  rule: string;
}

function labels(file: string, text: string): Label[] {
  return expectations(text).flatMap((e) =>
    e.ids.filter((id) => id.startsWith('audit/')).map((rule) => ({ file, line: e.line, rule })),
  );
}

/** The innermost function whose lines cover a line (a function starting on the line covers it). */
function functionsByLine(file: string, text: string): (line: number) => unknown {
  const facts = new Facts(text, parse(text, scriptKindOf(file)!));
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
  const fns = (['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'] as const)
    .flatMap((t) => facts.nodesOfType(t))
    .map((n) => ({ n, from: lineOf(n.range[0]), to: lineOf(n.range[1]) }));
  return (line) =>
    fns.filter((f) => f.from <= line && line <= f.to).sort((a, b) => a.to - a.from - (b.to - b.from))[0]?.n;
}

export function measureAuditCorpus(): {
  perRule: Map<string, { tp: number; fp: number; fn: number }>;
  misses: string[];
} {
  const perRule = new Map<string, { tp: number; fp: number; fn: number }>();
  const misses: string[] = [];
  const bump = (rule: string, key: 'tp' | 'fp' | 'fn'): void => {
    const r = perRule.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
    r[key]++;
    perRule.set(rule, r);
  };
  const names = (fs.readdirSync(dir, { recursive: true }) as string[]).map((n) => n.split(path.sep).join('/')).sort();
  for (const name of names) {
    if (!/\.[cm]?[jt]sx?$/.test(name)) continue;
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const expected = labels(name, text);
    const found = analyze({ file, text })
      .findings.filter((f) => f.ruleId.startsWith('audit/'))
      .map((f) => ({ rule: f.ruleId, line: text.slice(0, f.span.start).split('\n').length }));
    const scope = functionsByLine(file, text);
    const used = new Set<number>();
    for (const e of expected) {
      const i = found.findIndex(
        (f, k) =>
          !used.has(k) &&
          f.rule === e.rule &&
          (Math.abs(f.line - e.line) <= TOLERANCE || (scope(f.line) !== undefined && scope(f.line) === scope(e.line))),
      );
      if (i >= 0) {
        used.add(i);
        bump(e.rule, 'tp');
      } else {
        bump(e.rule, 'fn');
        misses.push(`missed ${e.rule} at ${name}:${e.line}`);
      }
    }
    found.forEach((f, k) => {
      if (!used.has(k)) {
        bump(f.rule, 'fp');
        misses.push(`false alarm ${f.rule} at ${name}:${f.line}`);
      }
    });
  }
  return { perRule, misses };
}

describe('audit rules on the held-out corpus', () => {
  it('reach precision >= 0.9 and recall >= 0.85 (numbers printed)', () => {
    const { perRule, misses } = measureAuditCorpus();
    let tp = 0,
      fp = 0,
      fn = 0;
    for (const [rule, r] of [...perRule].sort()) {
      tp += r.tp;
      fp += r.fp;
      fn += r.fn;
      console.log(`      ${rule}: tp ${r.tp} fp ${r.fp} fn ${r.fn}`);
    }
    const precision = tp / Math.max(1, tp + fp);
    const recall = tp / Math.max(1, tp + fn);
    console.log(
      `      audit corpus: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`,
    );
    for (const m of misses) console.log(`        ${m}`);
    assert.ok(tp + fn >= 25, 'the corpus holds enough labelled events');
    assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)} < 0.9`);
    assert.ok(recall >= 0.85, `recall ${recall.toFixed(3)} < 0.85`);
  });
});
