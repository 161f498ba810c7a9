// The defaults family's fixes, proven by running the fixed code against a real HTTP server: the
// cookie fix makes the Set-Cookie header carry HttpOnly, Secure (outside development) and SameSite,
// and the CORS fix refuses a foreign origin while the listed one still gets its credentialed answer.
//
// express and cors are not in this repository's node_modules, so the fixed handler runs on
// node:http behind a minimal stand-in for the two calls it makes — `res.cookie` serialised as the
// `cookie` package does (Max-Age, Path, HttpOnly, Secure, SameSite), and `cors({ origin, credentials })`
// answering as the `cors` package documents for a boolean, a string and a list. What is under test
// is the fixed *text* the rule produces; the stand-ins are the smallest faithful host for it.

import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { analyze } from '../server/host/analyze';
import { applyFixes } from '../server/engine/edits';

type Handler = (
  req: http.IncomingMessage,
  res: http.ServerResponse & { cookie?: (n: string, v: string, o?: CookieOptions) => void },
  next: () => void,
) => void;
interface CookieOptions {
  maxAge?: number;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: boolean | string;
}

/** The `cookie` package's serialisation of the attributes the rule is about. */
function serialize(name: string, value: string, o: CookieOptions = {}): string {
  let s = `${name}=${encodeURIComponent(value)}`;
  if (o.maxAge !== undefined) s += `; Max-Age=${Math.floor(o.maxAge / 1000)}`;
  s += `; Path=${o.path ?? '/'}`;
  if (o.httpOnly) s += '; HttpOnly';
  if (o.secure) s += '; Secure';
  if (o.sameSite)
    s += `; SameSite=${o.sameSite === true ? 'Strict' : String(o.sameSite).charAt(0).toUpperCase() + String(o.sameSite).slice(1).toLowerCase()}`;
  return s;
}

/** The `cors` package's answer for `origin` as a boolean, a string or a list, with credentials. */
function cors(options: { origin?: boolean | string | string[]; credentials?: boolean }): Handler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    const o = options.origin;
    const allowed =
      o === true
        ? origin
        : typeof o === 'string'
          ? o
          : Array.isArray(o)
            ? origin && o.includes(origin)
              ? origin
              : undefined
            : undefined;
    if (allowed) res.setHeader('Access-Control-Allow-Origin', allowed);
    if (options.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    next();
  };
}

/** Runs an app module's text (CommonJS) on node:http with the stand-ins; `env` is its process.env. */
async function serve(text: string, env: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const middleware: Handler[] = [];
  const routes = new Map<string, Handler>();
  const app = {
    use: (h: Handler) => {
      middleware.push(h);
    },
    post: (p: string, h: Handler) => {
      routes.set(`POST ${p}`, h);
    },
    get: (p: string, h: Handler) => {
      routes.set(`GET ${p}`, h);
    },
  };
  const module = { exports: {} as unknown };
  const fakeRequire = (m: string): unknown =>
    ({ cors })[m] ??
    (() => {
      throw new Error(`unexpected require ${m}`);
    })();
  new Function('module', 'exports', 'require', 'process', text)(module, module.exports, fakeRequire, { env });
  (module.exports as (a: typeof app) => void)(app);
  const server = http.createServer((req, res) => {
    const r = res as Parameters<Handler>[1];
    r.cookie = (n, v, o) => {
      res.appendHeader('Set-Cookie', serialize(n, v, o));
    };
    const route = routes.get(`${req.method} ${req.url}`);
    const chain = [...middleware, ...(route ? [route] : [])];
    const step = (i: number): void => {
      if (i < chain.length) chain[i](req, r, () => step(i + 1));
      else res.end();
    };
    step(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function request(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<http.IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
    req.end();
  });
}

function fixed(file: string, text: string, ruleId: string): string {
  const findings = analyze({ file, text }).findings.filter((f) => f.ruleId === ruleId);
  assert.ok(findings.length > 0, `${ruleId} flags the sample`);
  const fixes = findings.map((f) => f.fixes!.find((x) => x.preferred)!);
  const out = applyFixes(text, fixes);
  assert.equal(out.applied, fixes.length);
  assert.equal(
    analyze({ file, text: out.text }).findings.filter((f) => f.ruleId === ruleId).length,
    0,
    'the fixed text is clean',
  );
  return out.text;
}

describe('defaults fixes, proven on a running server', function () {
  this.timeout(30000);

  it('insecure-cookie: after the fix the session cookie carries HttpOnly, Secure (outside development) and SameSite', async () => {
    const before =
      "module.exports = (app) => {\n  app.post('/login', (req, res) => { res.cookie('sid', 'session-42', { maxAge: 60000 }); res.end('ok'); });\n};\n";
    const after = fixed('app.js', before, 'defaults/insecure-cookie');
    const cookieOf = async (text: string, env: Record<string, string>): Promise<string> => {
      const s = await serve(text, env);
      try {
        return String((await request(`${s.url}/login`, 'POST'))['set-cookie']);
      } finally {
        await s.close();
      }
    };
    const old = await cookieOf(before, { NODE_ENV: 'production' });
    assert.doesNotMatch(old, /HttpOnly|Secure|SameSite/, 'before: no flag');
    const prod = await cookieOf(after, { NODE_ENV: 'production' });
    assert.match(prod, /^sid=session-42; Max-Age=60; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const unset = await cookieOf(after, {});
    assert.match(unset, /; Secure;/, 'an unset NODE_ENV is not development: Secure');
    const dev = await cookieOf(after, { NODE_ENV: 'development' });
    assert.match(dev, /; HttpOnly; SameSite=Lax$/, 'local development over http keeps working (no Secure)');
  });

  it('cors-credentials: after the fix a foreign origin gets no credentialed answer, a listed one does', async () => {
    const before =
      "const cors = require('cors');\nmodule.exports = (app) => {\n  app.use(cors({ origin: true, credentials: true }));\n  app.get('/api/me', (req, res) => res.end('{}'));\n};\n";
    const after = fixed('app.js', before, 'defaults/cors-credentials');
    const allowOrigin = async (text: string, origin: string): Promise<string | undefined> => {
      const s = await serve(text, { CORS_ORIGINS: 'https://shop.example,https://partners.example' });
      try {
        return (await request(`${s.url}/api/me`, 'GET', { Origin: origin }))['access-control-allow-origin'] as
          | string
          | undefined;
      } finally {
        await s.close();
      }
    };
    assert.equal(
      await allowOrigin(before, 'https://evil.example'),
      'https://evil.example',
      'before: any origin is echoed with credentials',
    );
    assert.equal(await allowOrigin(after, 'https://evil.example'), undefined, 'after: a foreign origin is refused');
    assert.equal(
      await allowOrigin(after, 'https://partners.example'),
      'https://partners.example',
      'after: a listed origin is answered',
    );
    const none = await serve(after, {});
    try {
      assert.equal(
        (await request(`${none.url}/api/me`, 'GET', { Origin: 'https://shop.example' }))['access-control-allow-origin'],
        undefined,
        'CORS_ORIGINS unset: fail closed',
      );
    } finally {
      await none.close();
    }
  });
});
