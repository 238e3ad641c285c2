import { Controller, Get, Header, Inject, Post } from '@nestjs/common';

class RolesResponse {
  @ApiProperty({ type: [String], example: ['user', 'admin', 'editor'] })
  roles: string[];
}
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { ApiBearer, ApiErrors } from '../common/api-errors.decorator.js';
import { ErrorCode } from '../common/errors.js';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { CurrentUser, Roles, type AuthenticatedUser } from '@auth-service/guard';
import { AdminKeysService } from './admin-keys.service.js';
import { KeysResponse, OverviewResponse, RotationResponse } from './dto/admin.responses.js';
import { OverviewService } from './overview.service.js';

/** The admin API the console adds: the roles there are, the 24-hour overview and the signing keys. Admins only. */
@ApiTags('admin')
@ApiBearer()
@ApiErrors(ErrorCode.Forbidden)
@Controller('admin')
@Roles('admin')
export class AdminConsoleController {
  constructor(
    private readonly overviewService: OverviewService,
    private readonly keys: AdminKeysService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('roles')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The roles users can be given: user, admin and the app roles of ROLES' })
  @ApiOkResponse({ type: RolesResponse })
  roles(): RolesResponse {
    return { roles: this.config.roles };
  }

  @Get('overview')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Live sessions now, and logins, refreshes, reuse detections and device mismatches per hour over the last 24 hours',
  })
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
