// Markdown and HTML outputs escape what a repository supplies: loosening reasons, suppression
// justifications, paths and ignore patterns. Before, a loosening reason of "\n\n<!--" opened an HTML
// comment that hid the rest of `posture --format markdown` (and of the editor's posture view, which
// renders the same markdown): the suppressions after it vanished from a PR comment.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { markdownCode, markdownText } from '../../server/config/markdown';
import { packageRoot } from '../../server/engine/paths';

const cli = path.join(packageRoot(), 'dist', 'cli.js');
const HOSTILE_REASON = 'legacy\n\n<!--';
const HOSTILE_JUSTIFICATION = '<img src=x onerror=alert(1)> | # not a heading *bold* [link](javascript:alert(1))';
const HOSTILE_FILE = 'we`ird|<b>name.js';
const APP = (reason: string): string =>
  [
    "const mysql = require('mysql2');",
    'const c = mysql.createConnection({});',
    `// paved-road-ignore-next-line sql/string-built-query -- ${reason}`,
    "module.exports = (req) => c.query('SELECT * FROM t WHERE id = ' + req.query.id);",
    '',
  ].join('\n');

describe('markdown and HTML outputs escape user-supplied text', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-escaping-'));
    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      JSON.stringify({
        rules: { 'audit/console-instead-of-audit-log': { level: 'off', reason: HOSTILE_REASON } },
        ignores: [{ pattern: '<!--ignored-->/', reason: HOSTILE_REASON }],
      }),
    );
    fs.writeFileSync(path.join(dir, HOSTILE_FILE), APP(HOSTILE_JUSTIFICATION));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return r.stdout;
  };

  it('a loosening reason of "\\n\\n<!--" hides nothing in posture --format markdown, even rendered with raw HTML allowed', () => {
    const markdown = run(['posture', '--format', 'markdown']);
    // The worst renderer: raw HTML passed through (GitHub keeps comments; the editor's view disables HTML).
    const html = new MarkdownIt({ html: true }).render(markdown);
    assert.doesNotMatch(html, /<!--|<img|<b>|href="javascript/i, html);
    // Everything after the hostile reason is still there: the suppression, its file and justification, the ignores.
    assert.match(html, /<h2>Suppressed in code<\/h2>/);
    assert.match(html, /<h2>Ignored paths<\/h2>/);
    assert.ok(html.includes('legacy &lt;!--'), 'the reason is shown as the text it is, on one line');
    assert.ok(
      html.includes('&lt;img src=x onerror=alert(1)&gt; | # not a heading *bold* [link](javascript:alert(1))'),
      html,
    );
    assert.ok(html.includes('we`ird|&lt;b&gt;name.js'), 'the file name, literally');
    assert.ok(html.includes('<code>&lt;!--ignored--&gt;/</code>'), 'the ignore pattern, literally');
    const suppressed = html.slice(html.indexOf('<h2>Suppressed in code</h2>'));
    const rows = suppressed.slice(0, suppressed.indexOf('</table>')).match(/<tr>/g) ?? [];
    assert.equal(
      rows.length,
      2,
      'one header row and one suppression row: the | in the justification did not split the table',
    );
  });

  it('the HTML report shows reasons, justifications and paths as text', () => {
    const report = run(['scan', '.', '--format', 'html']);
    assert.doesNotMatch(report, /<img|<b>name|<!--/);
    assert.ok(report.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(report.includes('legacy\n\n&lt;!--') || report.includes('legacy &lt;!--'));
  });

  it('markdownText and markdownCode: no markup, no HTML, no line break survives', () => {
    const render = (md: string): string => new MarkdownIt({ html: true }).renderInline(md);
    for (const hostile of [
      '\n\n<!--',
      '`code` *a* _b_ [x](y) ![i](j) ~~s~~ | \\',
      'a\u2028# b\r\n> c',
      '<script>alert(1)</script>&amp;',
    ]) {
      const asText = render(`x ${markdownText(hostile)}`);
      assert.doesNotMatch(asText, /<(?!\/?p>)[a-z!]/i, `${JSON.stringify(hostile)} → ${asText}`);
      const asCode = render(`x ${markdownCode(hostile)}`);
      assert.match(asCode, /^x <code>[^<]*<\/code>$/, `${JSON.stringify(hostile)} → ${asCode}`);
    }
    assert.equal(markdownCode('a``b'), '```a``b```');
  });
});
