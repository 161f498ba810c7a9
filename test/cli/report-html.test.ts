// The HTML report is one self-contained file: it opens offline, shows the chart and the findings,
// and renders in a real browser (Debian's chromium, headless) with a screenshot kept as an artefact.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { CHROMIUM, HEADLESS_FLAGS } from '../helpers/chromium-page';
import { loadFactor } from '../helpers/load';

const root = packageRoot();

describe('HTML report', function () {
  this.timeout(120000);
  let html = '';
  let file = '';

  before(() => {
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-report-')), 'report.html');
    const r = spawnSync(
      process.execPath,
      [path.join(root, 'dist', 'cli.js'), 'scan', 'examples', '--format', 'html', '--output', file],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(r.status, 1, r.stderr);
    html = fs.readFileSync(file, 'utf8');
  });

  it('is self-contained: no scripts, no external resources, a strict CSP', () => {
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('has totals by category and severity as a chart, findings grouped by rule with excerpts', () => {
    assert.match(html, /<svg id="chart"/);
    assert.match(html, /class="bar bar-error"/);
    assert.match(html, /<h3 id="sql\/string-built-query">/);
    assert.match(html, /<span class="ln hit">\s+\d+ \| /);
    assert.match(html, /Loosened rules/);
    assert.match(html, /Suppressions/);
  });

  it('renders code spans in finding messages as code, never as raw backticks', () => {
    const messages = [...html.matchAll(/<li class="finding[^"]*">.*?<p>(.*?)<\/p>/gs)].map((m) => m[1]);
    assert.ok(messages.length > 0);
    assert.ok(
      messages.some((m) => /<code>[^<]+<\/code>/.test(m)),
      'some message has a code span',
    );
    for (const m of messages) assert.ok(!m.includes('`'), `raw backtick in ${m}`);
  });

  it('renders in headless Chromium with the chart visible (screenshot kept in test-artifacts/)', function () {
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`    skipped: ${CHROMIUM} is not installed (apt-get install chromium); .ci/run installs it`);
      this.skip();
    }
    const flags = [
      ...HEADLESS_FLAGS,
      `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-chromium-'))}`,
    ];
    const dom = spawnSync(CHROMIUM, [...flags, '--dump-dom', `file://${file}`], {
      encoding: 'utf8',
      timeout: 60000 * loadFactor(),
    });
    assert.match(dom.stdout, /<rect class="bar bar-error" x="\d+" y="\d+" width="[1-9]\d*"/, dom.stderr.slice(0, 2000));
    const artefacts = path.join(root, 'test-artifacts');
    fs.mkdirSync(artefacts, { recursive: true });
    const shot = path.join(artefacts, 'report.png');
    fs.rmSync(shot, { force: true });
    spawnSync(CHROMIUM, [...flags, '--window-size=1100,900', `--screenshot=${shot}`, `file://${file}`], {
      encoding: 'utf8',
      timeout: 60000 * loadFactor(),
    });
    assert.ok(fs.existsSync(shot) && fs.statSync(shot).size > 10000, 'a screenshot with content');
  });
});
