// defaults/tls-verification-off, proven against a real TLS server: a local HTTPS server with a
// self-signed certificate (made here with openssl) is accepted by the vulnerable client, refused
// after the rule's fix, and accepted again when its CA is trusted with `ca:` — the road the fix's
// note names.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixed, load } from './scenario';

type Get = (url: string) => Promise<number>;

const CLIENT = `
const https = require('https');
const agent = new https.Agent({ keepAlive: false, rejectUnauthorized: false });
module.exports = (url) => new Promise((resolve, reject) => {
  https.get(url, { agent }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
});
`;

const AXIOS_STYLE = `
const https = require('https');
const options = { https: { rejectUnauthorized: process.env.PR_TEST_TLS_VERIFY === 'true' } };
module.exports = (url) => new Promise((resolve, reject) => {
  https.get(url, { agent: new https.Agent(options.https) }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
});
`;

describe('defaults/tls-verification-off: the fix against a real self-signed TLS server', function () {
  this.timeout(30_000);
  let dir = '';
  let server: https.Server | undefined;
  let url = '';
  let ca: Buffer | undefined;

  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pr-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const made = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { encoding: 'utf8' },
    );
    if (made.error || made.status !== 0) {
      console.log(
        `      skipped: openssl could not make a self-signed certificate (${made.error?.message ?? made.stderr.trim()})`,
      );
      this.skip();
    }
    ca = fs.readFileSync(cert);
    server = https.createServer({ key: fs.readFileSync(key), cert: ca }, (_req, res) => res.end('ok'));
    return new Promise<void>((resolve) =>
      server!.listen(0, '127.0.0.1', () => {
        url = `https://localhost:${(server!.address() as AddressInfo).port}/`;
        resolve();
      }),
    );
  });

  after(() => {
    server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('rejectUnauthorized: false is accepted before the fix, refused after, and the CA road works', async () => {
    assert.equal(await load<Get>(CLIENT)(url), 200, 'the vulnerable client talks to a self-signed server');
    const after = fixed(CLIENT, 'defaults/tls-verification-off');
    assert.match(after, /rejectUnauthorized: true/);
    await assert.rejects(
      load<Get>(after)(url),
      (err: NodeJS.ErrnoException) => /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/.test(String(err.code)),
      'the fixed client refuses the self-signed server',
    );
    const withCa = after.replace('rejectUnauthorized: true', 'ca: CA, rejectUnauthorized: true');
    assert.equal(
      await load<Get>(withCa, { CA: ca })(url),
      200,
      'trusting the private CA with ca: connects with verification on',
    );
  });

  it('verification that is on only when an env flag is set: off when unset before the fix, on after', async () => {
    delete process.env.PR_TEST_TLS_VERIFY;
    assert.equal(
      await load<Get>(AXIOS_STYLE)(url),
      200,
      'unset flag: the vulnerable client accepts the self-signed server',
    );
    const after = fixed(AXIOS_STYLE, 'defaults/tls-verification-off');
    await assert.rejects(load<Get>(after)(url), (err: NodeJS.ErrnoException) =>
      /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/.test(String(err.code)),
    );
  });
});
