import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { AppConfig } from '../config/app-config.js';
import { DpopModule } from '../dpop/dpop.module.js';
import { MetricsService } from '../observability/metrics.service.js';
import { RevocationsModule } from '../revocations/revocations.module.js';
import { CleanupRepository } from './cleanup.repository.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';

/** A family is deleted for idleness only this long after its idle expiry (see deleteExpiredFamilies). */
const IDLE_MARGIN_SECONDS = 60;

@Module({
  imports: [RevocationsModule, DpopModule],
  controllers: [SessionsController],
  providers: [SessionsRepository, SessionsService, CleanupRepository],
  exports: [SessionsService],
})
export class SessionsModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly cleanup: CleanupRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Expired families, rotated generations past REUSE_DETECTION_WINDOW, and grace tokens past the grace. */
  onModuleInit(): void {
    this.tasks.register('expiredFamilies', async (batch) => {
      const n = await this.cleanup.deleteExpiredFamilies(IDLE_MARGIN_SECONDS, batch);
      this.metrics.sessionsEnded('expired', n);
      return n;
    });
    // a generation inside its grace window is still needed for the idempotent retry
    this.tasks.register('prunedGenerations', (batch) =>
      this.cleanup.pruneRotatedGenerations(Math.max(this.config.reuseDetectionWindow, this.config.REFRESH_REUSE_GRACE), batch),
    );
    // with REFRESH_RETRY_UNUSED=on a child's sealed token is kept until the child is rotated
    // (which erases it) or its family deleted: a retry of its parent may still need it
    this.tasks.register('clearedGraceTokens', async (batch) =>
      this.config.REFRESH_RETRY_UNUSED === 'on' ? 0 : this.cleanup.clearGraceTokens(this.config.REFRESH_REUSE_GRACE, batch),
    );
  }
}
