import { Global, Module, OnModuleInit } from '@nestjs/common';
import { CleanupTasks } from '../cleanup/cleanup-tasks.js';
import { RateLimitRepository } from './rate-limit.repository.js';
import { RateLimiter } from './rate-limiter.js';

@Global()
@Module({ providers: [RateLimiter, RateLimitRepository], exports: [RateLimiter, RateLimitRepository] })
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
