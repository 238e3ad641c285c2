import { describe, expect, it } from '@jest/globals';
import { RevocationSet } from './revocation.set.js';

describe('RevocationSet', () => {
  it('knows a revoked session until its until, then forgets it', () => {
    const sut = new RevocationSet();
    sut.add('s1', 5_000, 1_000);
    expect(sut.has('s1', 4_999)).toBe(true);
    expect(sut.has('s2', 4_999)).toBe(false);
    expect(sut.has('s1', 5_000)).toBe(false);
    expect(sut.size).toBe(0);
  });

  it('keeps entries for the clock tolerance past until, as long as the guard accepts tokens past exp', () => {
    const sut = new RevocationSet(2_000);
    sut.add('s1', 5_000, 1_000);
    expect(sut.has('s1', 6_999)).toBe(true);
    expect(sut.has('s1', 7_000)).toBe(false);
  });

  it('ignores entries whose tokens have all expired already, and keeps the later until of a repeat', () => {
    const sut = new RevocationSet();
    sut.add('old', 900, 1_000);
    expect(sut.size).toBe(0);
    sut.add('s1', 5_000, 1_000);
    sut.add('s1', 3_000, 1_000); // the feed repeats entries: an earlier until must not shorten it
    expect(sut.has('s1', 4_000)).toBe(true);
  });

  it('prunes expired entries, so memory follows the sessions ended within one token lifetime', () => {
    const sut = new RevocationSet();
    for (let i = 0; i < 1_000; i++) sut.add(`s${i}`, i < 900 ? 2_000 : 9_000, 1_000);
    expect(sut.size).toBe(1_000);
    expect(sut.prune(2_000)).toBe(900);
    expect(sut.size).toBe(100);
    expect(sut.has('s950', 2_000)).toBe(true);
  });
});
