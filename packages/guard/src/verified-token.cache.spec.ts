import { describe, expect, it } from '@jest/globals';
import { VerifiedTokenCache } from './verified-token.cache.js';

describe('VerifiedTokenCache', () => {
  it('keys by a SHA-256 of the token, never the token itself', () => {
    const key = VerifiedTokenCache.keyOf('header.payload.signature');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain('payload');
    expect(VerifiedTokenCache.keyOf('header.payload.signaturf')).not.toBe(key);
  });

  it('forgets an entry at its expiry', () => {
    const sut = new VerifiedTokenCache<string>();
    sut.set('a', 'alice', 2_000, 1_000);
    expect(sut.get('a', 1_999)).toBe('alice');
    expect(sut.get('a', 2_000)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('does not store what has already expired', () => {
    const sut = new VerifiedTokenCache<string>();
    sut.set('a', 'alice', 1_000, 1_000);
    expect(sut.size).toBe(0);
  });

  it('stays within its bound: expired entries go first, then the oldest', () => {
    const sut = new VerifiedTokenCache<number>(10);
    for (let i = 0; i < 5; i++) sut.set(`short-${i}`, i, 1_500, 1_000);
    for (let i = 0; i < 5; i++) sut.set(`long-${i}`, i, 9_000, 1_000);
    sut.set('new', 99, 9_000, 2_000); // full: the five expired ones make room
    expect(sut.size).toBe(6);
    expect(sut.get('long-0', 2_000)).toBe(0);
    for (let i = 0; i < 100; i++) sut.set(`more-${i}`, i, 9_000, 2_000);
    expect(sut.size).toBeLessThanOrEqual(10);
    expect(sut.get('more-99', 2_000)).toBe(99);
    expect(sut.get('long-0', 2_000)).toBeUndefined();
  });

  it('refuses a bound below one', () => {
    expect(() => new VerifiedTokenCache(0)).toThrow();
  });
});
