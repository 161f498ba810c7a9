// One login, one finding: a login route whose success is unaudited and whose refusal is unaudited
// too is reported once, at the route, and the fix writes both events.
import { Body, Controller, HttpException, HttpStatus, Post } from '@nestjs/common';
import { UserService } from './user.service';

@Controller()
export class UserController {
  constructor(private readonly userService: UserService) {}

  @Post('users/login')
  // ruleid: audit/unlogged-authentication
  async login(@Body('user') dto: { email: string; password: string }) {
    const user = await this.userService.findOne(dto);
    // ok: audit/unlogged-authentication (the same login's failure: part of the finding above)
    if (!user) {
      auditLog({ event: 'authn_login_fail', outcome: 'failure', time: new Date().toISOString() });
      throw new HttpException({ errors: { user: 'not found' } }, HttpStatus.UNAUTHORIZED);
    }
    const token = await this.userService.generateJWT(user);
    auditLog({ event: 'authn_login_success', outcome: 'success', time: new Date().toISOString() });
    return { user: { email: user.email, token } };
  }
}

/** Structured audit events (OWASP Logging Vocabulary names) as JSON lines on stdout for the SIEM; never pass secrets. */
function auditLog(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n');
}
