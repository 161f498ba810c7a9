// The seatbelt table's cells (rules/defaults/shared/controls.ts), one pattern per case: a guard in
// the shape teams write it, and the decoy that looks like one and is not. Each case names the
// route (by its registration line) and the cells it must have; a cell not named is not checked.
// Precision first: a false `missing` is a CodeLens a developer learns to ignore.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { packageRoot } from '../../server/engine/paths';
import { scanPaths } from '../../server/host/scan';
import { analyze } from '../../server/host/analyze';
import type { RouteControlName, RouteControlState } from '../../server/engine/types';
import { nextMatcherCovers } from '../../rules/defaults/shared/controls';

// A NestJS app in one file: a global JwtAuthGuard covers every route unless it is marked public.
const NEST_GLOBAL = `import { Controller, Get, Module, Param, SetMetadata } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
const IS_PUBLIC_KEY = 'isPublic';
const Open = () => SetMetadata(IS_PUBLIC_KEY, true);
@Controller('invoices')
export class InvoicesController {
  @Get(':id')
  one(@Param('id') id: string) { return this.invoices.find(id); }
  @Open()
  @Get('summary')
  summary() { return this.invoices.summary(); }
  @SkipAuth()
  @Get('totals')
  totals() { return this.invoices.totals(); }
}
@Module({ controllers: [InvoicesController], providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
export class AppModule {}
`;

// The decoy: an interceptor registered globally is no guard, and a global pipe signs no one in.
const NEST_GLOBAL_DECOY = `import { Controller, Get, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuthLoggingInterceptor } from './auth-logging.interceptor';
@Controller('invoices')
export class InvoicesController {
  @Get()
  all() { return this.invoices.all(); }
}
@Module({ controllers: [InvoicesController], providers: [{ provide: APP_INTERCEPTOR, useClass: AuthLoggingInterceptor }] })
export class AppModule {}
export async function bootstrap(app) { app.useGlobalPipes(new ValidationPipe()); }
`;

// \`app.useGlobalGuards(new X())\` in the same file.
const NEST_USE_GLOBAL = `import { Controller, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
@Controller('reports')
export class ReportsController {
  @Get()
  all() { return this.reports.all(); }
}
export async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.useGlobalGuards(new ApiKeyAuthGuard(app.get(Reflector)));
}
`;

// Fastify encapsulation: a hook covers the routes of its register scope and of the scopes inside it, not its siblings.
const FASTIFY_SCOPES = `const fastify = require('fastify')();
fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });
fastify.decorate('authenticate', async (request, reply) => { await request.jwtVerify(); });
fastify.get('/catalog/:sku', async (request) => db.products.find(request.params.sku));
fastify.register(async (api) => {
  api.addHook('onRequest', api.authenticate);
  api.get('/orders/:id', async (request) => db.orders.find(request.params.id));
  api.register(async (billing) => {
    billing.get('/invoices/:id', async (request) => db.invoices.find(request.params.id));
  });
});
fastify.register(async (loose) => {
  loose.addHook('onSend', loose.authenticate);
  loose.get('/carts/:id', async (request) => db.carts.find(request.params.id));
  loose.addHook('preHandler', async (request) => {
    try { await request.jwtVerify(); } catch (err) { request.log.warn(err); }
  });
  loose.get('/wishlists/:id', async (request) => db.wishlists.find(request.params.id));
});
`;

// fastify-plugin (fp) breaks encapsulation: its hook reaches the scope that registers it.
const FASTIFY_FP = `const fp = require('fastify-plugin');
module.exports = async function app(fastify) {
  fastify.register(fp(async (instance) => {
    instance.addHook('preHandler', async (request, reply) => {
      try { await request.jwtVerify(); } catch (err) { return reply.code(401).send({ error: 'unauthorized' }); }
    });
  }));
  fastify.get('/orders/:id', async (request) => db.orders.find(request.params.id));
  fastify.register(async (scoped) => {
    scoped.addHook('preHandler', async (request) => { await request.jwtVerify(); });
  });
};
`;

const FASTIFY_NO_FP = `module.exports = async function app(fastify) {
  fastify.register(async (scoped) => {
    scoped.addHook('preHandler', async (request) => { await request.jwtVerify(); });
  });
  fastify.get('/orders/:id', async (request) => db.orders.find(request.params.id));
};
`;

// NestJS middleware applied to named routes in a module's configure(): it covers those routes only.
const NEST_FOR_ROUTES = `import { Controller, Delete, Get, MiddlewareConsumer, Module, Param, Post, RequestMethod } from '@nestjs/common';
@Controller('articles')
export class ArticlesController {
  @Get(':slug')
  one(@Param('slug') slug: string) { return this.articles.find(slug); }
  @Delete(':slug')
  remove(@Param('slug') slug: string) { return this.articles.remove(slug); }
  @Post(':slug/favorite')
  favorite(@Param('slug') slug: string) { return this.articles.favorite(slug); }
}
@Module({ controllers: [ArticlesController] })
export class ArticlesModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(AuthMiddleware).forRoutes({ path: 'articles/:slug', method: RequestMethod.DELETE }, 'articles/:slug/favorite');
  }
}
`;

interface Case {
  name: string;
  file: string;
  text: string;
  line: number;
  cells: Partial<Record<RouteControlName, RouteControlState>>;
}

