import { Controller, Get, Header, Post } from '@nestjs/common';
import type { ClientInfo } from '../audit/audit.types.js';
import { Client } from '../common/client-info.decorator.js';
import { CurrentUser, Roles, type AuthenticatedUser } from '@auth-service/guard';
import { AdminKeysService } from './admin-keys.service.js';
import { OverviewService } from './overview.service.js';

/** The admin API the console adds: the 24-hour overview and the signing keys. Admins only. */
@Controller('admin')
@Roles('admin')
export class AdminConsoleController {
  constructor(
    private readonly overviewService: OverviewService,
    private readonly keys: AdminKeysService,
  ) {}

  @Get('overview')
  @Header('Cache-Control', 'no-store')
  overview() {
    return this.overviewService.overview();
  }

  @Get('keys')
  @Header('Cache-Control', 'no-store')
  listKeys() {
    return this.keys.list();
  }

  @Post('keys/rotate')
  rotateKeys(@CurrentUser() actor: AuthenticatedUser, @Client() client: ClientInfo) {
    return this.keys.rotate(actor.userId, client);
  }
}
