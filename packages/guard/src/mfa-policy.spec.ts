import { describe, expect, it } from '@jest/globals';
import { authenticationClaims, mfaVerdict, type AuthenticationFacts, type MfaRequirement } from './mfa-policy.js';

const now = 1_800_000_000;
const settings = { nowSeconds: now, stepUpMaxAgeSeconds: 300 };

describe('mfaVerdict', () => {
  const cases: [string, AuthenticationFacts, MfaRequirement, string][] = [
    ['a token without amr fails any requirement', {}, {}, 'no_mfa'],
    ['a password-only token fails', { amr: ['pwd'], authTime: now }, {}, 'no_mfa'],
    ['mfa of any age passes a plain requirement', { amr: ['pwd', 'otp', 'mfa'], authTime: now - 86400 }, {}, 'ok'],
    [
      'mfa within the step-up age passes a step-up',
      { amr: ['hwk', 'user', 'mfa'], authTime: now - 300 },
      { maxAgeSeconds: 'step-up' },
      'ok',
    ],
    [
      'mfa older than the step-up age fails a step-up',
      { amr: ['hwk', 'user', 'mfa'], authTime: now - 301 },
      { maxAgeSeconds: 'step-up' },
      'too_old',
    ],
    ['an explicit age overrides the step-up age', { amr: ['mfa'], authTime: now - 100 }, { maxAgeSeconds: 60 }, 'too_old'],
    ['mfa without auth_time fails an age limit', { amr: ['mfa'] }, { maxAgeSeconds: 'step-up' }, 'too_old'],
    ['an auth_time in the future fails an age limit', { amr: ['mfa'], authTime: now + 120 }, { maxAgeSeconds: 'step-up' }, 'too_old'],
  ];
  it.each(cases)('%s', (_name, facts, requirement, expected) => {
    const verdict = mfaVerdict(facts, requirement, settings);
    expect(verdict.kind === 'ok' ? 'ok' : verdict.reason).toBe(expected);
  });
});

describe('authenticationClaims', () => {
  it('reads amr and auth_time when they have their registered shapes', () => {
    expect(authenticationClaims({ amr: ['pwd'], auth_time: now })).toEqual({ amr: ['pwd'], authTime: now });
    expect(authenticationClaims({})).toEqual({});
  });

  it.each([[{ amr: 'pwd' }], [{ amr: [1] }], [{ auth_time: '1' }], [{ auth_time: 1.5 }]])('refuses malformed claims %j', (payload) => {
    expect(authenticationClaims(payload)).toBeUndefined();
  });
});
