import { describe, expect, it } from '@jest/globals';
import { combinedAmr, passkeyLoginAmr, secondStepMethods, signInVerdict } from './amr.js';

const none = { totp: false, passkey: false, recoveryCode: false };

describe('signInVerdict', () => {
  const cases: [string, Parameters<typeof signInVerdict>[0], string[], ReturnType<typeof signInVerdict>][] = [
    ['a password without factors is issued', none, ['pwd'], { kind: 'issue' }],
    [
      'a password with TOTP asks for TOTP and recovery codes',
      { totp: true, passkey: false, recoveryCode: true },
      ['pwd'],
      { kind: 'second_step', methods: ['totp', 'recovery_code'] },
    ],
    [
      'a password with a passkey asks for the passkey',
      { totp: false, passkey: true, recoveryCode: false },
      ['pwd'],
      { kind: 'second_step', methods: ['passkey'] },
    ],
    ['recovery codes alone are no factor', { ...none, recoveryCode: true }, ['pwd'], { kind: 'issue' }],
    [
      'a user-verifying passkey is multi-factor on its own',
      { totp: true, passkey: true, recoveryCode: true },
      ['hwk', 'user', 'mfa'],
      { kind: 'issue' },
    ],
    [
      'a passkey without user verification is not its own second factor',
      { totp: true, passkey: true, recoveryCode: false },
      ['hwk'],
      { kind: 'second_step', methods: ['totp'] },
    ],
    [
      'a non-verifying passkey with no other factor is issued as a single factor',
      { totp: false, passkey: true, recoveryCode: false },
      ['hwk'],
      { kind: 'issue' },
    ],
  ];
  it.each(cases)('%s', (_name, factors, amr, verdict) => {
    expect(signInVerdict(factors, amr)).toEqual(verdict);
  });
});

describe('amr (RFC 8176)', () => {
  it('names a passkey with user verification hwk, user and mfa', () => {
    expect(passkeyLoginAmr(true)).toEqual(['hwk', 'user', 'mfa']);
    expect(passkeyLoginAmr(false)).toEqual(['hwk']);
  });

  it('names password then TOTP pwd, otp and mfa, each once', () => {
    expect(combinedAmr(['pwd'], ['otp'])).toEqual(['pwd', 'otp', 'mfa']);
    expect(combinedAmr(['pwd', 'otp', 'mfa'], ['hwk', 'user'])).toEqual(['pwd', 'hwk', 'otp', 'user', 'mfa']);
  });

  it("never offers the first step's own kind of factor again", () => {
    expect(secondStepMethods({ totp: false, passkey: true, recoveryCode: true }, ['hwk'])).toEqual(['recovery_code']);
  });
});
