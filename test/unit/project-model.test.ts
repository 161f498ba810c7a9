// The project model (issue 23): module resolution over a file set, and per-module summaries
// computed from one file alone.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModuleResolver, type ProjectFiles } from '../../server/engine/project/resolve';
import { summarizeModule } from '../../rules/module-summary';
import { exportAt } from '../../server/engine/project/types';
import { Facts } from '../../server/engine/facts';
import { parse } from '../../server/engine/parse';
import { analyze } from '../../server/host/analyze';
import { ProjectIndex } from '../../server/host/project';
import { isWithin, projectRoot } from '../../server/host/project-scan';

const ROOT = path.resolve('/proj');
const p = (rel: string): string => path.join(ROOT, rel);

function files(list: string[], json: Record<string, unknown> = {}): ProjectFiles {
  const set = new Set(list.map(p));
  return {
    root: ROOT,
    has: (f) => set.has(f),
    readJson: (f) => json[path.relative(ROOT, f).split(path.sep).join('/')],
  };
}

function summary(text: string, file = 'x.ts') {
  const parsed = parse(text, file.endsWith('.ts') ? 'ts' : 'js');
  return summarizeModule(new Facts(text, parsed));
}

describe('project model: module resolution', () => {
  it("resolves relative paths with and without extensions, index files and TypeScript's .js-for-.ts", () => {
    const r = new ModuleResolver(files(['src/a.ts', 'src/lib/index.js', 'src/b.ts', 'src/c.mjs']));
    assert.equal(r.resolve(p('src/a.ts'), './b'), p('src/b.ts'));
    assert.equal(r.resolve(p('src/a.ts'), './b.js'), p('src/b.ts'));
    assert.equal(r.resolve(p('src/a.ts'), './lib'), p('src/lib/index.js'));
    assert.equal(r.resolve(p('src/lib/index.js'), '../c.mjs'), p('src/c.mjs'));
    assert.equal(r.resolve(p('src/a.ts'), './missing'), undefined);
    assert.equal(r.resolve(p('src/a.ts'), 'express'), undefined, 'a package outside the project is not resolved');
    assert.equal(r.resolve(p('src/a.ts'), 'node:fs'), undefined);
  });

  it('follows tsconfig paths (longest prefix first) and baseUrl, read from the nearest tsconfig.json', () => {
    const r = new ModuleResolver(
      files(['src/lib/db.ts', 'src/config/index.ts', 'src/app.ts', 'src/sql/x.ts'], {
        'tsconfig.json': {
          compilerOptions: {
            baseUrl: '.',
            paths: { '@/lib/*': ['src/lib/*'], '@config': ['src/config'], '@/*': ['src/*'] },
          },
        },
      }),
    );
    assert.equal(r.resolve(p('src/app.ts'), '@/lib/db'), p('src/lib/db.ts'));
    assert.equal(r.resolve(p('src/app.ts'), '@config'), p('src/config/index.ts'));
    assert.equal(r.resolve(p('src/app.ts'), '@/sql/x'), p('src/sql/x.ts'));
    assert.equal(r.resolve(p('src/app.ts'), 'src/lib/db'), p('src/lib/db.ts'), 'baseUrl');
  });

  it("resolves the project's own packages by name through exports (subpaths, conditions) and main", () => {
    const r = new ModuleResolver(
      files(['packages/db/src/index.ts', 'packages/db/src/raw.ts', 'packages/util/lib/main.js', 'app/x.ts'], {
        'packages/db/package.json': {
          name: '@acme/db',
          exports: { '.': { import: './src/index.ts', require: './dist/index.js' }, './raw': './src/raw.ts' },
        },
        'packages/util/package.json': { name: 'util-lib', main: 'lib/main.js' },
      }),
      [p('packages/db'), p('packages/util')],
    );
    assert.equal(r.resolve(p('app/x.ts'), '@acme/db'), p('packages/db/src/index.ts'));
    assert.equal(r.resolve(p('app/x.ts'), '@acme/db/raw'), p('packages/db/src/raw.ts'));
    assert.equal(r.resolve(p('app/x.ts'), 'util-lib'), p('packages/util/lib/main.js'));
    assert.equal(
      r.resolve(p('app/x.ts'), '../packages/util'),
      p('packages/util/lib/main.js'),
      "a folder's package.json main",
    );
  });
});

