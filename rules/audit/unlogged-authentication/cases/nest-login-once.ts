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
    if (!user) throw new HttpException({ errors: { user: 'not found' } }, HttpStatus.UNAUTHORIZED);
    const token = await this.userService.generateJWT(user);
    return { user: { email: user.email, token } };
  }
}
