import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { IdParams } from '../common/params.dto.js';
import { type AuthenticatedUser, CurrentUser, Roles } from '@auth-service/guard';
import { AdminService } from './admin.service.js';
import { AuditQuery, SessionsQuery, UpdateUserDto, UsersQuery } from './dto/admin.dto.js';
import { AdminUserResponse, AuditPage, SessionDetailResponse, SessionsPage, UsersPage } from './dto/admin.responses.js';

/**
 * /admin/*: admins only. The global guard checks the role against the database on every
 * request, so a demoted admin is refused at once: 401 without a token, 403 forbidden without the role.
 */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden, ErrorCode.ValidationFailed)
@Controller('admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('users')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Search users by an email fragment, a page at a time' })
  @ApiOkResponse({ type: UsersPage })
  searchUsers(@Query() query: UsersQuery) {
    return this.admin.searchUsers(query);
  }

  @Get('users/:id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One user, with the disabled flag' })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiErrors(ErrorCode.NotFound)
  getUser(@Param() params: IdParams) {
    return this.admin.getUser(params.id);
  }

  @Patch('users/:id')
  @ApiOperation({ summary: 'Disable or enable a user, or set their roles; disabling ends all their sessions' })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiErrors(ErrorCode.NotFound)
  updateUser(
    @CurrentUser() actor: AuthenticatedUser,
    @Param() params: IdParams,
    @Body() change: UpdateUserDto,
    @Client() client: ClientInfo,
  ) {
    return this.admin.updateUser(actor.userId, params.id, change, client);
  }

  @Delete('users/:id/sessions')
  @HttpCode(204)
  @ApiOperation({ summary: 'End every session of a user' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NotFound)
  async endUserSessions(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.admin.endUserSessions(actor.userId, params.id, client);
  }

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Live sessions of every user (or one), newest first' })
  @ApiOkResponse({ type: SessionsPage })
  listSessions(@Query() query: SessionsQuery) {
    return this.admin.listSessions(query);
  }

  @Get('sessions/:id')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'One session with its generations' })
  @ApiOkResponse({ type: SessionDetailResponse })
  @ApiErrors(ErrorCode.NotFound)
  sessionDetail(@Param() params: IdParams) {
    return this.admin.sessionDetail(params.id);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one session' })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.NotFound)
  async endSession(@CurrentUser() actor: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.admin.endSession(actor.userId, params.id, client);
  }

  @Get('audit')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Audit events, newest first, filtered by user, session or type' })
  @ApiOkResponse({ type: AuditPage })
  searchAudit(@Query() query: AuditQuery) {
    return this.admin.searchAudit(query);
  }
}
