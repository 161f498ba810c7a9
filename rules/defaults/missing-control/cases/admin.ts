import { Controller, Delete, Get, Param, Put, Body, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { RolesGuard } from './roles.guard';
import { Roles } from './roles.decorator';
import { UsersService } from './users.service';
import { SetRoleDto } from './set-role.dto';

@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  // ruleid: defaults/missing-control
  @Get()
  list() {
    return this.users.all();
  }

  // ok: defaults/missing-control — signed in and admin only
  @UseGuards(AuthGuard('jwt'), RolesGuard)
  @Roles('admin')
  // ok: defaults/missing-control
  @Put(':id/role')
  setRole(@Param('id') id: string, @Body() dto: SetRoleDto) {
    return this.users.setRole(id, dto.role);
  }

  @UseGuards(AuthGuard('jwt'))
  // ruleid: defaults/missing-control
  @Delete(':id')
  remove(@Param('id') id: string) {
    return this.users.remove(id);
  }
}
