// Every fix of every rule case (rules/**/cases), verified as the front doors verify it
// (engine/fixes/verify.ts), then checked again here on its own terms: the fixed text parses, the
// finding is gone, no finding of any rule is new, and for TypeScript cases no new type error
// (a TypeScript language service with a plain tsconfig). What verification refuses is guidance
// with a reason and no edit. Plus the individual checks, each with a fix built to fail it.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../server/host/analyze';
import { applyEdits } from '../server/engine/edits';
import { verifyFix, verifyFixes } from '../server/host/analyze';
import { packageRoot } from '../server/engine/paths';
import type { AnalysisConfig, Finding, Fix } from '../server/engine/types';
import { TypeChecker } from '../server/host/typecheck';
import { scanPaths, type ScanSummary } from '../server/host/scan';
import { FixVerifier } from '../server/cli/fix';
import { PolicyResolver } from '../server/config/resolve';
import { loginHandler } from './helpers/login-handler';
import { allRules } from '../rules';

const root = packageRoot();

const caseFiles: string[] = [];
for (const rule of allRules) {
  const dir = path.join(root, 'rules', rule.meta.id, 'cases');
  if (!fs.existsSync(dir)) continue;
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.includes('.fixed.') || name.endsWith('.fixed') || name.endsWith('.expect') || name.endsWith('.project'))
      continue; // .project: multi-file cases
    caseFiles.push(path.join(dir, name));
  }
}

