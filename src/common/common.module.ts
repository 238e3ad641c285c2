import { Global, Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { RefreshLimits } from './login-budget.js';
import { RateLimiter } from './rate-limiter.js';

@Global()
@Module({ providers: [RateLimiter, RateLimitRepository, RefreshLimits], exports: [RateLimiter, RateLimitRepository, RefreshLimits] })
export class CommonModule implements OnModuleInit {
  constructor(
    private readonly tasks: CleanupTasks,
    private readonly rateLimits: RateLimitRepository,
  ) {}

  /** Rate-limit windows that ended. */
  onModuleInit(): void {
    this.tasks.register('lapsedRateLimits', (batch) => this.rateLimits.deleteLapsed(batch));
  }
}
