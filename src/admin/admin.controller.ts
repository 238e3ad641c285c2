import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Query } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { IdParams } from '../common/params.dto.js';
import { type AuthenticatedUser, CurrentUser, Roles } from '@auth-service/guard';
import { AdminService } from './admin.service.js';
import { AuditQuery, SessionsQuery, UpdateUserDto, UsersQuery } from './dto/admin.dto.js';

/**
 * /admin/*: admins only. The global guard checks the role against the database on every
 * request, so a demoted admin is refused at once: 401 without a token, 403 forbidden without the role.
 */
@Controller('admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @Header('Cache-Control', 'no-store')
  searchUsers(@Query() query: UsersQuery) {
    return this.admin.searchUsers(query);
  }

  @Get('users/:id')
  @Header('Cache-Control', 'no-store')
  getUser(@Param() params: IdParams) {
    return this.admin.getUser(params.id);
  }

  @Patch('users/:id')
  updateUser(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Body() change: UpdateUserDto, @Client() client: ClientInfo) {
    return this.admin.updateUser(actor.userId, params.id, change, client);
  }

  @Delete('users/:id/sessions')
  @HttpCode(204)
  async endUserSessions(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.admin.endUserSessions(actor.userId, params.id, client);
  }

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  listSessions(@Query() query: SessionsQuery) {
    return this.admin.listSessions(query);
  }

  @Get('sessions/:id')
  @Header('Cache-Control', 'no-store')
  sessionDetail(@Param() params: IdParams) {
    return this.admin.sessionDetail(params.id);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  async endSession(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.admin.endSession(actor.userId, params.id, client);
  }

  @Get('audit')
  @Header('Cache-Control', 'no-store')
  searchAudit(@Query() query: AuditQuery) {
    return this.admin.searchAudit(query);
  }
}
