import type { FactorSummary } from './mfa.repository.js';

/** The ways to pass a second step, as `methods` of mfa_required names them. */
export type MfaMethod = 'totp' | 'passkey' | 'recovery_code';

/** RFC 8176 methods one factor proves: a TOTP or recovery code is an `otp`; a passkey an `hwk`, and `user` when it verified the user. */
export function factorAmr(method: MfaMethod, userVerified = false): string[] {
  if (method === 'passkey') return userVerified ? ['hwk', 'user'] : ['hwk'];
  return ['otp'];
}

/**
 * A sign-in whose methods make it multi-factor on their own: a passkey that verified the user
 * (something held and something known or inherent, API.md: `["hwk", "user", "mfa"]`).
 */
export function passkeyLoginAmr(userVerified: boolean): string[] {
  return userVerified ? ['hwk', 'user', 'mfa'] : ['hwk'];
}

/** A sign-in through an OpenID Connect provider: RFC 8176 `fed`, whatever the provider asked of the person. */
export const PROVIDER_SIGN_IN_AMR: readonly string[] = ['fed'];

/** The methods after a second factor: both factors' and `mfa`, each once, in a stable order. */
export function combinedAmr(first: readonly string[], second: readonly string[]): string[] {
  const order = ['pwd', 'hwk', 'otp', 'user', 'mfa'];
  const all = new Set([...first, ...second, 'mfa']);
  return [...all].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
}

/**
 * What may complete a sign-in that used `firstAmr`: the user's active factors (recovery codes
 * while any is unused), never the kind of factor the first step already was (a passkey that did
 * not verify the user cannot be its own second factor).
 */
export function secondStepMethods(factors: FactorSummary, firstAmr: readonly string[]): MfaMethod[] {
  const methods: MfaMethod[] = [];
  if (factors.totp) methods.push('totp');
  if (factors.passkey && !firstAmr.includes('hwk')) methods.push('passkey');
  if (factors.recoveryCode) methods.push('recovery_code');
  return methods;
}

/** Whether a user has a factor (what GET /auth/me calls `mfa`): recovery codes alone are not one. */
export function hasFactor(factors: FactorSummary): boolean {
  return factors.totp || factors.passkey;
}

/**
 * The verdict on a sign-in's first step: issue a session now (its methods are multi-factor, or
 * the user has no factor to ask for), or ask for a second step with these methods.
 */
export function signInVerdict(
  factors: FactorSummary,
  firstAmr: readonly string[],
): { kind: 'issue' } | { kind: 'second_step'; methods: MfaMethod[] } {
  if (firstAmr.includes('mfa') || !hasFactor(factors)) return { kind: 'issue' };
  const methods = secondStepMethods(factors, firstAmr);
  return methods.length > 0 ? { kind: 'second_step', methods } : { kind: 'issue' };
}
