import { Controller, Delete, Get, Header, HttpCode, Param, Query } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { IdParams } from '../common/params.dto.js';
import type { AuthenticatedUser } from '../guard/access-token-verifier.js';
import { CurrentUser } from '../guard/decorators.js';
import { EndSessionsQuery } from './dto/sessions.dto.js';
import { SessionsService } from './sessions.service.js';

/** The caller's own sessions. Every route needs a valid access token. */
@Controller('auth')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get('sessions')
  @Header('Cache-Control', 'no-store')
  list(@CurrentUser() user: AuthenticatedUser) {
    return this.sessions.listOwn(user.userId, user.sessionId);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  async endOne(@CurrentUser() user: AuthenticatedUser, @Param() params: IdParams, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.endOwn(user.userId, params.id, client);
  }

  @Delete('sessions')
  @HttpCode(204)
  async endAll(@CurrentUser() user: AuthenticatedUser, @Query() query: EndSessionsQuery, @Client() client: ClientInfo): Promise<void> {
    await this.sessions.endAllOwn(user.userId, query.keep === 'current' ? user.sessionId : undefined, client);
  }
}
