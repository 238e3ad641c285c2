import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { BackgroundTasks } from './background-tasks.js';
import { EmailVerificationService } from './email-verification.service.js';
import { PagesController } from './pages.controller.js';
import { PasswordResetService } from './password-reset.service.js';
import { RecoveryController } from './recovery.controller.js';
import { RecoveryLimits } from './recovery-limits.js';

/** Forgot/reset password, email verification, and the pages the mailed links open. */
@Module({
  imports: [UsersModule, SessionsModule, WebhooksModule],
  controllers: [RecoveryController, PagesController],
  providers: [AccountTokensRepository, BackgroundTasks, RecoveryLimits, PasswordResetService, EmailVerificationService],
  exports: [EmailVerificationService, AccountTokensRepository, RecoveryLimits],
})
export class RecoveryModule {}
