// The XSS DOM fixes, proven in a real DOM (jsdom, with the real DOMPurify and jQuery): each snippet
// is analysed, the chosen fix applied by the engine, and both versions run in a fresh window with a
// payload and with benign text. Before the fix the payload becomes an element with an event handler;
// after it no element or attribute carries a handler, and benign text is shown as before.

import * as assert from 'node:assert/strict';
import createDOMPurify from 'dompurify';
import { JSDOM } from 'jsdom';
import { analyze } from '../../server/host/analyze';
import { applyFixes } from '../../server/engine/edits';
import type { Fix } from '../../server/engine/types';

const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a><script>alert(1)</script>',
];
const BENIGN = 'Ada Lovelace';

/** Apply, for every finding of the rule, the fix `choose` picks; the result is clean for that rule. */
function fixed(file: string, text: string, ruleId: string, choose: (fixes: Fix[]) => Fix | undefined): string {
  const findings = analyze({ file, text }).findings.filter((f) => f.ruleId === ruleId);
  assert.ok(findings.length > 0, `${file}: expected a ${ruleId} finding`);
  const fixes = findings.map((f) => choose(f.fixes ?? []));
  assert.ok(
    fixes.every((x) => x !== undefined),
    `${file}: every finding has the fix: ${JSON.stringify(findings.map((f) => f.fixes?.map((x) => x.title)))}`,
  );
  const out = applyFixes(text, fixes as Fix[]);
  assert.equal(out.applied, fixes.length);
  assert.deepEqual(
    analyze({ file, text: out.text }).findings.filter((f) => f.ruleId === ruleId),
    [],
    `${file}: fixed text is clean`,
  );
  return out.text;
}

const preferred = (fixes: Fix[]): Fix | undefined => fixes.find((f) => f.preferred);
const sanitizing = (fixes: Fix[]): Fix | undefined => fixes.find((f) => /DOMPurify/.test(f.title));

interface Page {
  window: JSDOM['window'];
  handlers: number;
  alerts: number;
}

/**
 * Run a snippet's `run(value)` in a fresh page. Module lines (`import … from 'dompurify'`,
 * `require('jquery')`) are replaced by the real libraries bound to this window.
 */
