import { Module } from '@nestjs/common';
import { MfaModule } from '../mfa/mfa.module.js';
import { RecoveryModule } from '../recovery/recovery.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AccountController, AdminAccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';

/** An account's whole life: deletion with erasure, export, email change, admin creation and invitations. */
@Module({
  imports: [UsersModule, SessionsModule, RecoveryModule, WebhooksModule, MfaModule],
  controllers: [AccountController, AdminAccountsController],
  providers: [AccountsRepository, AccountsService],
})
export class AccountsModule {}
