import { Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { AuthCookies } from '../sessions/auth-cookies.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminMfaController, MfaController } from './mfa.controller.js';
import { MfaRepository } from './mfa.repository.js';
import { MfaService } from './mfa.service.js';
import { PasskeysService } from './passkeys.service.js';

/**
 * Second factors and passkeys. MfaService.challengeOrIssue is what every sign-in's first step
 * (password, passkey, provider) ends with, so the modules of those sign-ins import this one.
 */
@Module({
  imports: [SessionsModule, UsersModule],
  controllers: [MfaController, AdminMfaController],
  // AuthCookies is configuration only: this module's sign-in answers set the same cookies as /auth/login
  providers: [MfaRepository, PasskeysService, MfaService, AuthCookies],
  exports: [MfaService],
})
export class MfaModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly repository: MfaRepository,
  ) {}

  /** mfaTokens and WebAuthn challenges past their expiry: a first step or a ceremony nobody finished. */
  onModuleInit(): void {
    this.tasks.register('expiredMfaTokens', (batch) => this.repository.deleteExpiredMfaTokens(batch));
    this.tasks.register('expiredWebauthnChallenges', (batch) => this.repository.deleteExpiredChallenges(batch));
  }
}
