import { describe, expect, it } from '@jest/globals';
import { RevocationSet, tokenIsOutdated } from './revocation.set.js';

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

describe('RevocationSet: outdated tokens', () => {
  it.each([
    // [iat (s), notBefore (ms), outdated]
    [9, 10_000, true],
    [10, 10_000, false],
    [10, 10_001, true], // issued in the second of the change: the service stamps later tokens with iat 11
    [11, 10_001, false],
    [11, 10_999, false],
  ])('a token issued at %i s with the user changed at %i ms is outdated: %s', (iat, notBefore, outdated) => {
    expect(tokenIsOutdated(iat, notBefore)).toBe(outdated);
    const sut = new RevocationSet();
    sut.addOutdated('u1', notBefore, 100_000, 0);
    expect(sut.isOutdated('u1', iat, 1)).toBe(outdated);
    expect(sut.isOutdated('u2', iat, 1)).toBe(false);
  });

  it('keeps the latest change of a user and forgets it once every older token has expired', () => {
    const sut = new RevocationSet();
    sut.addOutdated('u1', 20_000, 50_000, 0);
    sut.addOutdated('u1', 10_000, 40_000, 0); // an older change arriving late does not undo the newer one
    expect(sut.isOutdated('u1', 15, 1)).toBe(true);
    expect(sut.isOutdated('u1', 20, 1)).toBe(false);
    expect(sut.prune(49_999)).toBe(0);
    expect(sut.prune(50_000)).toBe(1);
    expect(sut.isOutdated('u1', 15, 50_001)).toBe(false);
  });
});
