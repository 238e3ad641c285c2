import { describe, expect, it } from '@jest/globals';
import { AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from './errors.js';
import type { BucketState, RateLimitRepository } from './rate-limit.repository.js';
import { REFRESH_REFUSALS, RefreshLimits } from './login-budget.js';
import { overLimit, RateLimiter } from './rate-limiter.js';

/** The limiter over an in-memory stand-in for the upsert (the SQL itself is tested end to end). */
function makeSut(rateLimits: 'on' | 'off' = 'on') {
  const hits = new Map<string, number>();
  const calls: string[][] = [];
  const repository = {
    hit: async (keys: { key: string }[]) => {
      calls.push(keys.map((k) => k.key));
      return keys.map(({ key }) => ({ key, hits: hits.set(key, (hits.get(key) ?? 0) + 1).get(key)!, secondsLeft: 30 }));
    },
    refund: async (key: string) => void hits.set(key, Math.max(0, (hits.get(key) ?? 0) - 1)),
    reset: async (keys: string[]) => {
      for (const k of keys) hits.delete(k);
    },
  } as unknown as RateLimitRepository;
  const config = Object.assign(new AppConfig(), { RATE_LIMITS: rateLimits });
  return { sut: new RateLimiter(repository, config), calls, hits };
}

async function refusal(promise: Promise<void>): Promise<AppError | undefined> {
  try {
    await promise;
  } catch (error) {
    return error as AppError;
  }
  return undefined;
}

describe('overLimit', () => {
  const budgets = [
    { key: 'a', limit: 2, windowSeconds: 60 },
    { key: 'b', limit: 5, windowSeconds: 900 },
  ];
  const state = (key: string, hits: number, secondsLeft: number): BucketState => ({ key, hits, secondsLeft });

  it('is undefined while every budget is within its limit, the limit itself included', () => {
    expect(overLimit(budgets, [state('a', 2, 10), state('b', 5, 10)])).toBeUndefined();
  });

  it('answers the wait of the exceeded budget, the longest when several are', () => {
    expect(overLimit(budgets, [state('a', 3, 10), state('b', 1, 800)])).toBe(10);
    expect(overLimit(budgets, [state('a', 3, 10), state('b', 6, 800)])).toBe(800);
  });
});

describe('RateLimiter', () => {
  it('lets `limit` hits through, then refuses with rate_limited and a Retry-After', async () => {
    const { sut } = makeSut();
    for (let i = 0; i < 3; i++) await sut.take({ key: 'k', limit: 3, windowSeconds: 60 });
    const error = await refusal(sut.take({ key: 'k', limit: 3, windowSeconds: 60 }));
    expect(error).toBeInstanceOf(AppError);
    expect(error?.code).toBe(ErrorCode.RateLimited);
    expect(error?.status).toBe(429);
    expect(error?.retryAfter).toBe(30);
  });

  it('counts several budgets in one call, each key once', async () => {
    const { sut, calls } = makeSut();
    await sut.take(
      { key: 'a', limit: 1, windowSeconds: 60 },
      { key: 'b', limit: 1, windowSeconds: 60 },
      { key: 'a', limit: 1, windowSeconds: 60 },
    );
    expect(calls).toEqual([['a', 'b']]);
  });

  it('refund() gives one hit back and reset() clears the window', async () => {
    const { sut } = makeSut();
    const budget = { key: 'k', limit: 2, windowSeconds: 60 };
    await sut.take(budget);
    await sut.take(budget);
    await sut.refund('k');
    await sut.take(budget);
    expect(await refusal(sut.take(budget))).toBeInstanceOf(AppError);
    await sut.reset('k');
    expect(await refusal(sut.take(budget))).toBeUndefined();
  });

  it('does nothing when RATE_LIMITS=off', async () => {
    const { sut, calls } = makeSut('off');
    for (let i = 0; i < 10; i++) await sut.take({ key: 'k', limit: 1, windowSeconds: 60 });
    expect(calls).toEqual([]);
  });
});

describe('RefreshLimits: the refresh doors spend the ip budget on refusals only', () => {
  const ip = '203.0.113.7';
  const refused = () => Promise.reject(new AppError(ErrorCode.InvalidRefreshToken));
  const limits = () => {
    const { sut, calls, hits } = makeSut();
    return { limits: new RefreshLimits(sut), calls, hits };
  };

  it('writes no counter for an attempt that works', async () => {
    const { limits: sut, calls } = limits();
    for (let i = 0; i < 5; i++) await expect(sut.attempt(ip, async () => 'pair')).resolves.toBe('pair');
    expect(calls).toEqual([]);
  });

  it('spends one hit per refusal and lets the refusal through while within the budget', async () => {
    const { limits: sut, hits } = limits();
    expect(await refusal(sut.attempt(ip, refused))).toMatchObject({ code: ErrorCode.InvalidRefreshToken });
    expect(hits.get(`refresh:ip:${ip}`)).toBe(1);
  });

  it('answers the refusal, not a 500, when the count itself fails', async () => {
    const repository = { hit: () => Promise.reject(new Error('database down')) } as unknown as RateLimitRepository;
    const sut = new RefreshLimits(new RateLimiter(repository, Object.assign(new AppConfig(), { RATE_LIMITS: 'on' })));
    expect(await refusal(sut.attempt(ip, refused))).toMatchObject({ code: ErrorCode.InvalidRefreshToken });
  });

  it('does not count failures that are not the caller’s (a 5xx) or a 429 of its own', async () => {
    const { limits: sut, calls } = limits();
    await refusal(sut.attempt(ip, () => Promise.reject(new Error('database down'))));
    await refusal(sut.attempt(ip, () => Promise.reject(new AppError(ErrorCode.RateLimited, undefined, undefined, 5))));
    expect(calls).toEqual([]);
  });

  it('answers the refusal that spends the budget as it is, then 429 with Retry-After at once, valid tokens included, without asking the database', async () => {
    const { limits: sut, calls, hits } = limits();
    hits.set(`refresh:ip:${ip}`, REFRESH_REFUSALS.perIp);
    expect(await refusal(sut.attempt(ip, refused))).toMatchObject({ code: ErrorCode.InvalidRefreshToken });
    expect(await refusal(sut.attempt(ip, refused))).toMatchObject({ code: ErrorCode.RateLimited, retryAfter: 30 });
    const writes = calls.length;
    expect(await refusal(sut.attempt(ip, async () => undefined))).toMatchObject({ code: ErrorCode.RateLimited });
    expect(calls.length).toBe(writes);
    // another ip is not affected
    await expect(sut.attempt('198.51.100.1', async () => 'pair')).resolves.toBe('pair');
  });
});
