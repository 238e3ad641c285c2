import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from './errors.js';
import { BucketState, RateLimitRepository } from './rate-limit.repository.js';

/** At most `limit` hits on `key` per fixed window of `windowSeconds`. */
export interface Budget {
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * The verdict on a set of budgets after counting a hit on each: undefined when every one is
 * within its limit, else the seconds until the latest-ending exceeded window ends (Retry-After:
 * before then a retry would be refused again).
 */
export function overLimit(budgets: Budget[], states: BucketState[]): number | undefined {
  let retryAfter: number | undefined;
  for (const state of states) {
    const budget = budgets.find((b) => b.key === state.key);
    if (budget && state.hits > budget.limit) retryAfter = Math.max(retryAfter ?? 0, state.secondsLeft);
  }
  return retryAfter;
}

/**
 * Fixed-window counters in PostgreSQL (rate_limit_buckets), so every instance on the database
 * shares them: an account's guess budget is the same whichever instance answers. One upsert per
 * request counts every budget it spends. RATE_LIMITS=off makes every method a no-op.
 */
@Injectable()
export class RateLimiter {
  private readonly enabled: boolean;

  constructor(
    private readonly repository: RateLimitRepository,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.enabled = config.RATE_LIMITS === 'on';
  }

  /**
   * Counts one hit on each budget (all of them, even past a limit: an attempt is an attempt),
   * then throws 429 rate_limited with Retry-After if any budget is exceeded.
   */
  async take(...budgets: Budget[]): Promise<void> {
    if (!this.enabled || budgets.length === 0) return;
    const unique = [...new Map(budgets.map((b) => [b.key, b])).values()];
    const states = await this.repository.hit(unique.map(({ key, windowSeconds }) => ({ key, windowSeconds })));
    const retryAfter = overLimit(unique, states);
    if (retryAfter !== undefined) throw new AppError(ErrorCode.RateLimited, undefined, undefined, retryAfter);
  }

  /** Takes back one hit (an attempt that turned out to be legitimate). */
  async refund(key: string): Promise<void> {
    if (this.enabled) await this.repository.refund(key);
  }

  async reset(...keys: string[]): Promise<void> {
    if (this.enabled && keys.length > 0) await this.repository.reset(keys);
  }
}
