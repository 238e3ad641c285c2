import type { PresentedGeneration, RefreshRequest, RefreshVerdict } from './refresh-verdict.js';

/** The state of a newest, healthy generation bound to device `d1`; cases change what they test. */
export const HEALTHY: PresentedGeneration = {
  hashMatches: true,
  disabled: false,
  idleExpired: false,
  familyExpired: false,
  familyDeviceId: 'd1',
  familyJkt: null,
  familyOrigin: null,
  secondsSinceRotation: null,
  retriedLate: false,
  child: null,
};

const UNUSED_CHILD = { rotated: false, expired: false, hasGraceToken: true };
const ROTATED: PresentedGeneration = { ...HEALTHY, secondsSinceRotation: 2, child: UNUSED_CHILD };
/** Rotated an hour ago, its child never presented. */
const LATE: PresentedGeneration = { ...ROTATED, secondsSinceRotation: 3600 };
/** A family bound to the DPoP key `k1`. */
const BOUND: PresentedGeneration = { ...HEALTHY, familyJkt: 'k1' };
/** LATE, in a family bound to `k1`: the only family REFRESH_RETRY_UNUSED=on applies to. */
const LATE_BOUND: PresentedGeneration = { ...LATE, familyJkt: 'k1' };
/** A valid proof of the family's key. */
const K1 = { proofJkt: 'k1' };

export interface RefreshCase {
  name: string;
  state: PresentedGeneration | undefined;
  request: RefreshRequest;
  graceSeconds: number;
  /** REFRESH_RETRY_UNUSED; false unless a case says otherwise. */
  retryUnused?: boolean;
  expected: RefreshVerdict;
}

/**
 * Every refresh situation and its verdict. The unit spec runs it through `refreshVerdict`; the
 * database spec builds each state in PostgreSQL and runs it through the rotation statement and
 * the fresh read, so the rule and the SQL that enforces it agree case by case.
 */