const EXPRESS_PASSPORT = `const express = require('express');
const passport = require('passport');
const app = express();
app.use(passport.initialize());
app.use(passport.session());
app.get('/', (req, res) => res.redirect('/appointments'));
app.get('/orders', async (req, res) => res.json(await db.orders.all()));
module.exports = app;
`;

const SQL_PARAMS = `const express = require('express');
const { ensureLoggedIn } = require('../auth');
const router = express.Router();
router.use(ensureLoggedIn);
router.get('/', async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM appointments WHERE patient_id = ?', [req.user.id]);
  res.json(rows);
});
router.get('/:id/calendar.ics', async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM appointments WHERE id = ?', [req.params.id]);
  res.send(rows[0]);
});
module.exports = router;
`;

const PRINCIPAL_GUARDS = `import { Router } from 'express';
import { requireOperator } from '../middleware/requireOperator';
import { requireJson } from '../middleware/requireJson';
export const stockRouter = Router();
stockRouter.get('/:sku', requireOperator(), async (req, res) => {
  res.json(await db.query('SELECT qty FROM stock WHERE sku = $1 AND warehouse = $2', [req.params.sku, res.locals.operator.wh]));
});
stockRouter.post('/write-off', requireOperator(['manager']), async (req, res) => {
  await db.query('UPDATE stock SET qty = 0 WHERE sku = $1', [req.body.sku]);
  res.status(204).end();
});
stockRouter.get('/:sku/history', requireJson, async (req, res) => {
  res.json(await db.query('SELECT * FROM movements WHERE sku = $1', [req.params.sku]));
});
`;

const SCOPES = `import { Router } from 'express';
import { apiKeyAuth, requireScope } from '../middleware/auth';
export const keys = Router();
keys.post('/api-keys', apiKeyAuth, requireScope('keys:write'), async (req, res) => {
  res.status(201).json(await createKey(req.merchant!.id, req.body.scopes));
});
keys.delete('/api-keys/:prefix', apiKeyAuth, async (req, res) => {
  await pool.execute('DELETE FROM api_keys WHERE key_prefix = ? AND merchant_id = ?', [req.params.prefix, req.merchant!.id]);
  res.status(204).end();
});
keys.get('/cards/:token', apiKeyAuth, async (req, res) => {
  res.json(await pool.query('SELECT last4 FROM cards WHERE token = ? AND merchant_id = ?', [req.params.token, req.merchant!.id]));
});
keys.delete('/cards/:token', apiKeyAuth, async (req, res) => {
  await pool.execute('DELETE FROM cards WHERE token = ? AND merchant_id = ?', [req.params.token, req.merchant!.id]);
  res.status(204).end();
});
`;

const NEST = `import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { RolesGuard, Roles } from '../auth/roles.guard';

@Controller('users')
@UseGuards(JwtAuthGuard, RolesGuard)
export class UsersController {
  @Post()
  @Roles('manager', 'admin')
  create(@Body() dto: CreateUserDto) { return this.users.create(dto); }

  @Get(':id')
  findOne(@Param('id', ParseUUIDPipe) id: string) { return this.users.findById(id); }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateProfileDto) { return this.users.updateProfile(id, dto); }
}

@Controller('teams')
@UseGuards(JwtAuthGuard, RolesGuard)
@Roles('admin')
export class TeamsController {
  @Delete(':id')
  remove(@Param('id') id: string) { return this.teams.remove(id); }
}
`;

const WEBHOOK = `import { Router } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
export const hooks = Router();
function validSignature(raw, header) {
  const expected = createHmac('sha256', SECRET).update(raw).digest();
  return timingSafeEqual(Buffer.from(header ?? '', 'hex'), expected);
}
hooks.post('/acquirer', async (req, res) => {
  if (!validSignature(req.body, req.get('x-signature'))) return res.status(400).send('bad signature');
  await save(JSON.parse(req.body.toString('utf8')));
  res.status(204).end();
});
hooks.post('/unsigned', async (req, res) => {
  const signature = createSignature(req.body);
  await save({ body: req.body, signature });
  res.status(204).end();
});
`;

const VALIDATOR_LIST = `const express = require('express');
const { body, validationResult } = require('express-validator');
const router = express.Router();
const registerRules = [body('email').isEmail(), body('password').isLength({ min: 12 })];
router.post('/register', registerRules, async (req, res) => {
  if (!validationResult(req).isEmpty()) return res.status(422).end();
  res.status(201).json(await createPatient(req.body));
});
const unreadRules = [body('email').isEmail()];
router.post('/magic-link', unreadRules, async (req, res) => {
  await sendLink(req.body.email);
  res.json({ ok: true });
});
module.exports = router;
`;

const ROLES = `const express = require('express');
const { requireUser, requireRole } = require('../middleware/auth');
const router = express.Router();
router.post('/batches', requireUser, requireRole('admin', 'support'), async (req, res) => {
  res.status(201).json(await createBatch(req.body));
});
router.post('/settings', requireUser, requireRole('admin'), async (req, res) => {
  res.json(await saveSettings(req.body));
});
router.post('/users', requireUser, requireRole('admin', 'support'), async (req, res) => {
  res.status(201).json(await createUser(req.body));
});
router.get('/lookups/:token', requireUser, async (req, res) => {
  res.json(await lookup(req.params.token, req.user.id));
});
module.exports = router;
`;

