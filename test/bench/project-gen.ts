// A deterministic synthetic layered application for `npm run bench -- project` (issue 23's cost
// targets): per entity a route module, a controller, a service, a repository, a SQL filter helper, a
// markup helper and a validator, wired to shared modules (config, db pool, auth and audit
// middleware, the audit service, an escaping helper and a SQL helper every filter module imports).
// Even entities are TypeScript (ESM imports, `import x = require()` for CommonJS values), odd ones
// CommonJS JavaScript; two entry files mount the routers. Shapes follow real Express layers (the
// layered corpus's dev apps were the inspiration), with a few real findings: string-built SQL in
// every seventh filter, an unescaped markup helper in every eleventh entity, an unaudited delete in
// every thirteenth. No randomness: the same options give the same files, byte for byte.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProjectOptions {
  /** About this many files (the entities are rounded: 7 files each, plus the shared ones). */
  files?: number;
  /** About this many lines in all (methods per entity follow from it). */
  lines?: number;
}

/** The files of the project, by path relative to its root (forward slashes), in a stable order. */
export type GeneratedProject = Map<string, string>;

const NOUNS = [
  'invoice',
  'order',
  'customer',
  'ticket',
  'shipment',
  'product',
  'payment',
  'coupon',
  'report',
  'message',
  'project',
  'member',
  'device',
  'booking',
  'article',
  'comment',
  'supplier',
  'contract',
  'refund',
  'webhook',
];
const FIELDS = ['status', 'owner_id', 'region', 'created_at', 'title', 'priority', 'tenant_id', 'kind'];
const SHARED_FILES = 9;
const FILES_PER_ENTITY = 7;
/** Lines one method adds across an entity's seven files (measured on the output, rounded). */
const LINES_PER_METHOD = 70;
const LINES_PER_ENTITY = 100;

const pascal = (s: string): string => s[0].toUpperCase() + s.slice(1);

export function layeredProject(options: ProjectOptions = {}): GeneratedProject {
  const entities = Math.max(1, Math.round(((options.files ?? 1000) - SHARED_FILES) / FILES_PER_ENTITY));
  const lines = options.lines ?? entities * (LINES_PER_ENTITY + 6 * LINES_PER_METHOD);
  const methods = Math.max(1, Math.round((lines / entities - LINES_PER_ENTITY) / LINES_PER_METHOD));
  const out: GeneratedProject = new Map();
  shared(out);
  const names: { name: string; ts: boolean }[] = [];
  for (let e = 0; e < entities; e++) {
    const name = `${NOUNS[e % NOUNS.length]}${Math.floor(e / NOUNS.length) || ''}`;
    const ts = e % 2 === 0;
    names.push({ name, ts });
    entity(out, e, name, ts, methods);
  }
  entries(out, names);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Writes the project under `dir` (created); returns the absolute paths written. */
export function writeProject(dir: string, project: GeneratedProject): string[] {
  const written: string[] = [];
  for (const [rel, text] of project) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  }
  return written;
}

export function lineCount(project: GeneratedProject): number {
  let n = 0;
  for (const text of project.values()) n += text.split('\n').length;
  return n;
}

/** The module every filter helper imports (`src/helpers/sql/common.js`), at a given revision: each
 * revision's summary differs (a page-size constant), as a real edit of a shared helper's defaults does. */
export function sqlCommon(revision: number): string {
  return `'use strict';

// Shared pieces of the WHERE clauses the filter helpers build.
const MAX_PAGE = ${100 + revision};

function pageClause(limit, offset) {
  const size = Math.min(Number(limit) || 20, MAX_PAGE);
  const from = Math.max(Number(offset) || 0, 0);
  return ' LIMIT ' + size + ' OFFSET ' + from;
}

function equalsClause(column, index) {
  return ' AND ' + column + ' = $' + index;
}

function inList(count, start) {
  const marks = [];
  for (let i = 0; i < count; i++) marks.push('$' + (start + i));
  return '(' + marks.join(', ') + ')';
}

module.exports = { MAX_PAGE, pageClause, equalsClause, inList };
`;
}

export const SQL_COMMON = 'src/helpers/sql/common.js';

