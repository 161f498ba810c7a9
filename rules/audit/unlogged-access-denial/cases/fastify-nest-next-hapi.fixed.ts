// Denials in Fastify hooks, NestJS guards and services, Next.js route handlers and Hapi.
import Fastify from 'fastify';
import Hapi from '@hapi/hapi';
import Boom from '@hapi/boom';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { NextResponse, type NextRequest } from 'next/server';

const app = Fastify();

app.get('/reports/:id', {
  preHandler: async (request, reply) => {
    if (!request.user?.canReadReports) {
      // ruleid: audit/unlogged-access-denial
      auditLog({ event: 'authz_fail', outcome: 'failure', actor: request.user?.id, resource: request.url, ip: request.ip, time: new Date().toISOString() });
      return reply.code(403).send({ error: 'forbidden' });
    }
  },
  handler: async (request) => reports.get((request.params as { id: string }).id),
});

@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (request.user?.role !== 'admin') {
      // ruleid: audit/unlogged-access-denial
      auditLog({ event: 'authz_fail', outcome: 'failure', resource: request.url, ip: request.ip, time: new Date().toISOString() });
      return false;
    }
    return true;
  }
}

@Injectable()
export class ProjectsService {
  async archive(userId: string, projectId: string) {
    const project = await this.repo.findOne(projectId);
    if (project.ownerId !== userId) {
      this.audit.record({ event: 'authz_fail', actor: userId, resource: `project:${projectId}` });
      // ok: audit/unlogged-access-denial
      throw new ForbiddenException();
    }
    if (project.locked) {
      // ruleid: audit/unlogged-access-denial
      auditLog({ event: 'authz_fail', outcome: 'failure', time: new Date().toISOString() });
      throw new ForbiddenException('project is locked');
    }
    return this.repo.archive(projectId);
  }

  constructor(private readonly repo: ProjectsRepository, private readonly audit: AuditService) {}
}

export async function DELETE(request: NextRequest) {
  const session = await getSession(request);
  if (!session?.user.isAdmin) {
    // ruleid: audit/unlogged-access-denial
    auditLog({ event: 'authz_fail', outcome: 'failure', resource: request.url, ip: request.headers.get('x-forwarded-for'), time: new Date().toISOString() });
    return NextResponse.json({ error: 'forbidden' }, { status: 403 });
  }
  await purgeCache();
  return NextResponse.json({ ok: true });
}

const server = Hapi.server({ port: 3000 });
server.route({
  method: 'GET',
  path: '/billing',
  handler: (request, h) => {
    if (!request.auth.credentials.scope?.includes('billing')) {
      // ruleid: audit/unlogged-access-denial
      auditLog({ event: 'authz_fail', outcome: 'failure', actor: request.auth.credentials?.id, resource: request.path, ip: request.info.remoteAddress, time: new Date().toISOString() });
      throw Boom.forbidden('no billing scope');
    }
    return h.response(billing.summary());
  },
});

declare const reports: { get(id: string): Promise<unknown> };
declare const billing: { summary(): unknown };
declare function getSession(r: NextRequest): Promise<{ user: { isAdmin: boolean } } | null>;
declare function purgeCache(): Promise<void>;
declare class ProjectsRepository { findOne(id: string): Promise<{ ownerId: string; locked: boolean }>; archive(id: string): Promise<void>; }
declare class AuditService { record(e: object): void; }

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