const PREFERENCES = `import type { NextApiRequest, NextApiResponse } from 'next';
import { serialize } from 'cookie';
const THEMES = new Set(['light', 'dark']);
export default function handler(req: NextApiRequest, res: NextApiResponse) {
  const { theme } = req.body ?? {};
  if (THEMES.has(theme)) res.setHeader('Set-Cookie', serialize('theme', theme, { path: '/', sameSite: 'lax' }));
  res.status(204).end();
}
`;

const ME = `const express = require('express');
const router = express.Router();
const FLAGS = {};
router.get('/me', (req, res) => res.json(req.user));
router.post('/flags', (req, res) => {
  const { name, value } = req.body;
  FLAGS[name] = value;
  res.status(204).end();
});
router.post('/theme', async (req, res) => {
  const { theme } = req.body;
  await prefs.save(theme);
  res.status(204).end();
});
module.exports = router;
`;

const GUARDED_REDIRECT = `const router = require('express').Router();
const auth = require('../core/auth');
router.get('/', auth.isAuthenticated, (req, res) => res.redirect('/learn'));
router.get('/usersearch', auth.isAuthenticated, (req, res) => res.render('app/usersearch', { output: null }));
module.exports = router;
`;

const HEADERS = `const express = require('express');
const lusca = require('lusca');
const { protect } = require('../middleware/auth');
const app = express();
app.use(lusca.xssProtection(true));
app.get('/orders', async (req, res) => res.json(await db.orders.all()));
app.get('/invoices', protect, async (req, res) => res.json(await db.invoices.all()));
module.exports = app;
`;

const HEADER_MW = `const express = require('express');
const featurePolicy = require('feature-policy');
const security = require('./lib/security');
const app = express();
app.use(featurePolicy({ features: { payment: ["'self'"] } }));
app.use(security.updateAuthenticatedUsers());
app.get('/orders/:id', async (req, res) => res.json(await db.orders.byId(req.params.id)));
module.exports = app;
`;

const SIGN_UP = `const express = require('express');
const app = express();
app.post('/api/Users', async (req, res) => {
  res.status(201).json(await User.create({ email: req.body.email, password: req.body.password }));
});
app.post('/api/members', async (req, res) => {
  res.status(201).json(await Member.create({ email: req.body.email, team: req.body.team }));
});
`;

// A middleware of the file whose name says nothing: its body verifies the bearer token and answers 401.
const OWN_VERIFIER = `const express = require('express');
const jwt = require('jsonwebtoken');
const passport = require('passport');
const router = express.Router();
function requireDevice(req, res, next) {
  try { req.device = jwt.verify(req.get('x-device-token'), process.env.DEVICE_SECRET, { algorithms: ['HS256'] }); return next(); }
  catch (err) { return res.status(401).json({ error: 'unknown_device' }); }
}
function tagRequest(req, res, next) { req.tag = jwt.decode(req.get('x-tag')); next(); }
router.get('/loans', requireDevice, async (req, res) => res.json(await db.loans(req.device.sub)));
router.get('/tags', tagRequest, async (req, res) => res.json(await db.tags(req.tag)));
router.get('/login', (req, res) => res.render('login'));
router.get('/auth/sso', (req, res) => res.redirect(sso.authorizeUrl()));
router.post('/staff/login', body('username').notEmpty(), passport.authenticate('staff', { failureRedirect: '/staff/login', failureFlash: true }), (req, res) => res.redirect('/staff/verify'));
router.get('/search', async (req, res) => { res.set('Cache-Control', 'public, max-age=300'); res.json(await ils.search(req.query.q)); });
module.exports = router;
`;

// A webhook whose HMAC is compared in constant time, and a signed-in admin sending an invitation.
const SIGNED_AND_INVITE = `const express = require('express');
const { createHmac, timingSafeEqual } = require('node:crypto');
const router = express.Router();
router.post('/webhooks/payments', express.raw({ type: '*/*' }), async (req, res) => {
  const expected = createHmac('sha256', process.env.PAY_SECRET).update(req.body).digest();
  const given = Buffer.from(String(req.headers['x-signature'] ?? ''), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return res.status(401).end();
  await db.markPaid(JSON.parse(req.body.toString()).orderId);
  res.json({ received: true });
});
router.post('/employees/:id/invite', requireAuth, async (req, res) => { await mailer.invite(await db.employee(req.params.id)); res.status(202).end(); });
router.post('/password', requireUser, async (req, res) => { if (!(await bcrypt.compare(req.body.current, req.user.hash))) return res.status(403).end(); await db.setPassword(req.user.id, req.body.next); res.status(204).end(); });
router.post('/invite/:token/accept', async (req, res) => { await db.acceptInvite(req.params.token, req.body.password); res.status(204).end(); });
module.exports = router;
`;

