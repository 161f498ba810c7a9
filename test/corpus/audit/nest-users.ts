import {
  Body, CanActivate, Controller, Delete, ExecutionContext, ForbiddenException, Get, Injectable, Logger,
  Param, Patch, Post, Req, UnauthorizedException, UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import * as bcrypt from 'bcrypt';
import { JwtService } from '@nestjs/jwt';

@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger(RolesGuard.name);
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[]>('roles', context.getHandler());
    if (!roles) return true;
    const req = context.switchToHttp().getRequest();
    const allowed = roles.some((r) => req.user?.roles?.includes(r));
    if (!allowed) {
      this.logger.warn({ event: 'authz_fail', user: req.user?.id, roles, path: req.url });
    }
    return allowed;
  }
}

@Injectable()
export class OwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    if (req.user?.id !== req.params.userId) {
      // ruleid: audit/unlogged-access-denial
      throw new ForbiddenException('not the owner');
    }
    return true;
  }
}

@Injectable()
export class AuthService {
  private readonly log = new Logger('Auth');
  constructor(private readonly users: UsersRepo, private readonly jwt: JwtService) {}

  async signIn(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    // ruleid: audit/unlogged-authentication
    const matches = user ? await bcrypt.compare(password, user.password) : false;
    if (!matches) {
      this.log.warn(`Failed login for ${email}`);
      throw new UnauthorizedException();
    }
    return { access_token: await this.jwt.signAsync({ sub: user.id }) };
  }
}

@Controller('users')
@UseGuards(RolesGuard)
export class UsersController {
  private readonly logger = new Logger(UsersController.name);
  constructor(private readonly users: UsersRepo) {}

  @Get()
  findAll() {
    return this.users.list();
  }

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.users.find(id);
  }

  @Post()
  async create(@Body() dto: CreateUserDto, @Req() req: any) {
    const user = await this.users.create(dto);
    this.logger.log({ event: 'user_created', actor: req.user.id, target: user.id });
    return user;
  }

  @Delete(':id')
  // ruleid: audit/unlogged-account-change
  async remove(@Param('id') id: string) {
    await this.users.delete(id);
  }

  @Patch(':id/permissions')
  // ruleid: audit/unlogged-account-change
  async setPermissions(@Param('id') id: string, @Body() body: { permissions: string[] }) {
    return this.users.setPermissions(id, body.permissions);
  }

  @Patch(':id/profile')
  async updateProfile(@Param('id') id: string, @Body() body: { bio: string }) {
    return this.users.updateProfile(id, body);
  }
}

interface CreateUserDto { email: string; name: string }
declare class UsersRepo {
  findByEmail(e: string): Promise<any>; list(): Promise<any[]>; find(id: string): Promise<any>; create(d: any): Promise<any>;
  delete(id: string): Promise<void>; setPermissions(id: string, p: string[]): Promise<any>; updateProfile(id: string, b: any): Promise<any>;
}