export const REFRESH_CASES: RefreshCase[] = [
  { name: 'the newest generation rotates', state: HEALTHY, request: {}, graceSeconds: 10, expected: { kind: 'rotate' } },
  {
    name: 'the newest generation rotates with its own device',
    state: HEALTHY,
    request: { deviceId: 'd1' },
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
  { name: 'an unknown generation is unknown', state: undefined, request: {}, graceSeconds: 10, expected: { kind: 'unknown' } },
  {
    name: 'a wrong secret is unknown',
    state: { ...HEALTHY, hashMatches: false },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'unknown' },
  },
  {
    name: 'a wrong secret is unknown even for a disabled user',
    state: { ...HEALTHY, hashMatches: false, disabled: true },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'unknown' },
  },
  {
    name: 'a disabled user is refused',
    state: { ...HEALTHY, disabled: true },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'disabled' },
  },
  {
    name: 'idle expiry ends the newest generation',
    state: { ...HEALTHY, idleExpired: true },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'expired' },
  },
  {
    name: 'the absolute lifetime ends the family',
    state: { ...HEALTHY, familyExpired: true },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'expired' },
  },
  {
    name: 'another device is a mismatch',
    state: HEALTHY,
    request: { deviceId: 'd2' },
    graceSeconds: 10,
    expected: { kind: 'deviceMismatch' },
  },
  {
    name: 'another device with a rotated token is a mismatch, not reuse',
    state: ROTATED,
    request: { deviceId: 'd2' },
    graceSeconds: 10,
    expected: { kind: 'deviceMismatch' },
  },
  {
    name: 'a rotated token within the grace gets its child again',
    state: ROTATED,
    request: {},
    graceSeconds: 10,
    expected: { kind: 'grace' },
  },
  {
    name: 'a rotated token within the grace from its own device gets its child again',
    state: ROTATED,
    request: { deviceId: 'd1' },
    graceSeconds: 10,
    expected: { kind: 'grace' },
  },
  {
    name: 'a rotated token past the grace is reuse',
    state: { ...ROTATED, secondsSinceRotation: 60 },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a rotated token with the grace off is reuse',
    state: { ...ROTATED, child: { ...UNUSED_CHILD, hasGraceToken: false } },
    request: {},
    graceSeconds: 0,
    expected: { kind: 'reuse', reason: 'grace_disabled' },
  },
  {
    name: 'a rotated token whose child rotated too is reuse',
    state: { ...ROTATED, child: { ...UNUSED_CHILD, rotated: true, hasGraceToken: false } },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'child_rotated' },
  },
  {
    name: 'a rotated token whose child is gone is reuse',
    state: { ...ROTATED, child: null },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'child_missing' },
  },
  {
    name: 'a rotated token whose own idle lifetime passed is still judged on reuse',
    state: { ...ROTATED, idleExpired: true, secondsSinceRotation: 60 },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace is reuse by default (REFRESH_RETRY_UNUSED=off)',
    state: LATE,
    request: {},
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace of a bearer family is reuse even with REFRESH_RETRY_UNUSED=on',
    state: LATE,
    request: {},
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'late_retry_needs_key' },
  },
  {
    name: 'a retry after the grace of a bearer family with a proof of some key is reuse with REFRESH_RETRY_UNUSED=on',
    state: LATE,
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'late_retry_needs_key' },
  },
  {
    name: 'a retry after the grace of a key-bound family with its key gets the child again with REFRESH_RETRY_UNUSED=on',
    state: LATE_BOUND,
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'lateRetry' },
  },
  {
    name: 'a retry after the grace of a key-bound family from its own device gets the child again with REFRESH_RETRY_UNUSED=on',
    state: LATE_BOUND,
    request: { ...K1, deviceId: 'd1' },
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'lateRetry' },
  },
  {
    name: 'a retry after the grace of a key-bound family with its key is reuse with REFRESH_RETRY_UNUSED=off',
    state: LATE_BOUND,
    request: K1,
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace is reuse once the child was used',
    state: { ...LATE_BOUND, child: { ...UNUSED_CHILD, rotated: true, hasGraceToken: false } },
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace is reuse once the child expired',
    state: { ...LATE_BOUND, child: { ...UNUSED_CHILD, expired: true } },
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace is reuse when the child has no sealed token',
    state: { ...LATE_BOUND, child: { ...UNUSED_CHILD, hasGraceToken: false } },
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a retry after the grace is reuse when the generation came from a late retry itself',
    state: { ...LATE_BOUND, retriedLate: true },
    request: K1,
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'already_retried_late' },
  },
  {
    name: 'a generation that came from a late retry still has the grace',
    state: { ...ROTATED, retriedLate: true },
    request: {},
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'grace' },
  },
  {
    name: 'no retry at all with the grace off, REFRESH_RETRY_UNUSED or not',
    state: { ...LATE_BOUND, child: { ...UNUSED_CHILD, hasGraceToken: false } },
    request: K1,
    graceSeconds: 0,
    retryUnused: true,
    expected: { kind: 'reuse', reason: 'grace_disabled' },
  },
  {
    name: 'another device with a late retry is a mismatch',
    state: LATE_BOUND,
    request: { ...K1, deviceId: 'd2' },
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'deviceMismatch' },
  },
  {
    name: 'a late retry of a key-bound family with another key is a mismatch',
    state: LATE_BOUND,
    request: { proofJkt: 'k2' },
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'keyMismatch' },
  },
  {
    name: 'a rotated token of a disabled user is refused, not judged',
    state: { ...ROTATED, disabled: true },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'disabled' },
  },
  {
    name: 'a key-bound family rotates with a proof of its key',
    state: BOUND,
    request: { proofJkt: 'k1' },
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
  {
    name: 'a key-bound family without a proof is refused, not ended',
    state: BOUND,
    request: {},
    graceSeconds: 10,
    expected: { kind: 'proofRequired' },
  },
  {
    name: 'a key-bound family with another key is a mismatch',
    state: BOUND,
    request: { proofJkt: 'k2' },
    graceSeconds: 10,
    expected: { kind: 'keyMismatch' },
  },
  {
    name: 'a rotated token of a key-bound family with another key is a mismatch, not reuse',
    state: { ...ROTATED, familyJkt: 'k1' },
    request: { proofJkt: 'k2' },
    graceSeconds: 10,
    expected: { kind: 'keyMismatch' },
  },
  {
    name: 'a rotated token of a key-bound family with its key is judged on reuse',
    state: { ...ROTATED, familyJkt: 'k1', secondsSinceRotation: 60 },
    request: { proofJkt: 'k1' },
    graceSeconds: 10,
    expected: { kind: 'reuse', reason: 'outside_grace' },
  },
  {
    name: 'a late retry of a key-bound family needs its key too',
    state: LATE_BOUND,
    request: {},
    graceSeconds: 10,
    retryUnused: true,
    expected: { kind: 'proofRequired' },
  },
  {
    name: 'a wrong secret with another key is unknown (a guess ends nothing)',
    state: { ...BOUND, hashMatches: false },
    request: { proofJkt: 'k2' },
    graceSeconds: 10,
    expected: { kind: 'unknown' },
  },
  {
    name: 'a cookie-mode family rotates from its own origin',
    state: { ...HEALTHY, familyOrigin: 'o1' },
    request: { origin: 'o1' },
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
  {
    name: 'a cookie-mode family is refused from another origin, and nothing ends',
    state: { ...HEALTHY, familyOrigin: 'o1' },
    request: { origin: 'o2' },
    graceSeconds: 10,
    expected: { kind: 'otherOrigin' },
  },
  {
    name: 'a rotated token of a cookie-mode family from another origin is refused, not judged as reuse',
    state: { ...ROTATED, familyOrigin: 'o1', secondsSinceRotation: 60 },
    request: { origin: 'o2' },
    graceSeconds: 10,
    expected: { kind: 'otherOrigin' },
  },
  {
    name: 'a cookie-mode family of a disabled user from another origin is refused as another origin',
    state: { ...HEALTHY, familyOrigin: 'o1', disabled: true },
    request: { origin: 'o2' },
    graceSeconds: 10,
    expected: { kind: 'otherOrigin' },
  },
  {
    name: "a cookie-mode family rotates for a request without Origin (not a browser's cross-origin call)",
    state: { ...HEALTHY, familyOrigin: 'o1' },
    request: {},
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
  {
    name: 'a family started without an origin rotates from any origin',
    state: HEALTHY,
    request: { origin: 'o2' },
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
  {
    name: 'a wrong secret from another origin is unknown',
    state: { ...HEALTHY, familyOrigin: 'o1', hashMatches: false },
    request: { origin: 'o2' },
    graceSeconds: 10,
    expected: { kind: 'unknown' },
  },
  {
    name: 'a bearer family rotates with a proof too (and stays unbound)',
    state: HEALTHY,
    request: { proofJkt: 'k1' },
    graceSeconds: 10,
    expected: { kind: 'rotate' },
  },
];
