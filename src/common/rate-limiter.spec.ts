import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from './errors.js';
import { RateLimiter } from './rate-limiter.js';

function makeSut(rateLimits: 'on' | 'off' = 'on') {
  const config = Object.assign(new AppConfig(), { RATE_LIMITS: rateLimits });
  return new RateLimiter(config);
}

describe('RateLimiter', () => {
  it('lets `limit` hits through, then refuses with rate_limited and a Retry-After', () => {
    const sut = makeSut();
    for (let i = 0; i < 3; i++) sut.hit('k', 3, 60);
    let error: unknown;
    try {
      sut.hit('k', 3, 60);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.RateLimited);
    expect((error as AppError).status).toBe(429);
    expect((error as AppError).retryAfter).toBeGreaterThan(0);
    expect((error as AppError).retryAfter).toBeLessThanOrEqual(60);
  });

  it('refund() gives one hit back and reset() clears the window', () => {
    const sut = makeSut();
    sut.hit('k', 2, 60);
    sut.hit('k', 2, 60);
    sut.refund('k');
    expect(() => sut.hit('k', 2, 60)).not.toThrow();
    expect(() => sut.hit('k', 2, 60)).toThrow(AppError);
    sut.reset('k');
    expect(() => sut.hit('k', 2, 60)).not.toThrow();
  });

  it('keeps keys apart and starts a new window after it ends', async () => {
    const sut = makeSut();
    sut.hit('a', 1, 0.05);
    expect(() => sut.hit('b', 1, 0.05)).not.toThrow();
    expect(() => sut.hit('a', 1, 0.05)).toThrow(AppError);
    await new Promise((r) => setTimeout(r, 60));
    expect(() => sut.hit('a', 1, 0.05)).not.toThrow();
  });

  it('does nothing when RATE_LIMITS=off', () => {
    const sut = makeSut('off');
    for (let i = 0; i < 100; i++) expect(() => sut.hit('k', 1, 60)).not.toThrow();
  });
});
