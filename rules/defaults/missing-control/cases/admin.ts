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

// A RolesGuard only checks the roles that @Roles puts in the metadata: with none, every signed-in user passes.
@Controller('admin/reports')
@UseGuards(AuthGuard('jwt'), RolesGuard)
export class AdminReportsController {
  constructor(private readonly users: UsersService) {}

  // ruleid: defaults/missing-control
  @Get()
  list() {
    return this.users.all();
  }
}

@Controller('admin/audit')
@UseGuards(AuthGuard('jwt'), RolesGuard)
@Roles('admin')
export class AdminAuditController {
  constructor(private readonly users: UsersService) {}

  // ok: defaults/missing-control — @Roles('admin') on the class feeds the RolesGuard
  @Get()
  list() {
    return this.users.all();
  }
}
