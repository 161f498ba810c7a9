import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  // The service checks the password and switches the factor off: the decision is its own.
  @Post('2fa/disable')
  @HttpCode(204)
  // ok: audit/unlogged-authentication (the service decides and is reported there)
  async disableTwoFactor(@Req() req: any, @Body('password') password: string) {
    await this.auth.disableTwoFactor(req.user.sub, password);
  }
}
