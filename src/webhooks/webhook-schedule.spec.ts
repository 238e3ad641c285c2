import { describe, expect, it } from '@jest/globals';
import { nextAttempt } from './webhook-schedule.js';

const settings = { delaysMs: [1_000, 5_000, 30_000, 120_000, 600_000, 3_600_000], retryForMs: 86_400_000 };
const created = new Date(0);
const middle = () => 0.5; // no jitter

describe('nextAttempt', () => {
  it.each([
    [1, 0, 1_000],
    [2, 1_000, 6_000],
    [3, 6_000, 36_000],
    [4, 36_000, 156_000],
    [5, 156_000, 756_000],
    [6, 756_000, 4_356_000],
    [7, 4_356_000, 7_956_000], // hourly from here
    [30, 80_000_000, 83_600_000],
  ])('after %i failed attempts at %i ms, retries at %i ms', (attempts, now, at) => {
    expect(nextAttempt(attempts, created, new Date(now), settings, middle)).toEqual({ kind: 'retry', at: new Date(at) });
  });

  it('gives up once the next attempt would fall past 24 hours after the event', () => {
    expect(nextAttempt(30, created, new Date(83_000_000), settings, middle)).toEqual({ kind: 'give_up' });
  });

  it('spreads retries by up to 20 % either way', () => {
    expect(nextAttempt(2, created, new Date(0), settings, () => 0)).toEqual({ kind: 'retry', at: new Date(4_000) });
    expect(nextAttempt(2, created, new Date(0), settings, () => 1)).toEqual({ kind: 'retry', at: new Date(6_000) });
  });
});
