import { Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { FeedSecretGuard } from './feed-secret.guard.js';
import { RevocationHub } from './revocation.hub.js';
import { RevocationsController } from './revocations.controller.js';
import { RevocationsRepository } from './revocations.repository.js';

@Module({
  controllers: [RevocationsController],
  providers: [RevocationsRepository, RevocationHub, FeedSecretGuard],
  exports: [RevocationsRepository],
})
export class RevocationsModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly revocations: RevocationsRepository,
  ) {}

  /** Revocations no access token can need any more: ended families and outdated-token entries alike. */
  onModuleInit(): void {
    this.tasks.register('lapsedRevocations', (batch) => this.revocations.deleteLapsed(batch));
    this.tasks.register('lapsedOutdatedTokens', (batch) => this.revocations.deleteLapsedOutdated(batch));
  }
}