const CASES: Case[] = [
  {
    name: 'featurePolicy(…) is a header, not a policy check; updateAuthenticatedUsers() keeps sessions, guards nothing',
    file: 'server.js',
    text: HEADER_MW,
    line: 7,
    cells: { authentication: 'missing', authorization: 'missing' },
  },
  {
    name: 'a security-header middleware (lusca.xssProtection) is no sign-in guard',
    file: 'app.js',
    text: HEADERS,
    line: 6,
    cells: { authentication: 'missing' },
  },
  {
    name: 'a middleware named protect is one',
    file: 'app.js',
    text: HEADERS,
    line: 7,
    cells: { authentication: 'present' },
  },
  {
    name: 'a redirect behind a guard the team put there shows the guard',
    file: 'app.js',
    text: GUARDED_REDIRECT,
    line: 3,
    cells: { authentication: 'present' },
  },
  {
    name: 'rendering a template is serving a page, not a response-only handler',
    file: 'app.js',
    text: GUARDED_REDIRECT,
    line: 4,
    cells: { authentication: 'present' },
  },
  {
    name: 'a handler that only shapes its own response (a preferences cookie) guards nothing; an allow-list check validates its input',
    file: 'preferences.ts',
    text: PREFERENCES,
    line: 4,
    cells: { authentication: 'n/a', inputValidation: 'present' },
  },
  {
    name: "returning the caller's identity is data: authentication applies",
    file: 'me.js',
    text: ME,
    line: 4,
    cells: { authentication: 'missing' },
  },
  {
    name: 'writing module-level state is no response-only handler',
    file: 'me.js',
    text: ME,
    line: 5,
    cells: { authentication: 'missing', inputValidation: 'missing' },
  },
  {
    name: 'an awaited store call is no response-only handler',
    file: 'me.js',
    text: ME,
    line: 10,
    cells: { authentication: 'missing', inputValidation: 'missing' },
  },
  {
    name: 'passport.session() restores a session; it is no guard',
    file: 'app.js',
    text: EXPRESS_PASSPORT,
    line: 7,
    cells: { authentication: 'missing' },
  },
  {
    name: 'a handler that only redirects to a fixed path serves nothing',
    file: 'app.js',
    text: EXPRESS_PASSPORT,
    line: 6,
    cells: { authentication: 'n/a', authorization: 'n/a' },
  },
  {
    name: "an SQL parameter list with the caller's id scopes the query to the caller",
    file: 'appointments.js',
    text: SQL_PARAMS,
    line: 5,
    cells: { authentication: 'present', authorization: 'present' },
  },
  {
    name: "an SQL parameter list without the caller's id is no ownership filter",
    file: 'appointments.js',
    text: SQL_PARAMS,
    line: 9,
    cells: { authentication: 'present', authorization: 'missing' },
  },
  {
    name: 'requireOperator() signs the caller in; res.locals.operator is the caller',
    file: 'stock.ts',
    text: PRINCIPAL_GUARDS,
    line: 5,
    cells: { authentication: 'present', authorization: 'present' },
  },
  {
    name: "requireOperator(['manager']) is a role guard too, shown on a POST",
    file: 'stock.ts',
    text: PRINCIPAL_GUARDS,
    line: 8,
    cells: { authentication: 'present', authorization: 'present' },
  },
  {
    name: 'requireJson is not a sign-in guard',
    file: 'stock.ts',
    text: PRINCIPAL_GUARDS,
    line: 12,
    cells: { authentication: 'missing' },
  },
  {
    name: 'a scope guard on a create is shown as authorization',
    file: 'keys.ts',
    text: SCOPES,
    line: 4,
    cells: { authentication: 'present', authorization: 'present', auditEvent: 'missing' },
  },
  {
    name: 'a delete scoped only to the merchant where the create demands a scope lacks that scope',
    file: 'keys.ts',
    text: SCOPES,
    line: 7,
    cells: { authorization: 'missing' },
  },
  {
    name: 'a read scoped to the merchant is authorized; a :token parameter is not a token route',
    file: 'keys.ts',
    text: SCOPES,
    line: 11,
    cells: { authorization: 'present', auditEvent: 'n/a' },
  },
  {
    name: 'a delete scoped to the merchant with no guarded sibling keeps its ownership filter',
    file: 'keys.ts',
    text: SCOPES,
    line: 14,
    cells: { authorization: 'present' },
  },
  {
    name: 'NestJS: @Roles on the method with a class RolesGuard authorizes; creating users is audited',
    file: 'users.controller.ts',
    text: NEST,
    line: 8,
    cells: { authentication: 'present', authorization: 'present', auditEvent: 'missing' },
  },
  {
    name: 'NestJS: @Param with ParseUUIDPipe validates the parameter',
    file: 'users.controller.ts',
    text: NEST,
    line: 12,
    cells: { inputValidation: 'present' },
  },
  {
    name: 'NestJS: a RolesGuard with no @Roles admits every signed-in caller',
    file: 'users.controller.ts',
    text: NEST,
    line: 15,
    cells: { authentication: 'present', authorization: 'missing' },
  },
  {
    name: 'NestJS: @Roles on the class with a RolesGuard authorizes',
    file: 'users.controller.ts',
    text: NEST,
    line: 23,
    cells: { authentication: 'present', authorization: 'present' },
  },
  {
    name: 'a verified HMAC signature authenticates a webhook and vouches for its body',
    file: 'hooks.ts',
    text: WEBHOOK,
    line: 8,
    cells: { authentication: 'present', inputValidation: 'present' },
  },
  {
    name: 'creating a signature is no check',
    file: 'hooks.ts',
    text: WEBHOOK,
    line: 13,
    cells: { authentication: 'missing' },
  },
  {
    name: 'express-validator chains in a constant, with the result read',
    file: 'account.js',
    text: VALIDATOR_LIST,
    line: 5,
    cells: { inputValidation: 'present' },
  },
  {
    name: 'express-validator chains in a constant, the result never read',
    file: 'account.js',
    text: VALIDATOR_LIST,
    line: 10,
    cells: { inputValidation: 'missing' },
  },
  {
    name: 'a guard that admits admins and support staff is not admin-only (no MFA asked)',
    file: 'giftcards.js',
    text: ROLES,
    line: 4,
    cells: { authorization: 'present', mfa: 'n/a' },
  },
  {
    name: 'an admin-only guard makes an admin route (MFA asked)',
    file: 'giftcards.js',
    text: ROLES,
    line: 7,
    cells: { authorization: 'present', mfa: 'missing' },
  },
  {
    name: 'POST to a users collection creates an account: an audit event applies',
    file: 'giftcards.js',
    text: ROLES,
    line: 10,
    cells: { auditEvent: 'missing' },
  },
  {
    name: 'an unguarded POST to a users collection that takes a password is self sign-up: public',
    file: 'users.js',
    text: SIGN_UP,
    line: 3,
    cells: { authentication: 'n/a', auditEvent: 'missing' },
  },
  {
    name: 'an unguarded POST to a users collection without a password is not sign-up',
    file: 'users.js',
    text: SIGN_UP,
    line: 6,
    cells: { authentication: 'missing' },
  },
  {
    name: 'a :token parameter does not make a route a token decision',
    file: 'giftcards.js',
    text: ROLES,
    line: 13,
    cells: { auditEvent: 'n/a', authorization: 'present' },
  },
  {
    name: 'NestJS: a global guard (APP_GUARD) authenticates every controller route',
    file: 'app.module.ts',
    text: NEST_GLOBAL,
    line: 8,
    cells: { authentication: 'present' },
  },
  {
    name: 'NestJS: a route marked public by a SetMetadata(IS_PUBLIC_KEY, true) decorator stays public under a global guard',
    file: 'app.module.ts',
    text: NEST_GLOBAL,
    line: 11,
    cells: { authentication: 'n/a' },
  },
  {
    name: 'NestJS: @SkipAuth() marks a route public under a global guard',
    file: 'app.module.ts',
    text: NEST_GLOBAL,
    line: 14,
    cells: { authentication: 'n/a' },
  },
  {
    name: 'NestJS: a global interceptor or pipe is no guard',
    file: 'app.module.ts',
    text: NEST_GLOBAL_DECOY,
    line: 6,
    cells: { authentication: 'missing' },
  },
  {
    name: 'NestJS: app.useGlobalGuards(new X()) authenticates every controller route',
    file: 'main.ts',
    text: NEST_USE_GLOBAL,
    line: 5,
    cells: { authentication: 'present' },
  },
  {
    name: 'Fastify: an onRequest hook in a register scope authenticates its routes',
    file: 'app.js',
    text: FASTIFY_SCOPES,
    line: 7,
    cells: { authentication: 'present' },
  },
  {
    name: "Fastify: a parent scope's hook reaches the routes of a scope it registers",
    file: 'app.js',
    text: FASTIFY_SCOPES,
    line: 9,
    cells: { authentication: 'present' },
  },
  {
    name: "Fastify: a hook in a sibling scope does not reach the root's routes (encapsulation)",
    file: 'app.js',
    text: FASTIFY_SCOPES,
    line: 4,
    cells: { authentication: 'missing' },
  },
  {
    name: 'Fastify: an onSend hook runs after the handler: no authentication',
    file: 'app.js',
    text: FASTIFY_SCOPES,
    line: 14,
    cells: { authentication: 'missing' },
  },
  {
    name: 'Fastify: a preHandler hook that swallows a failed jwtVerify fails open: no authentication',
    file: 'app.js',
    text: FASTIFY_SCOPES,
    line: 18,
    cells: { authentication: 'missing' },
  },
  {
    name: 'Fastify: a hook in an fp-wrapped plugin reaches the scope that registers it',
    file: 'app.js',
    text: FASTIFY_FP,
    line: 8,
    cells: { authentication: 'present' },
  },
  {
    name: 'Fastify: a hook in a plain (encapsulated) plugin does not reach the scope that registers it',
    file: 'app.js',
    text: FASTIFY_NO_FP,
    line: 5,
    cells: { authentication: 'missing' },
  },
  {
    name: 'NestJS: consumer.apply(AuthMiddleware).forRoutes({ path, method }) authenticates that route',
    file: 'articles.module.ts',
    text: NEST_FOR_ROUTES,
    line: 6,
    cells: { authentication: 'present' },
  },
  {
    name: 'NestJS: forRoutes with a path string authenticates that route',
    file: 'articles.module.ts',
    text: NEST_FOR_ROUTES,
    line: 8,
    cells: { authentication: 'present' },
  },
  {
    name: 'NestJS: a route forRoutes does not name (same path, another method) stays unauthenticated',
    file: 'articles.module.ts',
    text: NEST_FOR_ROUTES,
    line: 4,
    cells: { authentication: 'missing' },
  },
  {
    name: "a middleware of the file that verifies the caller's token and answers 401 authenticates",
    file: 'mobile.js',
    text: OWN_VERIFIER,
    line: 10,
    cells: { authentication: 'present' },
  },
  {
    name: 'a middleware of the file that only decodes a token authenticates nothing',
    file: 'mobile.js',
    text: OWN_VERIFIER,
    line: 11,
    cells: { authentication: 'missing' },
  },
  {
    name: 'a sign-in page and the start of single sign-on are public',
    file: 'auth.js',
    text: OWN_VERIFIER,
    line: 12,
    cells: { authentication: 'n/a' },
  },
  {
    name: 'the redirect to the identity provider is public',
    file: 'auth.js',
    text: OWN_VERIFIER,
    line: 13,
    cells: { authentication: 'n/a' },
  },
  {
    name: "passport.authenticate('local') in front of POST …/login is the sign-in: public, rate limit asked, no MFA on an admin path",
    file: 'auth.js',
    text: OWN_VERIFIER,
    line: 14,
    cells: { authentication: 'n/a', rateLimit: 'missing', mfa: 'n/a', inputValidation: 'missing' },
  },
  {
    name: 'a response marked publicly cacheable is public',
    file: 'catalogue.js',
    text: OWN_VERIFIER,
    line: 15,
    cells: { authentication: 'n/a' },
  },
  {
    name: 'a webhook whose HMAC is compared with timingSafeEqual is a signed request: authenticated and validated, no rate limit asked',
    file: 'webhooks.js',
    text: SIGNED_AND_INVITE,
    line: 4,
    cells: { authentication: 'present', inputValidation: 'present', rateLimit: 'n/a' },
  },
  {
    name: 'a signed-in caller sending an invitation is no credential route: no rate limit asked',
    file: 'employees.js',
    text: SIGNED_AND_INVITE,
    line: 11,
    cells: { authentication: 'present', rateLimit: 'n/a' },
  },
  {
    name: 'accepting an invitation (setting a password) is a credential route',
    file: 'employees.js',
    text: SIGNED_AND_INVITE,
    line: 13,
    cells: { rateLimit: 'missing' },
  },
  {
    name: 'a guard in front of a handler that checks the current password signs the caller in: authentication present',
    file: 'account.js',
    text: SIGNED_AND_INVITE,
    line: 12,
    cells: { authentication: 'present', rateLimit: 'missing' },
  },
  {
    name: 'requireAuth is authentication, not a re-authentication (MFA) check',
    file: 'employees.js',
    text: SIGNED_AND_INVITE,
    line: 11,
    cells: { authentication: 'present', mfa: 'n/a' },
  },
];

