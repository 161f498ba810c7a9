// The seatbelt table through the real CLI: every route with its security controls in the scan's
// JSON and SARIF (run properties), the HTML report (checked in headless Chromium where installed)
// and `paved-road posture`; a guard the team declares in knowledge counts, with its reason, and
// the posture says what it silenced.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { ROUTE_CONTROLS, type RouteControlName, type RouteControlState } from '../../server/engine/types';
import { CONTROL_LABELS, STATE_MARKS } from '../../server/config/route-table';
import { CHROMIUM, openInChromium } from '../helpers/chromium-page';

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');

const AUTH = `const express = require('express');
const rateLimit = require('express-rate-limit');
const router = express.Router();
const limiter = rateLimit({ max: 5 });
router.post('/login', async (req, res) => { res.json(await login(req.body)); });
router.post('/login/v2', limiter, async (req, res) => { res.json(await login(req.body)); });
router.get('/healthz', (req, res) => res.json({ ok: true }));
module.exports = router;
`;

const ADMIN = `const express = require('express');
const { gatekeeper } = require('../gate');
const router = express.Router();
router.use(gatekeeper);
router.get('/admin/users', async (req, res) => res.json(await listUsers()));
module.exports = router;
`;

function run(cwd: string, args: string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
}

describe('the per-route controls table in the CLI', function () {
  this.timeout(120000);
  let dir = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-routes-'));
    fs.mkdirSync(path.join(dir, 'routes'));
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'shop', dependencies: { express: '^4.21.0', 'express-rate-limit': '^7.0.0' } }),
    );
    fs.writeFileSync(path.join(dir, 'routes', 'auth.js'), AUTH);
    fs.writeFileSync(path.join(dir, 'routes', 'admin.js'), ADMIN);
  });

  it('JSON lists every route with its controls; the missing rate limit on login is a finding', () => {
    const r = run(dir, ['scan', '.', '--format', 'json']);
    const report = JSON.parse(r.stdout) as {
      routes: { file: string; line: number; method: string; path: string; controls: Record<string, string> }[];
      files: { path: string; findings: { ruleId: string; start: { line: number } }[] }[];
    };
    assert.deepEqual(
      report.routes.map((x) => `${x.file}:${x.line} ${x.method} ${x.path}`),
      [
        'routes/admin.js:5 GET /admin/users',
        'routes/auth.js:5 POST /login',
        'routes/auth.js:6 POST /login/v2',
        'routes/auth.js:7 GET /healthz',
      ],
    );
    const login = report.routes[1];
    assert.equal(login.controls.rateLimit, 'missing');
    assert.equal(report.routes[2].controls.rateLimit, 'present');
    assert.equal(report.routes[3].controls.authentication, 'n/a');
    // gatekeeper is unknown here: the admin route has no recognised authentication or role check.
    assert.equal(report.routes[0].controls.authentication, 'missing');
    const flagged = report.files
      .flatMap((f) =>
        f.findings.filter((x) => x.ruleId === 'defaults/missing-control').map((x) => `${f.path}:${x.start.line}`),
      )
      .sort();
    assert.deepEqual(flagged, ['routes/admin.js:5', 'routes/auth.js:5']);
  });

  it('SARIF carries the table as run properties', () => {
    const log = JSON.parse(run(dir, ['scan', '.', '--format', 'sarif']).stdout) as {
      runs: { properties: { routeControls: { file: string; line: number; controls: Record<string, string> }[] } }[];
    };
    const rows = log.runs[0].properties.routeControls;
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.find((x) => x.file === 'routes/auth.js' && x.line === 5)!.controls.rateLimit, 'missing');
  });

  it('posture shows the table, and a guard declared in knowledge counts with its reason and what it silenced', () => {
    let text = run(dir, ['posture', '.']).stdout;
    assert.match(
      text,
      /Security controls per route \(4 routes; ✓ present, ✗ missing where it applies, · not applicable\)/,
    );
    assert.match(text, /POST \/login\s+routes\/auth\.js:5\s+·\s+·\s+✗\s+✗\s+✗\s+·/);
    fs.writeFileSync(
      path.join(dir, 'paved-road.json'),
      JSON.stringify({
        knowledge: {
          guards: [
            {
              name: 'gatekeeper',
              provides: ['authentication', 'authorization'],
              reason: 'checks the session and the staff role',
            },
          ],
        },
      }),
    );
    try {
      text = run(dir, ['posture', '.']).stdout;
      assert.match(
        text,
        /route guard gatekeeper \(authentication, authorization\) — paved-road\.json:\d+ — silenced 1 finding in this scan/,
      );
      assert.match(text, /reason: checks the session and the staff role/);
      assert.match(text, /GET \/admin\/users\s+routes\/admin\.js:5\s+✓\s+✓/);
      const json = JSON.parse(run(dir, ['scan', '.', '--format', 'json']).stdout) as {
        files: { findings: { ruleId: string }[] }[];
      };
      assert.equal(
        json.files.flatMap((f) => f.findings).filter((x) => x.ruleId === 'defaults/missing-control').length,
        1,
        'only the login route is left',
      );
      // Without a reason the declaration is refused and the secure default stays.
      fs.writeFileSync(
        path.join(dir, 'paved-road.json'),
        JSON.stringify({ knowledge: { guards: [{ name: 'gatekeeper', reason: ' ' }] } }),
      );
      const refused = run(dir, ['scan', '.', '--format', 'json']);
      assert.equal(refused.status, 2, 'an unreasoned loosening is a config error');
    } finally {
      fs.rmSync(path.join(dir, 'paved-road.json'));
    }
  });

  it('the HTML report has the table, and headless Chromium lays it out visibly, every cell as the scan says (screenshot in test-artifacts/)', async function () {
    const file = path.join(dir, 'report.html');
    run(dir, ['scan', '.', '--format', 'html', '--output', file]);
    const html = fs.readFileSync(file, 'utf8');
    assert.match(html, /<h2>Security controls per route<\/h2>/);
    assert.match(html, /<table id="route-controls">/);
    assert.match(
      html,
      /<td>POST \/login<\/td><td class="where">routes\/auth\.js:5<\/td>(<td class="ctl[^>]*>[^<]*<\/td>){2}<td class="ctl ctl-missing" title="validation: missing">✗<\/td>/,
    );
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`    note: ${CHROMIUM} is not installed; the Chromium check is skipped`);
      return;
    }
    // What the browser must show: the scan's own rows, marks as the posture prints them.
    const scanned = (
      JSON.parse(run(dir, ['scan', '.', '--format', 'json']).stdout) as {
        routes: {
          file: string;
          line: number;
          method: string;
          path: string;
          controls: Record<RouteControlName, RouteControlState>;
        }[];
      }
    ).routes;
    const expected = scanned.map((r) => [
      `${r.method} ${r.path}`,
      `${r.file}:${r.line}`,
      ...ROUTE_CONTROLS.map((c) => STATE_MARKS[r.controls[c]]),
    ]);
    const page = await openInChromium(file);
    try {
      // Scrolled into view, every cell has a box, is not hidden by CSS, and is what the browser hits at
      // its centre (nothing covers it); missing and present marks carry their colours.
      const seen = await page.evaluate<{
        box: { x: number; y: number; width: number; height: number };
        header: string[];
        rows: { text: string; visible: boolean; state: string; color: string }[][];
      } | null>(`(() => {
        const table = document.getElementById('route-controls');
        if (!table) return null;
        table.scrollIntoView({ block: 'start' });
        const shown = (el) => {
          const r = el.getBoundingClientRect(), s = getComputedStyle(el);
          return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility === 'visible' && Number(s.opacity) > 0
            && r.bottom <= innerHeight && r.right <= innerWidth && el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        };
        const rows = [...table.rows];
        const r = table.getBoundingClientRect();
        return {
          box: { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height },
          header: [...rows[0].cells].map((c) => c.innerText.trim()),
          rows: rows.slice(1).map((row) => [...row.cells].map((c) => ({
            text: c.innerText.trim(), visible: shown(c),
            state: (c.className.match(/ctl-(\\w+)/) || [])[1] || '', color: getComputedStyle(c).color,
          }))),
        };
      })()`);
      assert.ok(seen, 'the page has the routes table');
      assert.ok(seen.box.width > 0 && seen.box.height > 0, 'the table takes room on the page');
      assert.deepEqual(seen.header, ['Route', 'Where', ...ROUTE_CONTROLS.map((c) => CONTROL_LABELS[c])]);
      assert.deepEqual(
        seen.rows.map((row) => row.map((c) => c.text)),
        expected,
      );
      const hidden = seen.rows.flatMap((row, i) =>
        row.filter((c) => !c.visible).map((c) => `row ${i + 1} "${c.text}"`),
      );
      assert.deepEqual(hidden, [], 'every cell is visible');
      const colours = { missing: 'rgb(198, 40, 40)', present: 'rgb(46, 125, 50)', na: 'rgb(153, 153, 153)' } as Record<
        string,
        string
      >;
      for (const cell of seen.rows.flatMap((row) => row.slice(2)))
        assert.equal(cell.color, colours[cell.state], `${cell.state} mark ${cell.text}`);
      assert.ok(
        seen.rows.flat().some((c) => c.state === 'missing') && seen.rows.flat().some((c) => c.state === 'present'),
        'both marks are on show',
      );
      const artefacts = path.join(root, 'test-artifacts');
      fs.mkdirSync(artefacts, { recursive: true });
      const shot = path.join(artefacts, 'report-route-controls.png');
      fs.rmSync(shot, { force: true });
      const pad = 8;
      await page.screenshot(shot, {
        x: Math.max(0, seen.box.x - pad),
        y: Math.max(0, seen.box.y - 60),
        width: seen.box.width + 2 * pad,
        height: seen.box.height + 60 + pad,
      });
      assert.ok(fs.statSync(shot).size > 2000, 'a screenshot with content');
    } finally {
      await page.close();
    }
  });
});