function runInPage(source: string, value: string): Page {
  const dom = new JSDOM('<!doctype html><html><body><div id="out"></div><iframe id="frame"></iframe></body></html>', {
    runScripts: 'outside-only',
    url: 'https://app.example/',
  });
  const window = dom.window as unknown as JSDOM['window'] & Record<string, unknown>;
  let alerts = 0;
  window.alert = () => {
    alerts++;
  };
  window.DOMPurify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  // jQuery binds to the window it is given; it is a test dependency, loaded as a library.
  window.jQuery = window.$ = require('jquery')(window);
  window.__value = value;
  const script = source
    .replace(/^import DOMPurify from 'dompurify';$/m, '')
    .replace(/^const \$ = require\('jquery'\);$/m, '')
    .replace(/^module\.exports = .*$/m, '')
    .replace(/^export /gm, '');
  window.eval(`${script}\nrun(window.__value);`);
  const all = [...window.document.querySelectorAll('*')];
  const frame = window.document.getElementById('frame') as HTMLIFrameElement | null;
  const srcdoc = frame?.getAttribute('srcdoc');
  const inFrame = srcdoc ? [...new JSDOM(srcdoc).window.document.querySelectorAll('*')] : [];
  const handlers = [...all, ...inFrame].filter(
    (el) =>
      [...el.attributes].some((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) ||
      el.tagName === 'SCRIPT',
  ).length;
  return { window, handlers, alerts };
}

function visibleText(page: Page): string {
  const out = page.window.document.getElementById('out')!;
  const frame = page.window.document.getElementById('frame')!.getAttribute('srcdoc');
  return (out.textContent ?? '') + (frame ? (new JSDOM(frame).window.document.body.textContent ?? '') : '');
}

function provesInDom(
  name: string,
  source: string,
  choose: (fixes: Fix[]) => Fix | undefined,
  check?: (after: string) => void,
  ruleId = 'xss/dom-html-sink',
): void {
  const after = fixed(name, source, ruleId, choose);
  check?.(after);
  for (const payload of PAYLOADS) {
    const before = runInPage(source, payload);
    assert.ok(before.handlers > 0, `before the fix the payload becomes markup with a handler (${payload})`);
    const page = runInPage(after, payload);
    assert.equal(
      page.handlers,
      0,
      `after the fix no element carries a handler or script (${payload}): ${page.window.document.body.innerHTML}`,
    );
    assert.equal(page.window.document.querySelectorAll('img[onerror], svg[onload]').length, 0);
  }
  const benignBefore = runInPage(source, BENIGN);
  const benignAfter = runInPage(after, BENIGN);
  assert.ok(
    visibleText(benignAfter).includes(BENIGN),
    `benign text is shown after the fix: ${benignAfter.window.document.body.innerHTML}`,
  );
  assert.equal(visibleText(benignAfter), visibleText(benignBefore), 'benign text is unchanged');
}

describe('xss DOM fixes run in a real DOM (jsdom + DOMPurify + jQuery)', () => {
  it('innerHTML = text becomes textContent =', () => {
    provesInDom(
      'banner.js',
      "export function run(name) {\n  document.getElementById('out').innerHTML = name;\n}\n",
      preferred,
      (after) => assert.match(after, /\.textContent = name/),
    );
  });

  it('insertAdjacentHTML with text becomes insertAdjacentText', () => {
    provesInDom(
      'notice.js',
      "export function run(message) {\n  document.getElementById('out').insertAdjacentHTML('beforeend', message);\n}\n",
      preferred,
      (after) => assert.match(after, /insertAdjacentText/),
    );
  });

  it('jQuery .html(text) becomes .text(text)', () => {
    provesInDom(
      'query.js',
      "const $ = require('jquery');\nfunction run(q) {\n  $('#out').html(q);\n}\nmodule.exports = { run };\n",
      preferred,
      (after) => assert.match(after, /\$\('#out'\)\.text\(q\)/),
    );
  });

  it('markup built with a value is wrapped in DOMPurify.sanitize(…) (the import is already there)', () => {
    const source =
      "import DOMPurify from 'dompurify';\nexport function run(body) {\n  document.getElementById('out').innerHTML = `<p class=\"comment\"><strong>Comment:</strong> ${body}</p>`;\n}\n";
    provesInDom('comment.js', source, sanitizing, (after) => assert.match(after, /innerHTML = DOMPurify\.sanitize\(`/));
  });

  it('the sanitize fix adds the DOMPurify import to a module that has none', () => {
    const source =
      "export function run(body) {\n  document.getElementById('out').innerHTML = '<p>' + body + '</p>';\n}\n";
    provesInDom('comment.mjs', source, sanitizing, (after) =>
      assert.match(after, /^import DOMPurify from 'dompurify';\n/),
    );
  });

  it('a classic script (no module system) escapes each part with a local escapeHtml', () => {
    const source =
      "function run(review) {\n  document.getElementById('out').insertAdjacentHTML('beforeend', '<li class=\"review\"><b>' + review + '</b></li>');\n}\n";
    provesInDom('public/js/reviews.js', source, preferred, (after) =>
      assert.match(after, /^function escapeHtml\(value\) \{[^]*<b>' \+ escapeHtml\(review\) \+ '<\/b>/),
    );
  });

  it('srcdoc markup is sanitized', () => {
    const source =
      "import DOMPurify from 'dompurify';\nexport function run(draft) {\n  document.getElementById('frame').srcdoc = '<html><body>' + draft + '</body></html>';\n}\n";
    provesInDom('preview.js', source, sanitizing);
  });

  it('createContextualFragment input is sanitized', () => {
    const source =
      "import DOMPurify from 'dompurify';\nexport function run(html) {\n  const range = document.createRange();\n  const out = document.getElementById('out');\n  range.selectNodeContents(out);\n  const fragment = range.createContextualFragment(html);\n  out.appendChild(fragment);\n}\n";
    provesInDom('fragment.js', source, sanitizing);
  });

  it('DOMParser input whose nodes are inserted is sanitized', () => {
    const source =
      "import DOMPurify from 'dompurify';\nexport function run(html) {\n  const doc = new DOMParser().parseFromString(html, 'text/html');\n  document.getElementById('out').replaceChildren(...doc.body.childNodes);\n}\n";
    provesInDom('article.js', source, sanitizing, (after) =>
      assert.match(after, /parseFromString\(DOMPurify\.sanitize\(html\), 'text\/html'\)/),
    );
  });

  it('Angular: bypassSecurityTrustHtml(x) becomes bypassSecurityTrustHtml(DOMPurify.sanitize(x))', () => {
    // Angular writes a SafeHtml into [innerHTML] as it is; the stand-in sanitizer does the same.
    const source =
      "import DOMPurify from 'dompurify';\nconst sanitizer = { bypassSecurityTrustHtml: (html) => html };\nexport function run(value) {\n  const trusted = sanitizer.bypassSecurityTrustHtml(value);\n  document.getElementById('out').innerHTML = trusted;\n}\n";
    provesInDom(
      'safe-html.pipe.js',
      source,
      sanitizing,
      (after) => assert.match(after, /bypassSecurityTrustHtml\(DOMPurify\.sanitize\(value\)\)/),
      'xss/framework-raw-html',
    );
  });

  it('postMessage data written as HTML becomes text', () => {
    // The handler is called directly with a MessageEvent-shaped object, as the browser would.
    const source =
      "export function run(data) {\n  onMessage({ data, origin: 'https://evil.example' });\n}\nfunction onMessage(event) {\n  document.getElementById('out').innerHTML = event.data;\n}\nwindow.addEventListener('message', onMessage);\n";
    provesInDom('widget.js', source, preferred, (after) => assert.match(after, /textContent = event\.data/));
  });
});