// Registrations whose handler is another module's function: rows all the same, judged by the registration.
const IMPORTED_HANDLERS = `const express = require('express');
const users = require('../controllers/users');
const { requireUser, requireRole } = require('../middleware/auth');
const router = express.Router();
router.delete('/admin/users/:id', users.remove);
router.delete('/admin/accounts/:id', requireUser, requireRole('admin'), users.remove);
router.route('/admin/roles/:id').put(users.setRole).delete(requireUser, requireRole('admin'), users.clearRoles);
server.route({ method: 'POST', path: '/applications', options: { auth: 'session' }, handler: applications.create });
const cache = new Map();
cache.get('/admin/users', users.remove);
module.exports = router;
`;

// Asking for a reset link decides nothing yet; refreshing a token is a credential route authenticated by the token.
const LINKS_AND_REFRESH = `const express = require('express');
const router = express.Router();
router.post('/password/forgot', async (req, res) => { await mailer.sendReset(req.body.email); res.status(202).end(); });
router.post('/password/reset', async (req, res) => { await users.resetPassword(req.body.token, req.body.password); res.status(204).end(); });
router.post('/auth/refresh', async (req, res) => {
  const token = req.cookies.refresh;
  if (!token) return res.status(401).end();
  res.json(await sessions.rotate(token));
});
module.exports = router;
`;

