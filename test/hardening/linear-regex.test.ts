// Regular expressions from team configs (e.g. knowledge.auditEventNamePattern) run on RE2 (re2js),
// whose matching time is linear in the input: a pattern that would backtrack catastrophically on
// V8's engine cannot hang the server. Patterns RE2 cannot run (lookaround, backreferences) are
// refused by the config loader, never run on V8 instead. This test holds our code to it statically
// and shows the difference on the classic catastrophic pattern.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RE2JS } from 're2js';
import { Facts, type Node } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { packageRoot } from '../../server/engine/paths';

const root = packageRoot();
/** Names through which team-config data reaches code: RuleContext.knowledge/options, AnalysisConfig, settings. */
const CONFIG_DATA = /^(knowledge|options|config|settings|team|teamConfig|raw|json)$/i;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [path.join(root, dir)];
  while (stack.length) {
    const d = stack.pop()!;
    if (!fs.existsSync(d)) continue;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory() && e.name !== 'cases') stack.push(abs);
      else if (e.isFile() && /\.tsx?$/.test(e.name)) out.push(abs);
    }
  }
  return out;
}

/** `new RegExp(x)` / `RegExp(x)` whose pattern reads team-config data: that must be RE2JS instead. */
function backtrackingOnConfigData(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = parse(text, file.endsWith('x') ? 'tsx' : 'ts');
  const facts = new Facts(text, parsed);
  const found: string[] = [];
  const calls: Node[] = [...facts.nodesOfType('NewExpression'), ...facts.nodesOfType('CallExpression')];
  for (const call of calls) {
    const c = call as unknown as { callee: Node; arguments: Node[]; range: [number, number] };
    if (c.callee.type !== 'Identifier' || (c.callee as { name: string }).name !== 'RegExp' || !c.arguments[0]) continue;
    const arg = c.arguments[0];
    if (arg.type === 'Literal') continue;
    const source = text.slice(arg.range[0], arg.range[1]);
    const identifiers = source.match(/[A-Za-z_$][\w$]*/g) ?? [];
    if (identifiers.some((id) => CONFIG_DATA.test(id)) || /pattern/i.test(source)) {
      found.push(
        `${path.relative(root, file)}:${text.slice(0, c.range[0]).split('\n').length}: RegExp(${source}) — team-config patterns must run on RE2JS`,
      );
    }
  }
  return found;
}

describe('team-config regular expressions run in linear time', () => {
  it('no V8 RegExp is built from team-config data in server/ or rules/', () => {
    const found = [...tsFiles('server'), ...tsFiles('rules')].flatMap(backtrackingOnConfigData);
    assert.deepEqual(found, []);
  });

  it('re2js runs the classic catastrophic pattern over a long hostile input to completion', function () {
    // On V8, /^(a+)+$/ against "aaaa…a!" takes time exponential in the input's length (30 characters
    // already take seconds; we never run it). RE2 answers at once for 100,000.
    const hostile = 'a'.repeat(100_000) + '!';
    assert.equal(RE2JS.compile('^(a+)+$').matcher(hostile).find(), false);
    assert.equal(RE2JS.compile('(x+x+)+y').matcher('x'.repeat(100_000)).find(), false);
  });

  it('re2js refuses what it cannot run in linear time (so it is rejected, never run on V8)', () => {
    for (const p of ['(a)\\1', '(?=a)b', '(?<!a)b']) assert.throws(() => RE2JS.compile(p), p);
  });
});
