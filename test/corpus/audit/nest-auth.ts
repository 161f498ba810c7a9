import { Body, Controller, HttpCode, Injectable, Logger, Post, Req, UnauthorizedException, UseGuards, Get, Put, ForbiddenException } from '@nestjs/common';
import * as argon2 from 'argon2';
import { authenticator } from 'otplib';

@Injectable()
export class MfaService {
  private readonly logger = new Logger(MfaService.name);

  async verify(userId: string, code: string) {
    const secret = await this.secrets.get(userId);
    const ok = authenticator.check(code, secret);
    if (!ok) {
      this.logger.warn({ event: 'authn_mfa_fail', userId });
      throw new UnauthorizedException('invalid code');
    }
    this.logger.log({ event: 'authn_mfa_success', userId });
    return true;
  }
  constructor(private readonly secrets: any) {}
}

@Injectable()
export class CredentialsService {
  async check(email: string, password: string): Promise<boolean> {
    const row = await this.repo.find(email);
    if (!row) return false;
    return argon2.verify(row.hash, password);
  }
  constructor(private readonly repo: any) {}
}

@Controller('account')
export class AccountController {
  private readonly logger = new Logger('Account');
  constructor(private readonly creds: CredentialsService, private readonly users: any) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: { email: string; password: string }, @Req() req: any) {
    const valid = await this.creds.check(body.email, body.password);
    if (!valid) {
      // ruleid: audit/unlogged-authentication
      throw new UnauthorizedException();
    }
    this.logger.log({ event: 'authn_login_success', email: body.email, ip: req.ip });
    return this.users.tokenFor(body.email);
  }

  @Put('password')
  async changePassword(@Req() req: any, @Body() body: { current: string; next: string }) {
    const ok = await this.creds.check(req.user.email, body.current);
    if (!ok) {
      this.logger.warn({ event: 'authn_password_change_fail', user: req.user.id });
      throw new ForbiddenException();
    }
    await this.users.setPassword(req.user.id, body.next);
    // ruleid: audit/unlogged-account-change
    return { ok: true };
  }

  @Get('profile')
  profile(@Req() req: any) {
    return this.users.profile(req.user.id);
  }
}
