// The one reader of case annotations: `// ruleid: a/b, c/d` (or `#`, `/*`, `<!--`, `{{!--`, `{#`)
// above the line it flags (comment and blank lines between are skipped), or, for JSON cases, a
// `<file>.expect` sidecar of `ruleid: id @ text on the line` entries. The case runner, the audit
// corpus test and the secret-channels test all read annotations through it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';

export interface Expectation {
  line: number;
  ids: string[];
}

const HASH_COMMENTS = /(?:^|[/\\])(?:\.env(?:\.[^/\\]*)?|[^/\\]*\.(?:env|ya?ml))$/i;

/** The annotated lines of a case (1-based) and the rule ids each expects. */
export function expectations(text: string, file = ''): Expectation[] {
  if (file && fs.existsSync(`${file}.expect`)) return sidecar(text, file);
  const lines = text.split('\n');
  const out: Expectation[] = [];
  const skip = HASH_COMMENTS.test(file) ? /^\s*(#|$)/ : /^\s*(\/\/|$)/;
  lines.forEach((line, i) => {
    const m = /(?:\/\/-?|\/\*|<!--|\{\{!--|#|\{#)\s*ruleid:\s*([a-z0-9/\-, ]+)/.exec(line);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && skip.test(lines[target])) target++;
    out.push({
      line: target + 1,
      ids: m[1]
        .split(',')
        .map((s) => s.trim().replace(/[\s-]+$/, ''))
        .filter(Boolean),
    });
  });
  return out;
}

/** A JSON case's annotations, kept in `<file>.expect` (JSON allows no comments). */
function sidecar(text: string, file: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  for (const entry of fs.readFileSync(`${file}.expect`, 'utf8').split('\n')) {
    const m = /^\s*(ruleid|ok):\s*([a-z0-9/\-, ]+?)\s*@\s?(.+)$/.exec(entry);
    if (!m) {
      assert.ok(/^\s*(#.*)?$/.test(entry), `${file}.expect: cannot read "${entry}"`);
      continue;
    }
    const at = lines.flatMap((l, i) => (l.includes(m[3]) ? [i] : []));
    assert.equal(at.length, 1, `${file}.expect: "${m[3]}" must be on exactly one line (found ${at.length})`);
    if (m[1] === 'ruleid')
      out.push({
        line: at[0] + 1,
        ids: m[2]
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
  }
  return out;
}