describe('the seatbelt table: reset links and token refresh', () => {
  const result = analyze({ file: '/work/app/src/routes/auth.js', text: LINKS_AND_REFRESH });
  const at = (p: string) => (result.routes ?? []).find((r) => r.path === p)!;
  it('asking for a reset link asks no audit event; setting the new password does', () => {
    assert.equal(at('/password/forgot').controls.auditEvent, 'n/a');
    assert.equal(at('/password/forgot').controls.rateLimit, 'missing');
    assert.equal(at('/password/reset').controls.auditEvent, 'missing');
  });
  it('a refresh endpoint that answers 401 without its token is authenticated by it and asks for a rate limit', () => {
    assert.equal(at('/auth/refresh').controls.authentication, 'present');
    assert.equal(at('/auth/refresh').controls.rateLimit, 'missing');
    assert.equal(at('/auth/refresh').controls.auditEvent, 'n/a');
  });
});

describe('the seatbelt table: Next.js route files whose handler is made elsewhere', () => {
  const rows = (file: string, text: string) => analyze({ file, text }).routes ?? [];
  it("next-auth's handler exported as GET and POST (or as pages/api's default) is the sign-in endpoint: two public rows", () => {
    const app = rows(
      '/work/web/app/api/auth/[...nextauth]/route.ts',
      "import NextAuth from 'next-auth';\nimport { authOptions } from '@/lib/auth';\nconst handler = NextAuth(authOptions);\nexport { handler as GET, handler as POST };\n",
    );
    assert.deepEqual(
      app.map((r) => `${r.method} ${r.path} ${r.controls.authentication}`),
      ['GET /api/auth/[...nextauth] n/a', 'POST /api/auth/[...nextauth] n/a'],
    );
    const pages = rows(
      '/work/web/pages/api/auth/[...nextauth].ts',
      "import NextAuth from 'next-auth';\nimport { authOptions } from '@/lib/auth';\nexport default NextAuth(authOptions);\n",
    );
    assert.deepEqual(
      pages.map((r) => `${r.method} ${r.path} ${r.controls.authentication}`),
      ['ALL /api/auth/[...nextauth] n/a'],
    );
  });
  it('an imported function exported as a method, and a local one re-exported under a method name, are routes', () => {
    const app = rows(
      '/work/web/app/api/items/route.ts',
      "import { listItems } from '@/lib/items';\nasync function remove(req: Request) { return new Response(null, { status: 204 }); }\nexport const GET = listItems;\nexport { remove as DELETE };\n",
    );
    assert.deepEqual(
      app.map((r) => `${r.method} ${r.path}`),
      ['GET /api/items', 'DELETE /api/items'],
    );
  });
});

