// Inline suppressions: one rule, one reason, in every comment syntax the analysed files use.

import * as assert from 'node:assert/strict';
import { analyze } from '../../server/host/analyze';
import { applySuppressions, parseSuppressions } from '../../server/engine/suppressions';
import type { Finding } from '../../server/engine/types';

const KNOWN = new Set(['sql/string-built-query', 'xss/unescaped-output']);

describe('inline suppressions', () => {
  it('reads the directive in //, /* */, JSX, HTML, Handlebars, Nunjucks, EJS and Pug comments', () => {
    const lines = [
      '// paved-road-ignore-next-line sql/string-built-query -- js line comment',
      '/* paved-road-ignore-next-line sql/string-built-query -- block comment */',
      '{/* paved-road-ignore-next-line xss/unescaped-output -- jsx child */}',
      '<!-- paved-road-ignore-next-line xss/unescaped-output -- html comment -->',
      '{{!-- paved-road-ignore-next-line xss/unescaped-output -- handlebars --}}',
      '{{! paved-road-ignore-next-line xss/unescaped-output -- handlebars short }}',
      '{# paved-road-ignore-next-line xss/unescaped-output -- nunjucks #}',
      '<%# paved-road-ignore-next-line xss/unescaped-output -- ejs %>',
      '//- paved-road-ignore-next-line xss/unescaped-output -- pug',
      '  // paved-road-ignore-file sql/string-built-query -- whole file: fixture data',
    ];
    const { suppressions, problems } = parseSuppressions(lines.join('\n'), KNOWN);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      suppressions.map((s) => [s.line, s.kind, s.ruleId, s.reason]),
      [
        [1, 'next-line', 'sql/string-built-query', 'js line comment'],
        [2, 'next-line', 'sql/string-built-query', 'block comment'],
        [3, 'next-line', 'xss/unescaped-output', 'jsx child'],
        [4, 'next-line', 'xss/unescaped-output', 'html comment'],
        [5, 'next-line', 'xss/unescaped-output', 'handlebars'],
        [6, 'next-line', 'xss/unescaped-output', 'handlebars short'],
        [7, 'next-line', 'xss/unescaped-output', 'nunjucks'],
        [8, 'next-line', 'xss/unescaped-output', 'ejs'],
        [9, 'next-line', 'xss/unescaped-output', 'pug'],
        [10, 'file', 'sql/string-built-query', 'whole file: fixture data'],
      ],
    );
  });

  it('without a reason, naming no rule or an unknown rule: suppresses nothing and is reported with its span', () => {
    const text = [
      '// paved-road-ignore-next-line sql/string-built-query',
      '// paved-road-ignore-next-line sql/string-built-query --   ',
      '// paved-road-ignore-next-line',
      '// paved-road-ignore-next-line sql/strng-built-query -- typo',
      'const s = "paved-road-ignore-next-line is only a directive at the start of a comment";',
    ].join('\n');
    const { suppressions, problems } = parseSuppressions(text, KNOWN);
    assert.deepEqual(suppressions, []);
    assert.equal(problems.length, 4);
    assert.match(
      problems[0].message,
      /has no reason, so it suppresses nothing: write \/\/ paved-road-ignore-next-line sql\/string-built-query -- why/,
    );
    assert.match(problems[2].message, /names no rule/);
    assert.match(problems[3].message, /unknown rule 'sql\/strng-built-query'/);
    assert.deepEqual(problems[0].span, { start: 0, end: text.indexOf('\n') });
  });

  it('a next-line suppression covers only its rule on the next line; a file suppression the whole file', () => {
    const text = 'A\n// paved-road-ignore-next-line sql/string-built-query -- checked\nB\nC\n';
    const at = (s: string, ruleId = 'sql/string-built-query'): Finding => ({
      ruleId,
      message: '',
      severity: 'error',
      confidence: 'high',
      span: { start: text.indexOf(s), end: text.indexOf(s) + 1 },
    });
    const { suppressions } = parseSuppressions(text, KNOWN);
    const r = applySuppressions(text, [at('A'), at('B'), at('B', 'xss/unescaped-output'), at('C')], suppressions);
    assert.deepEqual(
      r.findings.map((f) => [text[f.span.start], f.ruleId]),
      [
        ['A', 'sql/string-built-query'],
        ['B', 'xss/unescaped-output'],
        ['C', 'sql/string-built-query'],
      ],
    );
    assert.equal(r.suppressed.length, 1);
    assert.equal(r.suppressed[0].suppression.reason, 'checked');
  });

  it('works in template files through analyze() (EJS, Handlebars)', () => {
    for (const [file, comment, out] of [
      [
        'page.ejs',
        '<%# paved-road-ignore-next-line xss/unescaped-template-output -- sanitized with DOMPurify upstream %>',
        (e: string) => `<%- ${e} %>`,
      ],
      [
        'page.hbs',
        '{{!-- paved-road-ignore-next-line xss/unescaped-template-output -- sanitized with DOMPurify upstream --}}',
        (e: string) => `{{{${e}}}}`,
      ],
    ] as const) {
      const text = `<p>${out('user.name')}</p>\n${comment}\n<p>${out('user.bio')}</p>\n`;
      const r = analyze({ file, text });
      assert.deepEqual(
        r.findings.map((f) => f.ruleId),
        ['xss/unescaped-template-output'],
        file,
      );
      assert.equal(r.suppressed?.length, 1, file);
      assert.equal(r.suppressed![0].suppression.reason, 'sanitized with DOMPurify upstream');
    }
  });
});