const perRule = (findings: Finding[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
};

describe('fix verification', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-verify-'));
  const tsconfig = path.join(tmp, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'commonjs',
        moduleResolution: 'node',
        strict: false,
        skipLibCheck: true,
        esModuleInterop: true,
        jsx: 'react-jsx',
        noEmit: true,
        types: ['node'],
        typeRoots: [path.join(root, 'node_modules', '@types')],
      },
    }),
  );
  const checker = new TypeChecker();
  const downgraded: string[] = [];
  let offered = 0;

  describe('every fix of every rule case', () => {
    for (const file of caseFiles) {
      const rel = path.relative(root, file);
      it(rel, () => {
        const text = fs.readFileSync(file, 'utf8');
        const before = analyze({ file, text });
        const isTs = /\.tsx?$/.test(file);
        const typeErrors = isTs ? checker.hook(tsconfig, file, text) : undefined;
        const verified = verifyFixes({ file, text }, {}, before, typeErrors ? { newTypeErrors: typeErrors } : {});
        verified.findings.forEach((finding, i) => {
          for (const [k, fix] of (finding.fixes ?? []).entries()) {
            const original = before.findings[i].fixes![k];
            if (fix.kind === 'guidance') {
              assert.equal(fix.edits.length, 0, 'guidance has no edit');
              assert.ok(fix.reason, 'guidance says why');
              if (original.kind !== 'guidance') downgraded.push(`${rel}: ${fix.title}: ${fix.reason}`);
              continue;
            }
            offered++;
            const fixed = applyEdits(text, fix.edits);
            const after = analyze({ file, text: fixed });
            assert.deepEqual(
              after.notes.filter((n) => n.kind === 'parse-error' || n.kind === 'rule-error'),
              [],
              `${fix.title}: the fixed text parses and no rule crashes`,
            );
            const was = perRule(before.findings);
            const now = perRule(after.findings);
            assert.ok(
              (now.get(finding.ruleId) ?? 0) < (was.get(finding.ruleId) ?? 0),
              `${fix.title}: the finding is gone`,
            );
            for (const [ruleId, n] of now)
              assert.ok(n <= (was.get(ruleId) ?? 0), `${fix.title}: no new ${ruleId} finding`);
            if (typeErrors) assert.deepEqual(typeErrors(fixed), [], `${fix.title}: no new type error`);
          }
        });
      });
    }
    after(() => {
      // For the record (docs/fixes.md): how many case fixes are offered, and which verification refused.
      if (process.env.PAVED_ROAD_FIX_REPORT)
        fs.writeFileSync(process.env.PAVED_ROAD_FIX_REPORT, `${offered} offered\n${downgraded.join('\n')}\n`);
    });
  });

  describe('each check refuses a fix built to fail it', () => {
    const file = path.join(tmp, 'app.js');
    const text = [
      "const express = require('express');",
      "const { Pool } = require('pg');",
      'const app = express();',
      'const db = new Pool();',
      "app.get('/u', (req, res) => {",
      '  db.query("SELECT * FROM users WHERE id = " + req.query.id);',
      '});',
      '',
    ].join('\n');
    const before = analyze({ file, text });
    const finding = before.findings.find((f) => f.ruleId === 'sql/string-built-query')!;
    const good = finding.fixes!.find((f) => f.preferred)!;
    const at = text.indexOf('db.query');
    const verdict = (
      fix: Fix,
      config: AnalysisConfig = {},
      newTypeErrors?: () => string[],
    ): ReturnType<typeof verifyFix> =>
      verifyFix({ file, text }, config, before, finding, fix, newTypeErrors ? { newTypeErrors } : {});
    const make = (edits: Fix['edits']): Fix => ({
      title: 't',
      kind: 'needs-review',
      changes: 'c',
      edits: [...good.edits, ...edits],
    });

    it('the paved-road fix passes every check', () => {
      assert.ok(finding && good);
      assert.deepEqual(
        verdict(good, { project: { dependencies: ['express', 'pg'], node: { major: 8, source: 'engines.node' } } }),
        { ok: true },
      );
    });

    it('a fix whose text does not parse', () => {
      assert.deepEqual(verdict(make([{ span: { start: at, end: at }, newText: '(((' }])), {
        ok: false,
        reason: 'the fixed text does not parse',
      });
    });

    it('a fix that leaves the finding', () => {
      assert.deepEqual(
        verdict({
          title: 't',
          kind: 'needs-review',
          changes: 'c',
          edits: [{ span: { start: at, end: at }, newText: 'void 0; ' }],
        }),
        { ok: false, reason: 'the finding is still there after the fix' },
      );
    });

    it('a fix that brings a new finding of another rule', () => {
      const secret = "const stripeKey = 'sk_live_51H8x2LKq9ZbT3vWmYpRf7NcDe';\n";
      const r = verdict(make([{ span: { start: 0, end: 0 }, newText: secret }]));
      assert.equal(r.ok, false);
      assert.match((r as { reason: string }).reason, /new cred\/[a-z-]+ finding/);
    });

    it('a fix that imports a package the project does not depend on; a dependency, a built-in or a relative file is fine', () => {
      const importing = make([{ span: { start: 0, end: 0 }, newText: "const escapeHtml = require('escape-html');\n" }]);
      const r = verdict(importing, { project: { manifest: 'package.json', dependencies: ['express', 'pg'] } });
      assert.deepEqual(r, {
        ok: false,
        reason: "it imports 'escape-html', which package.json does not list as a dependency",
      });
      assert.deepEqual(
        verdict(importing, { project: { manifest: 'package.json', dependencies: ['express', 'pg', 'escape-html'] } }),
        { ok: true },
      );
      for (const spec of ['node:crypto', 'crypto', './escape']) {
        assert.deepEqual(
          verdict(make([{ span: { start: 0, end: 0 }, newText: `const x = require('${spec}');\n` }]), {
            project: { dependencies: [] },
          }),
          { ok: true },
          spec,
        );
      }
    });

    it("syntax the project's Node.js cannot run", () => {
      const chaining = make([{ span: { start: at, end: at }, newText: 'const who = req.user?.id;\n  ' }]);
      assert.deepEqual(
        verdict(chaining, {
          project: { dependencies: [], node: { major: 8, source: 'FROM node:8 in the Dockerfile' } },
        }),
        {
          ok: false,
          reason:
            'it uses optional chaining (?.), which needs Node.js 14 and the project runs on Node.js 8 (FROM node:8 in the Dockerfile)',
        },
      );
      assert.deepEqual(
        verdict(chaining, { project: { dependencies: [], node: { major: 18, source: 'engines.node' } } }),
        { ok: true },
      );
      assert.deepEqual(verdict(chaining, {}), { ok: true }, 'an unknown runtime is not judged');
    });

    it('a new type error', () => {
      assert.deepEqual(
        verdict(good, {}, () => ["TS2345: Argument of type 'number' is not assignable"]),
        {
          ok: false,
          reason: "the fixed file has a new type error: TS2345: Argument of type 'number' is not assignable",
        },
      );
    });

    it('the type check itself: a fix that breaks types is caught, one that keeps them is not', () => {
      const ts = path.join(tmp, 'typed.ts');
      const original = 'export function f(id: string): string {\n  return id;\n}\n';
      const hook = checker.hook(tsconfig, ts, original);
      assert.deepEqual(hook(original.replace('return id;', 'return id.trim();')), []);
      const broken = hook(original.replace('return id;', 'return id.length;'));
      assert.equal(broken?.length, 1);
      assert.match(broken![0], /^TS2322: Type 'number' is not assignable to type 'string'/);
    });

    it('the type check follows the TypeScript the project declares: before 6, every @types package is in scope', () => {
      const project = (ts: string): string => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-tsver-'));
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ devDependencies: { typescript: ts } }));
        fs.writeFileSync(
          path.join(dir, 'tsconfig.json'),
          JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }),
        );
        fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
        fs.symlinkSync(
          path.join(root, 'node_modules', '@types', 'node'),
          path.join(dir, 'node_modules', '@types', 'node'),
        );
        return dir;
      };
      const original = "export const key = 'x';\n";
      const fixed = 'export const key = process.env.KEY;\n';
      const older = project('^5.4.0');
      assert.deepEqual(
        new TypeChecker().hook(path.join(older, 'tsconfig.json'), path.join(older, 'a.ts'), original)(fixed),
        [],
      );
      const newer = project('^6.0.0');
      const errors = new TypeChecker().hook(
        path.join(newer, 'tsconfig.json'),
        path.join(newer, 'a.ts'),
        original,
      )(fixed);
      assert.match(errors?.[0] ?? '', /^TS2591: Cannot find name 'process'/);
    });

    it('several fixes of one file are type-checked in one program with the same answers as one by one', () => {
      const original = 'export function f(id: string): string {\n  return id;\n}\n';
      const fixed = [
        original.replace('return id;', 'return id.trim();'),
        original.replace('return id;', 'return id.length;'),
        original.replace('return id;', 'return id + 1;'),
      ];
      const batched = new TypeChecker(true);
      const one = (text: string): (string[] | undefined)[] => {
        const hook = checker.hook(tsconfig, path.join(tmp, 'each.ts'), text);
        return fixed.map((f) => hook(f.replace(original, text)));
      };
      const each = (text: string): (string[] | undefined)[] =>
        batched.hookOfEach(tsconfig, path.join(tmp, 'each.ts'), text)(fixed.map((f) => f.replace(original, text)));
      assert.deepEqual(each(original), one(original));
      assert.deepEqual(
        each(original).map((e) => e?.length),
        [0, 1, 0],
      );
      // Where sibling variants could see each other (a script; a module declaring `global`), fix by fix.
      for (const variant of [
        original.replace('export ', ''),
        `${original}declare global { interface Window { x: number } }\n`,
      ]) {
        assert.deepEqual(each(variant), one(variant));
        assert.deepEqual(
          each(variant).map((e) => e?.length),
          [0, 1, 0],
          variant,
        );
      }
    });

    it("a scan's worker verifies the fixes of the files it analysed exactly as the calling thread does", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-workerfix-'));
      fs.writeFileSync(
        path.join(dir, 'package.json'),
        JSON.stringify({ dependencies: { express: '^4', pg: '^8' }, devDependencies: { typescript: '^6.0.0' } }),
      );
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { strict: true, noEmit: true } }),
      );
      // A SQL fix that type-checks, and a credential fix (process.env) that TypeScript 6 without @types/node refuses.
      fs.writeFileSync(
        path.join(dir, 'routes.ts'),
        "import { Pool } from 'pg';\nconst db = new Pool();\nexport function find(id: string) {\n  return db.query(\"SELECT * FROM t WHERE id = '\" + id + \"'\");\n}\nexport const stripeKey = 'sk_live_51H8x2LKq9ZbT3vWmYpRf7NcDe';\n",
      );
      const resolver = new PolicyResolver();
      const inWorker = await scanPaths([dir], {}, { keepText: true, resolver, jobs: 2, verifyFixes: true });
      const onThread = await scanPaths([dir], {}, { keepText: true, resolver: new PolicyResolver() });
      new FixVerifier(new PolicyResolver()).verifySummary(onThread);
      const fixes = (s: ScanSummary) =>
        s.files.flatMap((f) =>
          f.findings.map((x) => [
            f.fixesVerified ?? false,
            x.ruleId,
            (x.fixes ?? []).map((fix) => [fix.kind, fix.reason ?? '']),
          ]),
        );
      assert.ok(
        inWorker.files.every((f) => f.fixesVerified),
        'verified in the worker',
      );
      assert.deepEqual(
        fixes(inWorker).map(([, ...rest]) => rest),
        fixes(onThread).map(([, ...rest]) => rest),
      );
      const kinds = fixes(inWorker).map(
        ([, id, list]) =>
          `${id}: ${(list as string[][]).map(([kind, reason]) => `${kind}${reason ? ` (${reason.slice(0, 60)})` : ''}`).join(', ')}`,
      );
      assert.ok(
        kinds.some((k) => /^sql\/.*needs-review/.test(k)),
        kinds.join('\n'),
      );
      assert.ok(
        kinds.some((k) => /^cred\/.*guidance \(the fixed file has a new type error: TS2591/.test(k)),
        kinds.join('\n'),
      );
    });

    it('a file with more fixes than the budget gets the rest as guidance, with the reason', () => {
      const many =
        "const { Pool } = require('pg');\nconst db = new Pool();\n" +
        Array.from(
          { length: 70 },
          (_, i) => `app.get('/u${i}', (req, res) => db.query("SELECT * FROM t WHERE id = " + req.query.id));`,
        ).join('\n');
      const result = analyze({ file, text: many });
      const verified = verifyFixes({ file, text: many }, {}, result);
      const kinds = verified.findings.map((f) => f.fixes?.find((x) => x.preferred || x.kind === 'guidance')?.kind);
      assert.ok(kinds.filter((k) => k === 'guidance').length >= 10);
      assert.match(verified.findings[69].fixes![0].reason!, /more than 60 fixes/);
    });
  });

  describe('fixes that understand the code around them', () => {
    it('a config module that builds every environment at load reads each secret lazily, without a guard that would stop every environment', () => {
      const file = path.join(tmp, 'config.js');
      const text = [
        'module.exports = {',
        "  development: { db: { password: 'Wk7#pLq2vX9!mZ' } },",
        "  production: { db: { password: 'Rt5$hNw8cQ3&yB' } },",
        '};',
        '',
      ].join('\n');
      const inserted = analyze({ file, text })
        .findings.filter((f) => f.ruleId.startsWith('cred/'))
        .flatMap((f) => f.fixes ?? [])
        .flatMap((f) => f.edits.filter((e) => !e.file).map((e) => e.newText));
      assert.ok(inserted.length >= 2, inserted.join('\n'));
      for (const t of inserted) assert.doesNotMatch(t, /requireEnv/);
      assert.ok(
        inserted.every((t) => /^process\.env\.[A-Z_0-9]+$/.test(t)),
        inserted.join('\n'),
      );
    });

    it('a secret in browser code gets no process.env edit (the browser has no process.env, and what it ships is public)', () => {
      const text =
        "import { Component } from '@angular/core';\n@Component({ selector: 'app-login', template: '' })\nexport class LoginComponent {\n  public testingPassword = 'IamUsedForTesting';\n  public apiKey = 'sk_live_51H8x2LKq9ZbT3vWmYpRf7NcDe';\n  show() { document.title = 'x'; }\n}\n";
      const browser = analyze({
        file: path.join(tmp, 'frontend', 'src', 'app', 'login.component.ts'),
        text,
      }).findings.filter((f) => f.ruleId.startsWith('cred/'));
      assert.ok(browser.length > 0);
      assert.ok(
        browser.every((f) => !f.fixes?.some((x) => x.edits.some((e) => /process\.env|requireEnv/.test(e.newText)))),
        JSON.stringify(browser.map((f) => f.fixes)),
      );
      const server = analyze({
        file: path.join(tmp, 'server.ts'),
        text: "export const apiKey = 'sk_live_51H8x2LKq9ZbT3vWmYpRf7NcDe';\n",
      }).findings.filter((f) => f.ruleId.startsWith('cred/'));
      assert.ok(
        server.some((f) => f.fixes?.some((x) => x.edits.some((e) => /requireEnv|process\.env/.test(e.newText)))),
      );
    });

    it('an audit event is logged through a logger the file has, never through the logging module itself (log4js has no info)', () => {
      const file = path.join(tmp, 'login.js');
      const login = loginHandler(["const log4js = require('log4js');"]);
      const inserted = (text: string): string =>
        analyze({ file, text })
          .findings.filter((f) => f.ruleId.startsWith('audit/'))
          .flatMap((f) => f.fixes ?? [])
          .flatMap((f) => f.edits.map((e) => e.newText))
          .join('\n');
      const moduleOnly = inserted(login);
      assert.ok(moduleOnly.length > 0);
      assert.doesNotMatch(moduleOnly, /log4js\.(info|warn|error)\(/);
      const withLogger = inserted(
        login.replace(
          "const log4js = require('log4js');",
          "const log4js = require('log4js');\nconst logger = log4js.getLogger('auth');",
        ),
      );
      assert.match(withLogger, /logger\.(info|warn)\(/);
    });

    it('a response body that is one value (an object a JSON API sends) is never escaped, even when reported', () => {
      const file = path.join(tmp, 'api.js');
      const text = [
        "const express = require('express');",
        'const app = express();',
        "app.post('/users', async (req, res) => {",
        '  const user = await User.create(req.body);',
        '  res.status(201).send(user);',
        '});',
        "app.get('/echo', (req, res) => res.send(req.body));",
        "app.get('/page', (req, res) => res.send(`<h1>${req.query.title}</h1>`));",
        '',
      ].join('\n');
      const config = { project: { dependencies: ['express'] } };
      const findings = analyze({ file, text }, config).findings.filter((f) => f.ruleId === 'xss/html-response');
      const page = findings.find((f) => text.slice(f.span.start, f.span.end).includes('<h1>'));
      assert.ok(
        page?.fixes?.some((f) => f.kind === 'needs-review'),
        'a body built from text is escaped part by part',
      );
      for (const f of findings.filter((x) => x !== page)) {
        const body = text.slice(f.span.start, f.span.end);
        for (const fix of f.fixes ?? []) {
          assert.equal(fix.kind, 'guidance', `${body}: ${fix.title}`);
          assert.match(fix.reason!, /sends it as JSON/);
        }
      }
    });
  });
});
