import { Body, Controller, Patch, Req, UseInterceptors } from '@nestjs/common';
import { Audited, AuditInterceptor } from '../common/audit.interceptor';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  // The interceptor records the change through the @Audited action.
  @Patch('me/email')
  @UseInterceptors(AuditInterceptor)
  @Audited('user.email_change')
  // ok: audit/unlogged-account-change (an audit interceptor writes the event)
  async changeEmail(@Req() req: any, @Body('email') email: string) {
    await this.users.updateEmail(req.user.sub, String(email).trim().toLowerCase());
  }

  @Patch('me/recovery-email')
  async changeRecoveryEmail(@Req() req: any, @Body('email') email: string) {
    // ruleid: audit/unlogged-account-change
    await this.users.updateEmail(req.user.sub, String(email).trim().toLowerCase());
  }
}
