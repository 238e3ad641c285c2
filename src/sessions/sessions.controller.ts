import { Controller, Delete, Get, Header, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import { SessionResponse } from './dto/sessions.responses.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { IdParams } from '../common/params.dto.js';
import { type AuthenticatedUser, CurrentUser } from '@auth-service/guard';
import { EndSessionsQuery } from './dto/sessions.dto.js';
import { SessionsService } from './sessions.service.js';

/** The caller's own sessions. Every route needs a valid access token. */
@ApiTags('sessions')
@ApiBearer()
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The caller's live sessions, newest first" })
  @ApiOkResponse({ type: [SessionResponse] })
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.sessions.listOwn(user.userId, user.sessionId);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: "End one of the caller's sessions (another user's id: 404)" })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async endOne(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.endOwn(user.userId, params.id, client);
  }

  @Delete('sessions')
  @HttpCode(204)
  @ApiOperation({ summary: "End all the caller's sessions, or all but the current one (keep=current)" })
  @ApiNoContentResponse()
  @ApiErrors(ErrorCode.ValidationFailed)
  async endAll(@CurrentUser() user: AuthenticatedUser, @Query() query: EndSessionsQuery, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.endAllOwn(user.userId, query.keep === 'current' ? user.sessionId : undefined, client);
  }
}
