import { Controller, Get, Header, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { CurrentUser, Roles, type AuthenticatedUser } from '@auth-service/guard';
import { AdminKeysService } from './admin-keys.service.js';
import { KeysResponse, OverviewResponse, RotationResponse } from './dto/admin.responses.js';
import { OverviewService } from './overview.service.js';

/** The admin API the console adds: the 24-hour overview and the signing keys. Admins only. */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden)
@Controller('admin')
@Roles('admin')
export class AdminConsoleController {
  constructor(
    private readonly overviewService: OverviewService,
    private readonly keys: AdminKeysService,
  ) {}

  @Get('overview')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Live sessions now, and logins, refreshes, reuse detections and device mismatches per hour over the last 24 hours' })
  @ApiOkResponse({ type: OverviewResponse })
  overview() {
    return this.overviewService.overview();
  }

  @Get('keys')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The published signing and envelope keys (never a private part), with the rotation timings' })
  @ApiOkResponse({ type: KeysResponse })
  listKeys() {
    return this.keys.list();
  }

  @Post('keys/rotate')
  @ApiOperation({ summary: 'Publish a new signing and envelope key now; they are used after KEY_ACTIVATION_DELAY' })
  @ApiCreatedResponse({ type: RotationResponse })
  rotateKeys(@CurrentUser() actor: AuthenticatedUser, @Client() client: ClientInfo) {
    return this.keys.rotate(actor.userId, client);
  }
}