describe('project model: summaries', () => {
  it('says which parameters reach assembled text a function returns (concat, pushed parts.join, +=), and which do not', () => {
    const s = summary(
      `
      function where(f) { let w = ' WHERE 1=1'; if (f.name) w = w.concat(" AND name = '", f.name, "'"); return w; }
      function order(sort, dir) { const parts = [' ORDER BY ']; parts.push(sort); parts.push(dir === 'asc' ? ' ASC' : ' DESC'); return parts.join(''); }
      function safe(id) { return ' WHERE id = ' + Number(id); }
      function query(a, b) { return { text: 'SELECT 1 WHERE x = $1', values: [a, b] }; }
      const TABLES = { day: 'stats_day', week: 'stats_week' };
      function table(kind) { return TABLES[kind] ?? null; }
      function marks(n) { return '(' + new Array(n).fill('?').join(', ') + ')'; }
      function suffix(year) { return 'events_' + year; }
      module.exports = { where, order, safe, query, table, marks, suffix };
    `,
      'x.js',
    );
    assert.deepEqual(exportAt(s, ['where'])?.fn?.returns?.params, [0]);
    assert.equal(exportAt(s, ['where'])?.fn?.returns?.built, true);
    assert.deepEqual(exportAt(s, ['order'])?.fn?.returns?.params, [0]);
    assert.deepEqual(exportAt(s, ['safe'])?.fn, { sqlSafe: 'value' }, 'a number carries nothing: safe as SQL text');
    assert.equal(exportAt(s, ['table'])?.fn?.sqlSafe, 'value', 'a lookup in a constant table');
    assert.equal(exportAt(s, ['marks'])?.fn?.sqlSafe, 'placeholder', 'a placeholder list');
    assert.equal(exportAt(s, ['suffix'])?.fn?.sqlSafe, undefined, 'text built from a parameter is not safe');
    assert.equal(exportAt(s, ['query'])?.fn?.props?.text, null, 'the text of { text, values } carries no parameter');
    assert.equal(exportAt(s, ['default', 'where'])?.fn?.returns?.built, true, 'also as a member of module.exports');
  });

  it('says which exported functions return markup, which of their parameters reach it unescaped, and which escape', () => {
    const s = summary(
      `
      const escapeHtml = require('escape-html');
      function card(user, note) { return '<b>' + escapeHtml(user.name) + '</b><i>' + note + '</i>'; }
      function badge(id) { return \`<span>\${Number(id)}</span>\`; }
      function banner() { return \`<p>\${fetchMotd()}</p>\`; }
      const enc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
      function plain(a) { return a + '!'; }
      module.exports = { card, badge, banner, enc, plain };
    `,
      'x.js',
    );
    assert.deepEqual(exportAt(s, ['card'])?.fn?.htmlReturn?.params, [1], 'the note, not the escaped name');
    assert.equal(exportAt(s, ['card'])?.fn?.htmlReturn?.opaque, undefined);
    assert.deepEqual(exportAt(s, ['badge'])?.fn?.htmlReturn?.params, [], 'markup with every part safe');
    assert.equal(exportAt(s, ['banner'])?.fn?.htmlReturn?.opaque, true, 'a part no argument decides');
    assert.deepEqual(exportAt(s, ['enc'])?.fn?.sanitizes, ['xss'], 'a hand-written escaper');
    assert.equal(exportAt(s, ['plain'])?.fn?.htmlReturn, undefined, 'text without tags is no markup');
  });

  it('records query wrappers, audit writers, audit middleware factories, package values and routes', () => {
    const s = summary(`
      import { Pool } from 'pg';
      import * as audit from './audit';
      import * as account from './controllers/account';
      export const pool = new Pool();
      export async function query(text: string, values?: unknown[]) { return (await pool.query(text, values)).rows; }
      export function login(user: string) { audit.record({ action: 'login', user }); }
      export function auditTrail(action: string) { return (req: any, res: any, next: any) => { res.on('finish', () => audit.record({ action })); next(); }; }
      export class Repo { find(sql: string) { return pool.query(sql); } }
      app.post('/account/password', auditTrail('pw'), account.changePassword);
    `);
    assert.deepEqual(exportAt(s, ['pool'])?.origin, { module: 'pg', path: ['Pool'] });
    assert.equal(exportAt(s, ['query'])?.fn?.sinks?.[0].param, 0);
    assert.equal(exportAt(s, ['query'])?.fn?.sinks?.[0].kind, 'sql');
    assert.ok(exportAt(s, ['login'])?.fn?.audit, 'login writes an audit event');
    assert.equal(exportAt(s, ['auditTrail'])?.fn?.returnsAuditing, true);
    assert.equal(exportAt(s, ['auditTrail'])?.fn?.audit, undefined, 'the factory itself writes nothing');
    assert.equal(exportAt(s, ['Repo', 'find'])?.fn?.sinks?.[0].param, 0);
    assert.deepEqual(
      s.routes?.map((r) => [r.method, r.path, r.handler.module, r.handler.path.join('.')]),
      [['post', '/account/password', './controllers/account', 'changePassword']],
    );
    assert.ok(s.imports.includes('./audit') && s.imports.includes('pg'));
  });

  it('records routes chained on router.route(path) and handlers a factory returns, and functions that store a new password', () => {
    const s = summary(`
      import * as users from './controllers/users';
      import { login } from './routes/login';
      router.route('/:userId').get(users.getUser).delete(auth('manageUsers'), users.deleteUser);
      app.post('/rest/user/login', login());
      export async function resetPassword(user: any, password: string) { user.password = password; await user.save(); }
      export async function rename(user: any, name: string) { user.name = name; await user.save(); }
    `);
    assert.deepEqual(
      s.routes?.map((r) => [r.method, r.path, r.handler.path.join('.'), r.handler.called ?? false]),
      [
        ['delete', '/:userId', 'deleteUser', false],
        ['get', '/:userId', 'getUser', false],
        ['post', '/rest/user/login', 'login', true],
      ],
    );
    assert.equal(exportAt(s, ['resetPassword'])?.fn?.stores, true);
    assert.equal(exportAt(s, ['rename'])?.fn?.stores, undefined);
  });

  it('keeps no string constant (a summary is cached and shared: it may not carry a secret) and stays small', () => {
    const s = summary(
      `module.exports = { session: { secret: 'correct-horse-battery-staple-1234', maxAge: 3600 } };`,
      'config.js',
    );
    assert.ok(!JSON.stringify(s).includes('correct-horse'), JSON.stringify(s));
    assert.equal(exportAt(s, ['session', 'maxAge'])?.constant, 3600);
    const many = summary(
      Array.from({ length: 400 }, (_, i) => `export function f${i}(a) { return 'x' + a; }`).join('\n'),
      'many.js',
    );
    assert.ok(Object.keys(many.exports).length <= 200 && many.truncated, 'capped, and says so');
  });

  it('says which routers of other modules it mounts, with what the middleware in front provides, and no secret of it', () => {
    const s = summary(
      [
        `const express = require('express');`,
        `const basicAuth = require('express-basic-auth');`,
        `const { requireUser, requireRole } = require('./middleware/auth');`,
        `const adminRoutes = require('./routes/admin');`,
        `const app = express();`,
        `app.use(requireUser);`,
        `app.use('/admin', requireRole('admin'), basicAuth({ users: { ops: 'correct-horse-battery-staple-1234' } }), adminRoutes);`,
        `app.use('/feeds', require('./routes/catalog'));`,
      ].join('\n'),
      'app.js',
    );
    assert.ok(!JSON.stringify(s).includes('correct-horse'), JSON.stringify(s));
    const admin = s.mounts?.find((m) => m.router.module === './routes/admin');
    assert.equal(admin?.prefix, '/admin');
    assert.equal(admin?.line, 7);
    assert.deepEqual([...new Set(admin?.controls.map((c) => c.control))].sort(), ['authentication', 'authorization']);
    assert.ok(
      admin?.controls.some((c) => c.what === "requireRole('admin')"),
      JSON.stringify(admin),
    );
    assert.deepEqual(s.mounts?.find((m) => m.router.module === './routes/catalog')?.prefix, '/feeds');
  });

  it('hands a NestJS global guard and a Next.js middleware to the files they cover, and says which those are (the editor re-analyses them)', () => {
    const files = [
      'src/app.module.ts',
      'src/orders.controller.ts',
      'src/util.ts',
      'middleware.ts',
      'app/api/x/route.ts',
      'apps/admin/src/users.controller.ts',
    ].map(p);
    const project = new ProjectIndex(ROOT, files);
    project.set(
      p('src/app.module.ts'),
      summary(
        "import { Module } from '@nestjs/common';\nimport { APP_GUARD } from '@nestjs/core';\n@Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })\nexport class AppModule {}\n",
      ),
    );
    project.set(p('src/orders.controller.ts'), summary("import { Controller } from '@nestjs/common';\n"));
    project.set(p('src/util.ts'), summary('export const x = 1;\n'));
    project.set(
      p('middleware.ts'),
      summary(
        "import { NextResponse } from 'next/server';\nexport async function middleware(req) {\n  if (!(await getToken({ req }))) return NextResponse.redirect(new URL('/login', req.url));\n}\nexport const config = { matcher: ['/api/:path*'] };\n",
      ),
    );
    project.set(p('app/api/x/route.ts'), summary('export async function GET() { return Response.json(1); }\n'));
    assert.equal(project.mountsFor(p('src/orders.controller.ts'))?.[0].global, true);
    assert.equal(project.mountsFor(p('src/util.ts')), undefined);
    assert.deepEqual(project.mountsFor(p('app/api/x/route.ts'))?.[0].matchers, ['/api/:path*']);
    // Another application of the repository (its own src/) does not get this one's global guard.
    project.set(p('apps/admin/src/users.controller.ts'), summary("import { Controller } from '@nestjs/common';\n"));
    assert.equal(project.mountsFor(p('apps/admin/src/users.controller.ts')), undefined);
    assert.deepEqual(project.coveredBy(p('src/app.module.ts')), [p('src/orders.controller.ts')]);
    assert.deepEqual(project.coveredBy(p('middleware.ts')), [p('app/api/x/route.ts')]);
  });

  it('chains mounts across modules (outer prefixes and controls count for inner routes), at most 4 deep, through cycles', () => {
    // r0 mounts r1 behind a guard, r1 mounts r2, … r5 mounts leaf.js; r6 and r7 mount each other.
    const names = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'leaf', 'r6', 'r7'];
    const project = new ProjectIndex(
      ROOT,
      names.map((n) => p(`src/${n}.js`)),
    );
    const mounting = (inner: string, guard = '') =>
      summary(
        `const express = require('express');\nconst r = express.Router();\nr.use('/${inner}', ${guard}require('./${inner}'));\nmodule.exports = r;\n`,
      );
    project.set(p('src/r0.js'), mounting('r1', "requireRole('admin'), "));
    for (let i = 1; i <= 4; i++) project.set(p(`src/r${i}.js`), mounting(`r${i + 1}`));
    project.set(p('src/r5.js'), mounting('leaf'));
    project.set(
      p('src/leaf.js'),
      summary("const r = require('express').Router();\nr.get('/x', (q, s) => s.end());\nmodule.exports = r;\n"),
    );
    project.set(p('src/r6.js'), mounting('r7'));
    project.set(p('src/r7.js'), mounting('r6'));
    const [two] = project.mountsFor(p('src/r2.js')) ?? [];
    assert.equal(two.prefix, '/r1/r2');
    assert.deepEqual(
      two.controls.map((c) => [c.control, c.what]),
      [['authorization', "requireRole('admin') (via r0.js:3)"]],
    );
    assert.deepEqual(
      two.via?.map((v) => [v.file, v.prefix]),
      [[path.join('src', 'r0.js'), '/r1']],
    );
    // leaf ← r5 ← r4 ← r3 ← r2: four mounts, the chain stops there (r1's and r0's are not followed).
    const [leaf] = project.mountsFor(p('src/leaf.js')) ?? [];
    assert.equal(leaf.prefix, '/r3/r4/r5/leaf');
    assert.equal(leaf.via?.length, 3);
    // A cycle ends at the module the chain already went through: r6 ← r7 (← r6 again, not followed).
    assert.deepEqual(
      project.mountsFor(p('src/r6.js'))?.map((m) => [m.prefix, m.via]),
      [['/r6', undefined]],
    );
    // The editor re-analyses an inner router when an outer mount changes.
    assert.ok(project.coveredBy(p('src/r0.js')).includes(p('src/r2.js')));
  });

  it('hands a file the same lists whatever order the summaries arrived in (they are part of its cache key)', () => {
    const files = ['src/a.js', 'src/b.js', 'src/service.js'].map(p);
    const callerOf = (name: string) =>
      summary(
        `const svc = require('./service');\nexports.${name} = (req) => svc.change(req.body);\n`,
        `src/${name}.js`,
      );
    const built = (order: string[]) => {
      const project = new ProjectIndex(ROOT, files);
      for (const f of order)
        project.set(p(f), f === 'src/service.js' ? summary('exports.change = (x) => x;\n') : callerOf(f.slice(4, 5)));
      return project.callersFor(p('src/service.js'));
    };
    const forward = built(['src/a.js', 'src/b.js', 'src/service.js']);
    assert.equal(forward?.length, 2);
    assert.deepEqual(built(['src/service.js', 'src/b.js', 'src/a.js']), forward);
  });

  it('analyze() returns the summary on request, and uses imported summaries: SQL built in another module, with a step there', () => {
    const helper = `export function searchSql(term) { return "SELECT * FROM notes WHERE title LIKE '%" + term + "%'"; }`;
    const repo = `import { Pool } from 'pg';\nimport { searchSql } from './helper';\nconst pool = new Pool();\nexport const search = (t) => pool.query(searchSql(t));\n`;
    const own = analyze({ file: 'helper.js', text: helper }, { summarize: true }).summary!;
    assert.ok(exportAt(own, ['searchSql'])?.fn?.returns);
    const alone = analyze({ file: 'repo.js', text: repo });
    assert.equal(
      alone.findings.filter((f) => f.ruleId === 'sql/string-built-query').length,
      0,
      'alone, the call is opaque',
    );
    const together = analyze(
      { file: 'repo.js', text: repo },
      { imports: { './helper': { file: 'lib/helper.js', summary: own } } },
    );
    const finding = together.findings.find((f) => f.ruleId === 'sql/string-built-query');
    assert.ok(finding, "with the helper's summary, the SQL built there is followed");
    const step = finding!.steps?.find((s) => s.file === 'lib/helper.js');
    assert.ok(step?.range && step.range.line === 0, JSON.stringify(finding!.steps));
  });

  it('a same-file helper that returns assembled SQL is followed too', () => {
    const text = `const { Pool } = require('pg');\nconst pool = new Pool();\nfunction sql(q) { let s = 'SELECT * FROM t WHERE a = '; s = s.concat("'", q, "'"); return s; }\nasync function run(q) { return pool.query(sql(q)); }\nmodule.exports = { run };\n`;
    const r = analyze({ file: 'a.js', text });
    assert.equal(r.findings.filter((f) => f.ruleId === 'sql/string-built-query').length, 1);
  });
});