describe('the seatbelt table: routes whose handler is in another module', () => {
  const result = analyze({ file: '/work/app/src/routes/users.js', text: IMPORTED_HANDLERS });
  const lineOf = (offset: number): number => IMPORTED_HANDLERS.slice(0, offset).split('\n').length;
  const rows = (result.routes ?? []).map((r) => ({ ...r, line: lineOf(r.span.start) }));
  it('lists every registration, chained ones with the path of their route(…), and no lookalike', () => {
    assert.deepEqual(
      rows.map((r) => `${r.line} ${r.method} ${r.path}`),
      [
        '5 DELETE /admin/users/:id',
        '6 DELETE /admin/accounts/:id',
        '7 PUT /admin/roles/:id',
        '7 DELETE /admin/roles/:id',
        '8 POST /applications',
      ],
    );
  });
  it('judges them by the middleware in front: the guarded admin route has its guards, the bare one has none', () => {
    assert.equal(rows[0].controls.authentication, 'missing');
    assert.equal(rows[1].controls.authentication, 'present');
    assert.equal(rows[1].controls.authorization, 'present');
    assert.equal(rows[3].controls.authorization, 'present');
    assert.equal(rows[4].controls.authentication, 'present');
  });
});

describe("the seatbelt table's cells", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = analyze({ file: `/work/app/src/routes/${c.file}`, text: c.text });
      const lineOf = (offset: number): number => c.text.slice(0, offset).split('\n').length;
      const row = (result.routes ?? []).find((r) => lineOf(r.span.start) === c.line);
      assert.ok(
        row,
        `no route at line ${c.line}; routes at ${(result.routes ?? []).map((r) => lineOf(r.span.start)).join(', ')}`,
      );
      for (const [control, want] of Object.entries(c.cells))
        assert.equal(
          row.controls[control as RouteControlName],
          want,
          `${control} at line ${c.line} (evidence: ${JSON.stringify(row.evidence)})`,
        );
    });
  }
});

