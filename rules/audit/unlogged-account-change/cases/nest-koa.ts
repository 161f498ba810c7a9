// Account changes in a NestJS controller and a Koa router.
import { Body, Controller, Delete, Param, Patch, Post, Req } from '@nestjs/common';
import Router from '@koa/router';
import pino from 'pino';

const log = pino();

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Delete(':id')
  // ruleid: audit/unlogged-account-change
  async remove(@Param('id') id: string) {
    await this.users.remove(id);
    return { deleted: id };
  }

  @Patch(':id/role')
  // ok: audit/unlogged-account-change
  async changeRole(@Param('id') id: string, @Body() body: { role: string }, @Req() req: any) {
    const before = await this.users.role(id);
    await this.users.setRole(id, body.role);
    log.info({ event: 'authz_change', actor: req.user.id, target: id, from: before, to: body.role });
    return { id, role: body.role };
  }

  @Post(':id/lock')
  // ruleid: audit/unlogged-account-change
  async lock(@Param('id') id: string) {
    await this.users.lock(id);
    return { locked: true };
  }
}

const router = new Router();

// ruleid: audit/unlogged-account-change
router.put('/me/email', async (ctx) => {
  await users.updateEmail(ctx.state.user.id, (ctx.request.body as { email: string }).email);
  ctx.body = { ok: true };
});

// ok: audit/unlogged-account-change
router.put('/me/preferences', async (ctx) => {
  await users.updatePreferences(ctx.state.user.id, ctx.request.body);
  ctx.body = { ok: true };
});

declare class UsersService { remove(id: string): Promise<void>; role(id: string): Promise<string>; setRole(id: string, r: string): Promise<void>; lock(id: string): Promise<void>; }
declare const users: { updateEmail(id: string, e: string): Promise<void>; updatePreferences(id: string, p: unknown): Promise<void> };
export { router };