function shared(out: GeneratedProject): void {
  out.set(
    'package.json',
    `${JSON.stringify(
      {
        name: 'synthetic-layered-api',
        version: '1.0.0',
        private: true,
        main: 'src/server.js',
        dependencies: { express: '^4.19.2', pg: '^8.11.0', 'express-session': '^1.18.0' },
        devDependencies: { typescript: '^5.4.0' },
      },
      null,
      2,
    )}\n`,
  );
  out.set(
    'tsconfig.json',
    `${JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', strict: true, esModuleInterop: true, outDir: 'dist' }, include: ['src'] }, null, 2)}\n`,
  );
  out.set(
    'src/config/index.js',
    `'use strict';

const env = process.env.NODE_ENV || 'development';

module.exports = {
  env,
  port: Number(process.env.PORT) || 3000,
  pageSize: 50,
  db: { connectionString: process.env.DATABASE_URL, max: 10 },
  session: {
    cookieName: 'api.sid',
    secret: process.env.SESSION_SECRET,
    maxAgeMs: 1000 * 60 * 60 * 8,
  },
  audit: { enabled: true, retentionDays: 400 },
};
`,
  );
  out.set(
    'src/db.js',
    `'use strict';

const { Pool } = require('pg');
const config = require('./config');

module.exports = new Pool({ connectionString: config.db.connectionString, max: config.db.max });
`,
  );
  out.set(
    'src/services/audit.js',
    `'use strict';

const pool = require('../db');

// Writes one security event; never throws into the request.
async function record(event) {
  try {
    await pool.query(
      'INSERT INTO audit_events (action, actor_id, target_id, outcome, ip, at) VALUES ($1, $2, $3, $4, $5, now())',
      [event.action, event.actorId || null, event.targetId || null, event.outcome, event.ip || null],
    );
  } catch (err) {
    console.error('audit write failed', err.code);
  }
}

module.exports = { record };
`,
  );
  out.set(
    'src/middleware/auditTrail.js',
    `'use strict';

const audit = require('../services/audit');

// One audit event per request, written after the response (failed when the status is 400 or more).
module.exports = function auditTrail(action) {
  return function auditAfterResponse(req, res, next) {
    res.on('finish', () => {
      const failed = res.statusCode >= 400;
      audit.record({
        action,
        outcome: failed ? 'failure' : 'success',
        actorId: req.session ? req.session.userId : undefined,
        targetId: req.params.id,
        ip: req.ip,
      });
    });
    next();
  };
};
`,
  );
  out.set(
    'src/middleware/requireAuth.js',
    `'use strict';

module.exports = function requireAuth(req, res, next) {
  if (!req.session || !req.session.userId) return res.status(401).json({ error: 'unauthenticated' });
  req.user = { id: req.session.userId, role: req.session.role };
  next();
};
`,
  );
  out.set(
    'src/helpers/markup/escape.js',
    `'use strict';

const MAP = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value) {
  return String(value == null ? '' : value).replace(/[&<>"']/g, (c) => MAP[c]);
}

module.exports = { escapeHtml };
`,
  );
  out.set(SQL_COMMON, sqlCommon(0));
}

