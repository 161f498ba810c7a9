// Framework handler shapes as facts: each framework's registration gives the handler function,
// its method, path, framework and request/response parameter names; unknown shapes stay silent.

import * as assert from 'node:assert/strict';
import { Facts } from '../../../server/engine/facts';
import { parse } from '../../../server/engine/parse';

function handlersOf(
  text: string,
  file = 'app.ts',
): { framework: string; method: string; path?: string; kind: string; request?: string; response?: string }[] {
  const facts = new Facts(text, parse(text, file.endsWith('.js') ? 'js' : 'ts'));
  return facts.handlers(file).map(({ framework, method, path, kind, request, response }) => ({
    framework,
    method,
    path,
    kind,
    request,
    response,
  }));
}

describe('framework handlers (Facts.handlers)', () => {
  it('Express app and Router, route chains and middleware, by import', () => {
    const hs = handlersOf(`
      import express from 'express';
      const app = express();
      const router = express.Router();
      app.use((req, res, next) => next());
      router.post('/login', requireBody, async (req, res) => res.json({}));
      router.route('/users/:id').delete(function remove(rq, rs) { rs.end(); });
      app.use((err, req, res, next) => res.status(500).end());
      function requireBody(req, res, next) { next(); }
    `);
    assert.deepEqual(
      hs.map((h) => [h.framework, h.method, h.path, h.kind, h.request, h.response]),
      [
        ['express', 'use', undefined, 'middleware', 'req', 'res'],
        ['express', 'post', '/login', 'route', 'req', 'res'],
        ['express', 'delete', '/users/:id', 'route', 'rq', 'rs'],
        ['express', 'use', undefined, 'middleware', 'req', 'res'],
        ['express', 'post', '/login', 'middleware', 'req', 'res'],
      ],
    );
  });

  it('Koa and @koa/router: ctx is the request', () => {
    const hs = handlersOf(
      `
      const Koa = require('koa');
      const Router = require('@koa/router');
      const app = new Koa();
      const router = new Router();
      app.use(async (ctx, next) => { await next(); });
      router.put('/me/email', async (ctx) => { ctx.body = {}; });
    `,
      'app.js',
    );
    assert.deepEqual(
      hs.map((h) => [h.framework, h.method, h.path, h.request]),
      [
        ['koa', 'use', undefined, 'ctx'],
        ['koa', 'put', '/me/email', 'ctx'],
      ],
    );
  });

  it('Fastify: shorthand with options, route options objects, hooks; plugins through register', () => {
    const hs = handlersOf(`
      import Fastify from 'fastify';
      const app = Fastify();
      app.get('/a', { preHandler: async (request, reply) => {} , handler: async (request, reply) => 1 });
      app.route({ method: 'DELETE', url: '/b/:id', handler: async (req, reply) => 2 });
      app.register(async (instance) => { instance.post('/c', async (request) => 3); });
    `);
    assert.deepEqual(
      hs.map((h) => [h.framework, h.method, h.path, h.kind]),
      [
        ['fastify', 'get', '/a', 'middleware'],
        ['fastify', 'get', '/a', 'route'],
        ['fastify', 'delete', '/b/:id', 'route'],
        ['fastify', 'post', '/c', 'route'],
      ],
    );
  });

  it('Hapi server.route with handler or options.handler, single or array', () => {
    const hs = handlersOf(
      `
      const Hapi = require('@hapi/hapi');
      const server = Hapi.server();
      server.route({ method: 'POST', path: '/login', handler: (request, h) => 'x' });
      server.route([{ method: 'GET', path: '/admin/export', options: { handler: async (request, h) => 'y' } }]);
    `,
      'server.js',
    );
    assert.deepEqual(
      hs.map((h) => [h.framework, h.method, h.path, h.request, h.response]),
      [
        ['hapi', 'post', '/login', 'request', 'h'],
        ['hapi', 'get', '/admin/export', 'request', 'h'],
      ],
    );
  });

  it('NestJS controllers (prefix + method decorators, @Req) and guards', () => {
    const hs = handlersOf(`
      import { Controller, Delete, Get, Req, Injectable, CanActivate } from '@nestjs/common';
      @Controller('users')
      export class UsersController {
        @Get() list() { return []; }
        @Delete(':id') remove(@Req() request: any) { return 1; }
        helper() { return 2; }
      }
      @Injectable()
      export class AdminGuard implements CanActivate {
        canActivate(context: any) { const req = context.switchToHttp().getRequest(); return !!req.user; }
      }
    `);
    assert.deepEqual(
      hs.map((h) => [h.framework, h.method, h.path, h.kind, h.request]),
      [
        ['nestjs', 'get', '/users', 'route', undefined],
        ['nestjs', 'delete', '/users/:id', 'route', 'request'],
        ['nestjs', 'guard', undefined, 'guard', 'req'],
      ],
    );
  });

  it('Next.js route handlers (exported verbs, path from app/**/route.ts) and pages/api default exports', () => {
    assert.deepEqual(
      handlersOf(
        `export async function POST(request: Request) { return Response.json({}); }
      export const GET = async (req: Request) => new Response('x');`,
        'src/app/api/login/route.ts',
      ).map((h) => [h.framework, h.method, h.path]),
      [
        ['nextjs', 'post', '/api/login'],
        ['nextjs', 'get', '/api/login'],
      ],
    );
    assert.deepEqual(
      handlersOf(`export default async function handler(req, res) { res.json({}); }`, 'pages/api/users/[id].js').map(
        (h) => [h.framework, h.path, h.request, h.response],
      ),
      [['nextjs', '/api/users/[id]', 'req', 'res']],
    );
    assert.deepEqual(handlersOf(`export default function Page() { return null; }`, 'pages/index.js'), []);
  });

  it('Node http.createServer', () => {
    assert.deepEqual(
      handlersOf(`const http = require('node:http'); http.createServer((req, res) => res.end());`, 's.js').map((h) => [
        h.framework,
        h.method,
        h.request,
      ]),
      [['node', 'all', 'req']],
    );
  });

  it('stays silent on shapes it does not know: maps, unknown receivers, dynamic paths', () => {
    assert.deepEqual(
      handlersOf(
        `
      const cache = new Map();
      cache.get('/login', (x) => x);
      for (const r of routes) registry.post(r.path, r.fn);
      something.use(() => 1);
    `,
        'x.js',
      ),
      [],
    );
  });

  it('bounded on thousands of routes in one file', () => {
    const text =
      `const express = require('express'); const app = express();\n` +
      Array.from({ length: 5000 }, (_, i) => `app.get('/r${i}', (req, res) => res.send('${i}'));`).join('\n');
    assert.equal(handlersOf(text, 'big.js').length, 5000);
  });
});
