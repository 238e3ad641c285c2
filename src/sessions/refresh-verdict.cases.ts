import type { PresentedGeneration, RefreshRequest, RefreshVerdict } from './refresh-verdict.js';

/** The state of a newest, healthy generation bound to device `d1`; cases change what they test. */
export const HEALTHY: PresentedGeneration = {
  hashMatches: true,
  disabled: false,
  idleExpired: false,
  familyExpired: false,
  familyDeviceId: 'd1',
  secondsSinceRotation: null,
  child: null,
};

const ROTATED: PresentedGeneration = { ...HEALTHY, secondsSinceRotation: 2, child: { rotated: false, hasGraceToken: true } };

export interface RefreshCase {
  name: string;
  state: PresentedGeneration | undefined;
  request: RefreshRequest;
  graceSeconds: number;
  expected: RefreshVerdict;
}

/**
 * Every refresh situation and its verdict. The unit spec runs it through `refreshVerdict`; the
 * database spec builds each state in PostgreSQL and runs it through the rotation statement and
 * the fresh read, so the rule and the SQL that enforces it agree case by case.
 */
export const REFRESH_CASES: RefreshCase[] = [
  { name: 'the newest generation rotates', state: HEALTHY, request: {}, graceSeconds: 10, expected: { kind: 'rotate' } },
  { name: 'the newest generation rotates with its own device', state: HEALTHY, request: { deviceId: 'd1' }, graceSeconds: 10, expected: { kind: 'rotate' } },
  { name: 'an unknown generation is unknown', state: undefined, request: {}, graceSeconds: 10, expected: { kind: 'unknown' } },
  { name: 'a wrong secret is unknown', state: { ...HEALTHY, hashMatches: false }, request: {}, graceSeconds: 10, expected: { kind: 'unknown' } },
  { name: 'a wrong secret is unknown even for a disabled user', state: { ...HEALTHY, hashMatches: false, disabled: true }, request: {}, graceSeconds: 10, expected: { kind: 'unknown' } },
  { name: 'a disabled user is refused', state: { ...HEALTHY, disabled: true }, request: {}, graceSeconds: 10, expected: { kind: 'disabled' } },
  { name: 'idle expiry ends the newest generation', state: { ...HEALTHY, idleExpired: true }, request: {}, graceSeconds: 10, expected: { kind: 'expired' } },
  { name: 'the absolute lifetime ends the family', state: { ...HEALTHY, familyExpired: true }, request: {}, graceSeconds: 10, expected: { kind: 'expired' } },
  { name: 'another device is a mismatch', state: HEALTHY, request: { deviceId: 'd2' }, graceSeconds: 10, expected: { kind: 'deviceMismatch' } },
  { name: 'another device with a rotated token is a mismatch, not reuse', state: ROTATED, request: { deviceId: 'd2' }, graceSeconds: 10, expected: { kind: 'deviceMismatch' } },
  { name: 'a rotated token within the grace gets its child again', state: ROTATED, request: {}, graceSeconds: 10, expected: { kind: 'grace' } },
  { name: 'a rotated token within the grace from its own device gets its child again', state: ROTATED, request: { deviceId: 'd1' }, graceSeconds: 10, expected: { kind: 'grace' } },
  { name: 'a rotated token past the grace is reuse', state: { ...ROTATED, secondsSinceRotation: 60 }, request: {}, graceSeconds: 10, expected: { kind: 'reuse', reason: 'outside_grace' } },
  { name: 'a rotated token with the grace off is reuse', state: { ...ROTATED, child: { rotated: false, hasGraceToken: false } }, request: {}, graceSeconds: 0, expected: { kind: 'reuse', reason: 'grace_disabled' } },
  { name: 'a rotated token whose child rotated too is reuse', state: { ...ROTATED, child: { rotated: true, hasGraceToken: false } }, request: {}, graceSeconds: 10, expected: { kind: 'reuse', reason: 'child_rotated' } },
  { name: 'a rotated token whose child is gone is reuse', state: { ...ROTATED, child: null }, request: {}, graceSeconds: 10, expected: { kind: 'reuse', reason: 'child_missing' } },
  { name: 'a rotated token whose own idle lifetime passed is still judged on reuse', state: { ...ROTATED, idleExpired: true, secondsSinceRotation: 60 }, request: {}, graceSeconds: 10, expected: { kind: 'reuse', reason: 'outside_grace' } },
  { name: 'a rotated token of a disabled user is refused, not judged', state: { ...ROTATED, disabled: true }, request: {}, graceSeconds: 10, expected: { kind: 'disabled' } },
];
