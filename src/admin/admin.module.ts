import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AdminConsoleController } from './admin-console.controller.js';
import { AdminKeysService } from './admin-keys.service.js';
import { AdminController } from './admin.controller.js';
import { AdminService } from './admin.service.js';
import { OverviewService } from './overview.service.js';

/** User, session, audit and key administration under /admin (role `admin`). */
@Module({
  imports: [UsersModule, SessionsModule, WebhooksModule],
  controllers: [AdminController, AdminConsoleController],
  providers: [AdminService, OverviewService, AdminKeysService],
})
export class AdminModule {}
