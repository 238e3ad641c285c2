import { describe, expect, it } from '@jest/globals';
import { judgeRotated, type RotatedFacts } from './rotated-verdict.js';

const ON = { graceSeconds: 10, retryUnused: true };
const unused = { rotatedAt: null, expired: false };
const used = { rotatedAt: new Date(), expired: false };
const facts = (over: Partial<RotatedFacts>): RotatedFacts => ({ secondsSinceRotation: 3, retriedLateAt: null, child: unused, ...over });

describe('judgeRotated', () => {
  it.each<[string, RotatedFacts, { graceSeconds: number; retryUnused: boolean }, unknown]>([
    ['within the grace, child newest', facts({}), ON, { kind: 'grace' }],
    ['within the grace, child used', facts({ child: used }), ON, { kind: 'reuse', reason: 'child_rotated' }],
    ['within the grace, no child', facts({ child: null }), ON, { kind: 'reuse', reason: 'child_missing' }],
    ['grace 0, whatever else', facts({ secondsSinceRotation: 0 }), { graceSeconds: 0, retryUnused: true }, { kind: 'reuse', reason: 'grace_disabled' }],
    ['after the grace, child never presented', facts({ secondsSinceRotation: 3600 }), ON, { kind: 'late_retry' }],
    ['after the grace, child used', facts({ secondsSinceRotation: 3600, child: used }), ON, { kind: 'reuse', reason: 'outside_grace' }],
    ['after the grace, child expired', facts({ secondsSinceRotation: 3600, child: { rotatedAt: null, expired: true } }), ON, { kind: 'reuse', reason: 'outside_grace' }],
    ['after the grace, retries of unused children off', facts({ secondsSinceRotation: 3600 }), { graceSeconds: 10, retryUnused: false }, { kind: 'reuse', reason: 'outside_grace' }],
    ['after the grace, this generation came from a late retry itself', facts({ secondsSinceRotation: 3600, retriedLateAt: new Date() }), ON, { kind: 'reuse', reason: 'already_retried_late' }],
    ['within the grace, this generation came from a late retry', facts({ retriedLateAt: new Date() }), ON, { kind: 'grace' }],
  ])('%s', (_, g, rules, verdict) => {
    expect(judgeRotated(g, rules)).toEqual(verdict);
  });
});
