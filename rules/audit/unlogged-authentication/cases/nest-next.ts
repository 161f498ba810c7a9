// NestJS auth controller and service, and a Next.js route handler.
import { Body, Controller, Injectable, Logger, Post, Req, UnauthorizedException } from '@nestjs/common';
import * as bcrypt from 'bcryptjs';
import { NextResponse } from 'next/server';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  async validate(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    // ruleid: audit/unlogged-authentication
    if (!user || !(await bcrypt.compare(password, user.passwordHash))) {
      throw new UnauthorizedException();
    }
    return user;
  }

  async validateAudited(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    // ok: audit/unlogged-authentication
    const ok = !!user && (await bcrypt.compare(password, user.passwordHash));
    if (!ok) {
      this.logger.warn({ event: 'authn_login_fail', actor: email });
      throw new UnauthorizedException();
    }
    this.logger.log({ event: 'authn_login_success', actor: email });
    return user;
  }

  constructor(private readonly users: UsersRepository) {}
}

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('logout')
  // ruleid: audit/unlogged-authentication
  async logout(@Req() req: any) {
    await this.auth.revoke(req.user.sessionId);
    return { ok: true };
  }

  // The account exists only once register() resolves (it may refuse a taken e-mail): an event before
  // the return would claim a sign-up that may not happen, so the finding has no edit.
  @Post('register')
  // ruleid: audit/unlogged-authentication
  async register(@Body() body: { email: string; password: string }) {
    return this.auth.register(body);
  }

  @Post('refresh')
  // ok: audit/unlogged-authentication
  async refresh(@Body() body: { token: string }) {
    return this.auth.refresh(body.token);
  }
}

export async function POST(request: Request) {
  const { email, password } = await request.json();
  const user = await findUser(email);
  // ruleid: audit/unlogged-authentication
  const valid = user ? await bcrypt.compare(password, user.hash) : false;
  if (!valid) return NextResponse.json({ error: 'invalid' }, { status: 401 });
  return NextResponse.json({ id: user.id });
}

declare const findUser: (email: string) => Promise<{ id: string; hash: string } | null>;
declare class UsersRepository { findByEmail(email: string): Promise<{ passwordHash: string } | null>; }
