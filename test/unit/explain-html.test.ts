// The explain view's HTML: offline, strict CSP, no raw HTML from markdown, scrolled to the library.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { findHeading, renderExplainHtml } from '../../client/explain-html';
import { ruleDocPath } from '../../server/engine/paths';
import { allRules } from '../../rules';

describe('explain view HTML', () => {
  const markdown = fs.readFileSync(ruleDocPath('sql/string-built-query'), 'utf8');

  it('renders every rule doc with a strict CSP and no remote resources', () => {
    for (const rule of allRules) {
      const html = renderExplainHtml(fs.readFileSync(ruleDocPath(rule.meta.id), 'utf8'), {
        cspSource: 'vscode-webview:',
        nonce: 'N0nce',
      });
      assert.match(
        html,
        /Content-Security-Policy" content="default-src 'none'; style-src vscode-webview: 'nonce-N0nce'; script-src 'nonce-N0nce';/,
      );
      assert.doesNotMatch(html, /src="https?:/, 'no remote resources (links to references are fine)');
      assert.match(html, /<h2 id="the-problem">The problem<\/h2>/);
    }
  });

  it("scrolls to the section about the finding's library", () => {
    assert.equal(findHeading(markdown, 'mysql'), 'mysql / mysql2');
    assert.equal(findHeading(markdown, 'sqlite3'), 'sqlite3');
    const html = renderExplainHtml(markdown, { cspSource: 'x', nonce: 'n', section: 'pg' });
    assert.match(html, /<script nonce="n">document\.getElementById\("pg-node-postgres"\)/);
    assert.match(html, /<h3 id="pg-node-postgres">/);
  });

  it('does not pass raw HTML from markdown through', () => {
    const html = renderExplainHtml('# t\n\n<img src=x onerror=alert(1)>\n', { cspSource: 'x', nonce: 'n' });
    assert.doesNotMatch(html, /<img/);
  });
});
