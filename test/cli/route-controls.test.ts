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

const root = packageRoot();
const cli = path.join(root, 'dist', 'cli.js');
const CHROMIUM = '/usr/bin/chromium';

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
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'shop', dependencies: { express: '^4.21.0', 'express-rate-limit': '^7.0.0' } }));
    fs.writeFileSync(path.join(dir, 'routes', 'auth.js'), AUTH);
    fs.writeFileSync(path.join(dir, 'routes', 'admin.js'), ADMIN);
  });

  it('JSON lists every route with its controls; the missing rate limit on login is a finding', () => {
    const r = run(dir, ['scan', '.', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { routes: { file: string; line: number; method: string; path: string; controls: Record<string, string> }[]; files: { path: string; findings: { ruleId: string; start: { line: number } }[] }[] };
    assert.deepEqual(report.routes.map((x) => `${x.file}:${x.line} ${x.method} ${x.path}`), [
      'routes/admin.js:5 GET /admin/users', 'routes/auth.js:5 POST /login', 'routes/auth.js:6 POST /login/v2', 'routes/auth.js:7 GET /healthz',
    ]);
    const login = report.routes[1];
    assert.equal(login.controls.rateLimit, 'missing');
    assert.equal(report.routes[2].controls.rateLimit, 'present');
    assert.equal(report.routes[3].controls.authentication, 'n/a');
    // gatekeeper is unknown here: the admin route has no recognised authentication or role check.
    assert.equal(report.routes[0].controls.authentication, 'missing');
    const flagged = report.files.flatMap((f) => f.findings.filter((x) => x.ruleId === 'defaults/missing-control').map((x) => `${f.path}:${x.start.line}`)).sort();
    assert.deepEqual(flagged, ['routes/admin.js:5', 'routes/auth.js:5']);
  });

  it('SARIF carries the table as run properties', () => {
    const log = JSON.parse(run(dir, ['scan', '.', '--format', 'sarif']).stdout) as { runs: { properties: { routeControls: { file: string; line: number; controls: Record<string, string> }[] } }[] };
    const rows = log.runs[0].properties.routeControls;
    assert.equal(rows.length, 4);
    assert.deepEqual(rows.find((x) => x.file === 'routes/auth.js' && x.line === 5)!.controls.rateLimit, 'missing');
  });

  it('posture shows the table, and a guard declared in knowledge counts with its reason and what it silenced', () => {
    let text = run(dir, ['posture', '.']).stdout;
    assert.match(text, /Security controls per route \(4 routes; ✓ present, ✗ missing where it applies, · not applicable\)/);
    assert.match(text, /POST \/login\s+routes\/auth\.js:5\s+·\s+·\s+✗\s+✗\s+✗\s+·/);
    fs.writeFileSync(path.join(dir, 'paved-road.json'), JSON.stringify({
      knowledge: { guards: [{ name: 'gatekeeper', provides: ['authentication', 'authorization'], reason: 'checks the session and the staff role' }] },
    }));
    try {
      text = run(dir, ['posture', '.']).stdout;
      assert.match(text, /route guard gatekeeper \(authentication, authorization\) — paved-road\.json:\d+ — silenced 1 finding in this scan/);
      assert.match(text, /reason: checks the session and the staff role/);
      assert.match(text, /GET \/admin\/users\s+routes\/admin\.js:5\s+✓\s+✓/);
      const json = JSON.parse(run(dir, ['scan', '.', '--format', 'json']).stdout) as { files: { findings: { ruleId: string }[] }[] };
      assert.equal(json.files.flatMap((f) => f.findings).filter((x) => x.ruleId === 'defaults/missing-control').length, 1, 'only the login route is left');
      // Without a reason the declaration is refused and the secure default stays.
      fs.writeFileSync(path.join(dir, 'paved-road.json'), JSON.stringify({ knowledge: { guards: [{ name: 'gatekeeper', reason: ' ' }] } }));
      const refused = run(dir, ['scan', '.', '--format', 'json']);
      assert.equal(refused.status, 2, 'an unreasoned loosening is a config error');
    } finally {
      fs.rmSync(path.join(dir, 'paved-road.json'));
    }
  });

  it('the HTML report has the table, and headless Chromium renders it', function () {
    const file = path.join(dir, 'report.html');
    run(dir, ['scan', '.', '--format', 'html', '--output', file]);
    const html = fs.readFileSync(file, 'utf8');
    assert.match(html, /<h2>Security controls per route<\/h2>/);
    assert.match(html, /<table id="route-controls">/);
    assert.match(html, /<td>POST \/login<\/td><td class="where">routes\/auth\.js:5<\/td>(<td class="ctl[^>]*>[^<]*<\/td>){2}<td class="ctl ctl-missing" title="validation: missing">✗<\/td>/);
    if (!fs.existsSync(CHROMIUM)) {
      console.log(`    note: ${CHROMIUM} is not installed; the Chromium check is skipped`);
      return;
    }
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-chromium-'))}`];
    const dom = spawnSync(CHROMIUM, [...flags, '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 60000 });
    assert.match(dom.stdout, /<table id="route-controls">.*routes\/auth\.js:5/s, dom.stderr.slice(0, 2000));
    const artefacts = path.join(root, 'test-artifacts');
    fs.mkdirSync(artefacts, { recursive: true });
    spawnSync(CHROMIUM, [...flags, '--window-size=1100,1400', `--screenshot=${path.join(artefacts, 'report-route-controls.png')}`, `file://${file}`], { encoding: 'utf8', timeout: 60000 });
  });
});