describe('project model: a summary computed beside the rules', function () {
  this.timeout(120_000);
  it("equals the summary computed alone (the rules' Facts is reused only when it saw no other module)", () => {
    // Every script of the rules' cases: a scan's phase 1 (summarize, the rules' Facts reused)
    // against a summary-only analysis (a Facts of its own), which must agree exactly.
    const root = path.resolve(__dirname, '..', '..', '..', 'rules');
    const scripts: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (/\/cases\//.test(f) && /\.[cm]?[jt]sx?$/.test(e.name) && !/\.fixed\./.test(e.name)) scripts.push(f);
      }
    };
    walk(root);
    assert.ok(scripts.length > 150, `only ${scripts.length} case scripts found`);
    let withSummary = 0;
    for (const file of scripts) {
      const text = fs.readFileSync(file, 'utf8');
      const beside = analyze({ file, text }, { summarize: true }).summary;
      const alone = analyze({ file, text }, { summaryOnly: true }).summary;
      assert.deepEqual(beside, alone, file);
      if (alone) withSummary++;
    }
    assert.ok(withSummary > 50, `only ${withSummary} summaries compared`);
  });
});

describe('project model: the project root of a scan', () => {
  it('is the file-system root when the scanned paths share no other folder (it used to climb / forever)', () => {
    const top = path.parse(process.cwd()).root;
    const a = path.join(top, 'work', 'app', 'src', 'x.ts');
    const b = path.join(top, 'tmp', 'bench', 'changed.ts');
    assert.equal(projectRoot([a, b]), top);
    assert.equal(projectRoot([a, path.join(top, 'work', 'app', 'lib', 'y.ts')]), path.join(top, 'work', 'app'));
    assert.ok(isWithin(a, top));
    assert.ok(isWithin(path.join(top, 'work'), path.join(top, 'work')));
    assert.ok(!isWithin(path.join(top, 'workshop'), path.join(top, 'work')));
  });
});
