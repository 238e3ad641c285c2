import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from './errors.js';

interface Window {
  count: number;
  resetAt: number;
}

/** Most keys kept at once; past it the oldest windows are dropped (memory stays bounded). */
const MAX_KEYS = 100_000;

/**
 * Fixed-window counters in memory, per instance. Limits are abuse brakes (password guessing,
 * floods), not state of record, so they need not live in PostgreSQL.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly enabled: boolean;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.enabled = config.RATE_LIMITS === 'on';
  }

  /** Counts one hit; throws 429 rate_limited (with Retry-After) once `limit` is passed. */
  hit(key: string, limit: number, windowSeconds: number): void {
    if (!this.enabled) return;
    const window = this.current(key, windowSeconds);
    window.count++;
    if (window.count > limit) throw this.limited(window);
  }

  /** Takes back one hit (an attempt that turned out to be legitimate). */
  refund(key: string): void {
    const window = this.windows.get(key);
    if (window && window.count > 0) window.count--;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, windowSeconds: number): Window {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (window) this.windows.delete(key);
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      if (this.windows.size >= MAX_KEYS) this.evict(now);
      this.windows.set(key, window);
    }
    return window;
  }

  private evict(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
    // still full: drop the oldest insertions (Map keeps insertion order)
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS * 0.9) break;
      this.windows.delete(key);
    }
  }

  private limited(window: Window): AppError {
    const retryAfter = Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000));
    return new AppError(ErrorCode.RateLimited, undefined, undefined, retryAfter);
  }
}