function entity(out: GeneratedProject, e: number, name: string, ts: boolean, methods: number): void {
  const P = pascal(name);
  const ext = ts ? 'ts' : 'js';
  const table = `${name}s`;
  const unsafeMarkup = e % 11 === 3;
  const header = (imports: [string, string][]): string =>
    ts
      ? imports
          .map(([binding, spec]) =>
            spec.includes('config') || spec.endsWith('/db')
              ? `import ${binding} = require('${spec}');`
              : `import ${binding.startsWith('{') ? binding : `* as ${binding}`} from '${spec}';`,
          )
          .join('\n')
      : `'use strict';\n\n${imports.map(([binding, spec]) => `const ${binding} = require('${spec}');`).join('\n')}`;
  const fn = (exported: string, body: string, params: string, async = false): string =>
    ts
      ? `export ${async ? 'async ' : ''}function ${exported}(${params
          .split(', ')
          .filter(Boolean)
          .map((p) => `${p}: any`)
          .join(', ')})${async ? ': Promise<any>' : ': any'} {\n${body}}\n`
      : `${async ? 'async ' : ''}function ${exported}(${params}) {\n${body}}\n`;
  const exportsOf = (list: string[]): string => (ts ? '' : `\nmodule.exports = { ${list.join(', ')} };\n`);
  const ms = Array.from({ length: methods }, (_, j) => j);
  const field = (j: number): string => FIELDS[(e + j) % FIELDS.length];
  const unsafeSql = (j: number): boolean => (e * 3 + j) % 7 === 2;
  const unaudited = (j: number): boolean => e % 13 === 5 && j === 0;

  // helpers/sql/<name>Filters: WHERE clauses from the request's filters (placeholders; every seventh concatenates).
  out.set(
    `src/helpers/sql/${name}Filters.${ext}`,
    `${header([['common', '../sql/common']])}

// WHERE clauses of the ${name} screens.
${ms
  .map((j) =>
    unsafeSql(j)
      ? fn(
          `${name}Search${j}`,
          `  let where = ' WHERE deleted_at IS NULL';
  if (filters.term) {
    where = where.concat(" AND ${field(j)} ILIKE '%", filters.term, "%'");
  }
  return { text: where + common.pageClause(filters.limit, filters.offset), values: [] };
`,
          'filters',
        )
      : fn(
          `${name}Search${j}`,
          `  const values = [filters.tenantId];
  let text = ' WHERE tenant_id = $1 AND deleted_at IS NULL';
  if (filters.term) {
    values.push(filters.term);
    text += common.equalsClause('${field(j)}', values.length);
  }
  return { text: text + common.pageClause(filters.limit, filters.offset), values };
`,
          'filters',
        ),
  )
  .join('\n')}${exportsOf(ms.map((j) => `${name}Search${j}`))}`,
  );

  // repositories/<name>Repository: runs the queries.
  out.set(
    `src/repositories/${name}Repository.${ext}`,
    `${header([
      ['pool', '../db'],
      ['filters', `../helpers/sql/${name}Filters`],
    ])}

const BASE = 'SELECT id, title, status, owner_id, total_cents, created_at FROM ${table}';

${ms
  .map(
    (j) =>
      `${fn(
        `search${j}`,
        `  const where = filters.${name}Search${j}(criteria);
  const { rows } = await pool.query(BASE + where.text, where.values);
  return rows;
`,
        'criteria',
        true,
      )}
${fn(
  `remove${j}`,
  `  const { rowCount } = await pool.query('UPDATE ${table} SET deleted_at = now() WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
  return rowCount > 0;
`,
  'id, tenantId',
  true,
)}`,
  )
  .join('\n')}${exportsOf(ms.flatMap((j) => [`search${j}`, `remove${j}`]))}`,
  );

  // services/<name>Service: business rules; the deletes write an audit event (but one in thirteen entities).
  out.set(
    `src/services/${name}Service.${ext}`,
    `${header([
      ['repo', `../repositories/${name}Repository`],
      ['audit', '../services/audit'],
    ])}

${ms
  .map(
    (j) =>
      `${fn(
        `list${j}`,
        `  const rows = await repo.search${j}({ tenantId: actor.tenantId, term: query.q, limit: query.limit, offset: query.offset });
  return rows.map((r${ts ? ': any' : ''}) => ({ id: r.id, title: r.title, status: r.status, total: Number(r.total_cents) / 100 }));
`,
        'actor, query',
        true,
      )}
${fn(
  `remove${j}`,
  `  const removed = await repo.remove${j}(id, actor.tenantId);
  if (!removed) return false;
${unaudited(j) ? '' : `  await audit.record({ action: '${name}.delete', actorId: actor.id, targetId: id, outcome: 'success' });\n`}  return true;
`,
  'actor, id',
  true,
)}`,
  )
  .join('\n')}${exportsOf(ms.flatMap((j) => [`list${j}`, `remove${j}`]))}`,
  );

  // helpers/markup/<name>View: HTML fragments for the HTML variant of the list (escaped but in one entity in eleven).
  out.set(
    `src/helpers/markup/${name}View.${ext}`,
    `${header([['{ escapeHtml }', '../markup/escape']])}

${ms
  .map((j) =>
    fn(
      `render${P}${j}`,
      `  const items = rows.map((r${ts ? ': any' : ''}) => '<li data-id="' + Number(r.id) + '">' + ${unsafeMarkup && j === 0 ? 'r.title' : 'escapeHtml(r.title)'} + '</li>');
  return '<ul class="${name}-list">' + items.join('') + '</ul>';
`,
      'rows',
    ),
  )
  .join('\n')}${exportsOf(ms.map((j) => `render${P}${j}`))}`,
  );

  // validators/<name>Validator: request checks.
  out.set(
    `src/validators/${name}Validator.${ext}`,
    `${ts ? '' : "'use strict';\n\n"}const ID = /^[0-9]{1,12}$/;

${fn(
  'validId',
  `  return typeof value === 'string' && ID.test(value);
`,
  'value',
)}
${ms
  .map((j) =>
    fn(
      `listQuery${j}`,
      `  const q = typeof query.q === 'string' ? query.q.slice(0, 100) : undefined;
  const limit = Math.min(Number(query.limit) || 20, 100);
  const offset = Math.max(Number(query.offset) || 0, 0);
  return { q, limit, offset };
`,
      'query',
    ),
  )
  .join('\n')}${exportsOf(['validId', ...ms.map((j) => `listQuery${j}`)])}`,
  );

  // controllers/<name>Controller: HTTP in and out.
  const handler = (exported: string, body: string): string =>
    ts
      ? `export async function ${exported}(req: any, res: any, next: any): Promise<void> {\n  try {\n${body}  } catch (err) {\n    next(err);\n  }\n}\n`
      : `exports.${exported} = async (req, res, next) => {\n  try {\n${body}  } catch (err) {\n    next(err);\n  }\n};\n`;
  out.set(
    `src/controllers/${name}Controller.${ext}`,
    `${header([
      ['service', `../services/${name}Service`],
      ['view', `../helpers/markup/${name}View`],
      ['validator', `../validators/${name}Validator`],
    ])}

${ms
  .map(
    (j) =>
      `${handler(
        `list${j}`,
        `    const rows = await service.list${j}(req.user, validator.listQuery${j}(req.query));
    if (req.accepts('html')) {
      res.send(view.render${P}${j}(rows));
      return;
    }
    res.json(rows);
`,
      )}
${handler(
  `remove${j}`,
  `    if (!validator.validId(req.params.id)) {
      res.status(400).json({ error: 'bad_id' });
      return;
    }
    const done = await service.remove${j}(req.user, req.params.id);
    res.status(done ? 204 : 404).end();
`,
)}`,
  )
  .join('\n')}`,
  );

  // routes/<name>Routes: the router, with the auth and audit middleware in the chain.
  const routes = ms
    .map(
      (j) =>
        `router.get('/${table}/v${j}', requireAuth, controller.list${j});\nrouter.delete('/${table}/v${j}/:id', requireAuth, ${e % 2 === 1 && j % 2 === 1 ? `auditTrail('${name}.delete.request'), ` : ''}controller.remove${j});`,
    )
    .join('\n');
  out.set(
    `src/routes/${name}Routes.${ext}`,
    ts
      ? `import { Router } from 'express';
import * as controller from '../controllers/${name}Controller';
import requireAuth = require('../middleware/requireAuth');
import auditTrail = require('../middleware/auditTrail');

export const router = Router();
void auditTrail;

${routes}
`
      : `'use strict';

const express = require('express');
const controller = require('../controllers/${name}Controller');
const requireAuth = require('../middleware/requireAuth');
const auditTrail = require('../middleware/auditTrail');

const router = express.Router();

${routes}

module.exports = router;
`,
  );
}

function entries(out: GeneratedProject, names: { name: string; ts: boolean }[]): void {
  const js = names.filter((n) => !n.ts);
  const ts = names.filter((n) => n.ts);
  out.set(
    'src/server.js',
    `'use strict';

const express = require('express');
const session = require('express-session');
const config = require('./config');
const api = require('./api');
${js.map((n) => `const ${n.name}Routes = require('./routes/${n.name}Routes');`).join('\n')}

const app = express();
app.set('trust proxy', 1);
app.use(express.json());
const cookie = { maxAge: config.session.maxAgeMs, httpOnly: true, secure: config.env === 'production', sameSite: 'lax' };
app.use(session({ secret: config.session.secret, name: config.session.cookieName, cookie, saveUninitialized: false, resave: false }));
app.use('/api', api.router);
${js.map((n) => `app.use('/api', ${n.name}Routes);`).join('\n')}

app.listen(config.port, () => console.log('listening on ' + config.port));
`,
  );
  out.set(
    'src/api.ts',
    `import { Router } from 'express';
${ts.map((n) => `import { router as ${n.name}Routes } from './routes/${n.name}Routes';`).join('\n')}

export const router = Router();
${ts.map((n) => `router.use(${n.name}Routes);`).join('\n')}
`,
  );
}
