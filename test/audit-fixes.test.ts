// The audit fixes do what they promise: the fixed code parses, is no longer flagged, runs and
// writes one JSON line with the OWASP event name and a UTC ISO-8601 time (a real Node http server,
// our own fixture — never workspace code), follows a team's configured logger and event-name
// convention, and never puts a secret in the event.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../server/host/analyze';
import { applyFixes } from '../server/engine/edits';
import type { AnalysisConfig } from '../server/engine/types';
import { packageRoot } from '../server/engine/paths';

function fixAll(file: string, text: string, config: AnalysisConfig = {}): string {
  const fixes = analyze({ file, text }, config)
    .findings.filter((f) => f.ruleId.startsWith('audit/'))
    .map((f) => f.fixes?.[0])
    .filter((f) => f !== undefined);
  return applyFixes(text, fixes).text;
}

const SERVER = `const http = require('http');
const crypto = require('crypto');

const EXPECTED = crypto.createHash('sha256').update('correct horse battery staple').digest();

const server = http.createServer((req, res) => {
  const given = crypto.createHash('sha256').update(String(req.headers['x-password'] || '')).digest();
  if (!crypto.timingSafeEqual(given, EXPECTED)) {
    res.writeHead(401);
    res.end('denied');
    return;
  }
  res.end('welcome');
});

server.listen(0, '127.0.0.1', () => process.stdout.write('LISTENING ' + server.address().port + '\\n'));
`;

function request(port: number, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', headers: { 'x-password': password } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('audit fixes', () => {
  it('a fixed Node http server writes a JSON audit line with the OWASP event, a UTC ISO time and no secret', async function () {
    const file = path.join(os.tmpdir(), `paved-road-audit-${process.pid}.js`);
    const before = analyze({ file, text: SERVER }).findings.filter((f) => f.ruleId === 'audit/unlogged-authentication');
    assert.equal(before.length, 1, 'the unfixed server is flagged once');
    const fixed = fixAll(file, SERVER);
    assert.deepEqual(analyze({ file, text: fixed }).notes, [], 'the fixed server parses');
    assert.deepEqual(
      analyze({ file, text: fixed }).findings.filter((f) => f.ruleId.startsWith('audit/')),
      [],
      'the fixed server is not flagged',
    );
    fs.writeFileSync(file, fixed);
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /LISTENING (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      assert.equal(await request(port, 'wrong password'), 401);
      assert.equal(await request(port, 'correct horse battery staple'), 200);
      // The audit line is written before the response, so it is in the pipe once the response is read.
      await new Promise<void>((resolve) => {
        if (/authn_login_fail/.test(out)) resolve();
        else
          child.stdout.on('data', () => {
            if (/authn_login_fail/.test(out)) resolve();
          });
      });
    } finally {
      child.kill();
      fs.rmSync(file, { force: true });
    }
    const events = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(events.length, 1, `one audit line for one failure: ${out}`);
    const [event] = events;
    assert.equal(event.event, 'authn_login_fail');
    assert.equal(event.outcome, 'failure');
    assert.match(String(event.time), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'UTC ISO-8601');
    assert.ok(Math.abs(Date.parse(String(event.time)) - Date.now()) < 10 * 60_000, 'the time is now');
    assert.match(String(event.ip), /127\.0\.0\.1/);
    assert.doesNotMatch(JSON.stringify(event), /horse|password/i, 'no secret in the event');
  });

  it("uses the team's audit logger, imports it, and follows its event-name convention", () => {
    const config: AnalysisConfig = {
      knowledge: {
        auditLoggers: [{ module: '@acme/audit', name: 'record' }],
        auditEventNamePattern: '^[a-z]+(\\.[a-z]+)+$',
      },
    };
    const text = `import express from 'express';
const app = express();

app.get('/invoices/:id', async (req, res) => {
  const invoice = await invoices.get(req.params.id);
  if (invoice.owner !== req.user.id) return res.sendStatus(403);
  res.json(invoice);
});
`;
    const fixed = fixAll('app.ts', text, config);
    assert.match(fixed, /^import express from 'express';\nimport \{ record \} from '@acme\/audit';$/m);
    assert.match(
      fixed,
      /\n {4}record\(\{ event: 'authz\.fail', outcome: 'failure', actor: req\.user\?\.id, resource: req\.originalUrl, ip: req\.ip, time: new Date\(\)\.toISOString\(\) \}\);\n {4}return res\.sendStatus\(403\);\n {2}\}/,
    );
    assert.deepEqual(
      analyze({ file: 'app.ts', text: fixed }, config).findings.filter((f) => f.ruleId.startsWith('audit/')),
      [],
    );
    // Without the config, the team's function is still an audit call by name only if it says so: `record` does not.
    assert.equal(
      analyze({ file: 'app.ts', text: fixed }).findings.filter((f) => f.ruleId.startsWith('audit/')).length,
      1,
    );
  });

  it('never puts a password, secret or token value in a fixed event', () => {
    const root = path.join(packageRoot(), 'rules', 'audit');
    for (const rule of fs.readdirSync(root)) {
      const cases = path.join(root, rule, 'cases');
      if (!fs.existsSync(cases)) continue;
      for (const name of fs.readdirSync(cases).filter((n) => n.includes('.fixed.'))) {
        const fixed = fs.readFileSync(path.join(cases, name), 'utf8').split('\n');
        const original = new Set(fs.readFileSync(path.join(cases, name.replace('.fixed', '')), 'utf8').split('\n'));
        for (const line of fixed.filter((l) => !original.has(l) && /event: '/.test(l))) {
          const code = line.replace(/'[^']*'/g, "''");
          assert.doesNotMatch(code, /password|passwd|secret|token|hash/i, `${rule}/${name}: ${line.trim()}`);
          assert.match(line, /time: new Date\(\)\.toISOString\(\)/, `${rule}/${name}: UTC ISO time`);
        }
      }
    }
  });
});
