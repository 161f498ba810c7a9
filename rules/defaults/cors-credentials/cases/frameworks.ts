import { NestFactory } from '@nestjs/core';
import Hapi from '@hapi/hapi';
import Koa from 'koa';
import koaCors from '@koa/cors';
import { Server } from 'socket.io';
import { AppModule } from './app.module';

export async function nest() {
  const app = await NestFactory.create(AppModule);
  // ruleid: defaults/cors-credentials
  app.enableCors({ origin: '*', credentials: true });
  await app.listen(3000);
}

export function hapi() {
  return Hapi.server({
    port: 4000,
    routes: {
      // ruleid: defaults/cors-credentials
      cors: { origin: ['*'], credentials: true },
    },
  });
}

export function koa() {
  const app = new Koa();
  // ruleid: defaults/cors-credentials
  app.use(koaCors({ credentials: true }));
  // ok: defaults/cors-credentials — a fixed origin
  app.use(koaCors({ origin: 'https://app.example.com', credentials: true }));
  return app;
}

export function sockets(httpServer: import('http').Server) {
  // ok: defaults/cors-credentials — a public namespace without credentials
  return new Server(httpServer, { cors: { origin: '*' } });
}