describe('the seatbelt table across files: guards and prefixes where a router is mounted', function () {
  this.timeout(120_000);
  it('a router mounted behind guards in another file has them, and its routes carry the mount prefix', async () => {
    const dir = path.join(packageRoot(), 'rules', 'defaults', 'missing-control', 'cases', 'mounted-guards.project');
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) =>
      (f.routes ?? []).map((r) => ({ ...r, file: path.relative(dir, f.path) })),
    );
    const at = (file: string) => routes.find((r) => r.file === file)!;
    assert.equal(at('routes/admin.js').path, '/admin/users');
    assert.equal(at('routes/admin.js').controls.authentication, 'present');
    assert.equal(at('routes/admin.js').controls.authorization, 'present');
    assert.match(
      at('routes/admin.js').evidence.authorization ?? '',
      /requireRole\('admin'\) \(mounted in app\.js:10\)/,
    );
    assert.equal(at('routes/reports.js').path, '/admin-reports/revenue');
    assert.equal(at('routes/reports.js').controls.authentication, 'missing');
    assert.equal(at('routes/catalog.js').path, '/feeds/prices.csv');
    assert.equal(at('routes/catalog.js').controls.authentication, 'n/a');
  });
  it('a NestJS global guard in app.module.ts covers the controllers of other files, except routes marked @Public()', async () => {
    const dir = path.join(packageRoot(), 'rules', 'defaults', 'missing-control', 'cases', 'nest-global-guard.project');
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) => f.routes ?? []);
    const at = (method: string, p: string) => routes.find((r) => r.method === method && r.path === p)!;
    assert.equal(at('GET', '/orders').controls.authentication, 'present');
    assert.match(
      at('GET', '/orders').evidence.authentication ?? '',
      /JwtAuthGuard \(APP_GUARD\) \(in app\.module\.ts:10\)/,
    );
    assert.equal(at('POST', '/orders').controls.authentication, 'present');
    assert.equal(at('GET', '/orders/catalog').controls.authentication, 'n/a');
  });
  it("hapi: a plugin's server.auth.default covers the other plugins' routes; auth options, extensions and plugin options in variables and helpers count", async () => {
    const dir = path.join(packageRoot(), 'rules', 'defaults', 'missing-control', 'cases', 'hapi-plugins.project');
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) => f.routes ?? []);
    const at = (method: string, p: string) => routes.find((r) => r.method === method && r.path === p)!;
    assert.equal(at('GET', '/applications/{id}').controls.authentication, 'present');
    assert.match(at('GET', '/applications/{id}').evidence.authentication ?? '', /server\.auth\.default/);
    assert.equal(at('GET', '/calls').controls.authentication, 'n/a');
    const remove = at('DELETE', '/admin/users/{id}');
    assert.equal(remove.controls.authentication, 'present');
    assert.equal(remove.controls.authorization, 'present');
    assert.equal(remove.controls.mfa, 'present');
    assert.match(remove.evidence.mfa ?? '', /requireRecentMfa \(onPostAuth extension\)/);
    assert.equal(at('POST', '/admin/users/{id}/password').controls.rateLimit, 'present');
    assert.equal(at('POST', '/admin/users/{id}/reset-password').controls.rateLimit, 'missing');
  });
  it('a Fastify route file registered in a scope with an authentication hook has it, under the register prefix', async () => {
    const dir = path.join(
      packageRoot(),
      'rules',
      'defaults',
      'missing-control',
      'cases',
      'fastify-scoped-hooks.project',
    );
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) =>
      (f.routes ?? []).map((r) => ({ ...r, file: path.relative(dir, f.path) })),
    );
    const at = (file: string) => routes.find((r) => r.file === file)!;
    assert.equal(at('routes/invoices.js').path, '/invoices/:id');
    assert.equal(at('routes/invoices.js').controls.authentication, 'present');
    assert.match(at('routes/invoices.js').evidence.authentication ?? '', /onRequest hook.*\(mounted in app\.js:\d+\)/);
    assert.equal(at('routes/carts.js').path, '/carts/:id');
    assert.equal(at('routes/carts.js').controls.authentication, 'missing');
  });
  it('a Next.js middleware.ts that demands a session covers the app/ and pages/api routes its matcher matches', async () => {
    const dir = path.join(packageRoot(), 'rules', 'defaults', 'missing-control', 'cases', 'next-middleware.project');
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) => f.routes ?? []);
    const at = (p: string) => routes.find((r) => r.path === p)!;
    assert.equal(at('/api/orders/[id]').controls.authentication, 'present');
    assert.match(at('/api/orders/[id]').evidence.authentication ?? '', /middleware\.ts/);
    assert.equal(at('/api/orders').controls.authentication, 'present');
    assert.equal(at('/api/products').controls.authentication, 'missing');
  });
  it('a Next.js middleware.ts that checks no session (locale redirects) authenticates nothing', async () => {
    const dir = path.join(
      packageRoot(),
      'rules',
      'defaults',
      'missing-control',
      'cases',
      'next-middleware-locale.project',
    );
    const summary = await scanPaths([dir], {});
    const routes = summary.files.flatMap((f) => f.routes ?? []);
    assert.equal(routes.find((r) => r.path === '/api/orders')!.controls.authentication, 'missing');
  });
});

describe('Next.js middleware matchers (nextMatcherCovers)', () => {
  it('covers by literal segments and :path* / :path+ / :id', () => {
    assert.equal(nextMatcherCovers([], '/anything/[id]'), true);
    assert.equal(nextMatcherCovers(['/dashboard/:path*'], '/dashboard'), true);
    assert.equal(nextMatcherCovers(['/dashboard/:path*'], '/dashboard/[team]/settings'), true);
    assert.equal(nextMatcherCovers(['/dashboard/:path+'], '/dashboard'), false);
    assert.equal(nextMatcherCovers(['/api/orders/:id'], '/api/orders/[id]'), true);
    assert.equal(nextMatcherCovers(['/api/orders/:id'], '/api/orders/[id]/items'), false);
    assert.equal(nextMatcherCovers(['/dashboard/:path*'], '/dashboards'), false);
  });
  it('route groups leave the URL', () => {
    assert.equal(nextMatcherCovers(['/account/:path*'], '/(private)/account/[id]'), true);
  });
  it('the negative look-ahead form covers every path but the excluded prefixes', () => {
    const m = ['/((?!api|_next/static|_next/image|favicon.ico).*)'];
    assert.equal(nextMatcherCovers(m, '/orders/[id]'), true);
    assert.equal(nextMatcherCovers(m, '/api/orders'), false);
    assert.equal(nextMatcherCovers(m, '/[slug]'), false);
  });
  it('a pattern it does not understand covers nothing', () => {
    assert.equal(nextMatcherCovers(['/(dash|admin)/:path*'], '/admin/users'), false);
  });
});

describe('defaults/missing-control: where the squiggle goes', () => {
  it('marks the registration line only, not the whole handler below it', () => {
    const text = `const express = require('express');
const router = express.Router();
router.post('/password', async (req, res) => {
  const user = await users.find(req.session.userId);
  user.password = await hash(req.body.password);
  await user.save();
  res.sendStatus(204);
});
module.exports = router;
`;
    const result = analyze({ file: '/work/app/src/routes/account.js', text });
    const finding = result.findings.find((f) => f.ruleId === 'defaults/missing-control');
    assert.ok(finding, JSON.stringify(result.findings.map((f) => f.ruleId)));
    const marked = text.slice(finding.span.start, finding.span.end);
    assert.ok(!marked.includes('\n'), `one line, not the handler: ${JSON.stringify(marked)}`);
    assert.equal(marked, "router.post('/password', async (req, res) => {");
  });
});
