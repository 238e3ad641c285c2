import { SetMetadata } from '@nestjs/common';

export const REQUIRED_MFA = 'auth-guard:mfa';

/** What a route asks of how its caller signed in (RFC 8176 `amr`, OIDC `auth_time`). */
export interface MfaRequirement {
  /**
   * Seconds since the second factor (the token's `auth_time`) at most; `'step-up'`: the guard's
   * `stepUpMaxAgeSeconds`; undefined: any age, `mfa` in `amr` is enough.
   */
  maxAgeSeconds?: number | 'step-up';
}

/** How a token says its session was authenticated: the claims a requirement is judged on. */
export interface AuthenticationFacts {
  /** RFC 8176 methods (`pwd`, `otp`, `hwk`, `user`, `mfa`); undefined for a token without `amr`. */
  amr?: string[];
  /** Unix seconds of the last authentication with those methods (login or step-up). */
  authTime?: number;
}

/**
 * Requires a second factor on a route (or every route of a controller): `mfa` in the token's
 * `amr`, and with `maxAgeSeconds` an `auth_time` at most that old. Else 403 `step_up_required`.
 */
export const RequireMfa = (requirement: MfaRequirement = {}) => SetMetadata(REQUIRED_MFA, requirement);

/**
 * A sensitive action: a second factor used within the step-up age (the guard's
 * `stepUpMaxAgeSeconds`, the auth service's STEP_UP_MAX_AGE, default 300 s). Else 403
 * `step_up_required`: the client calls POST /auth/step-up and tries again.
 */
export const StepUp = () => RequireMfa({ maxAgeSeconds: 'step-up' });

/** Default of `stepUpMaxAgeSeconds` (API.md STEP_UP_MAX_AGE). */
export const DEFAULT_STEP_UP_MAX_AGE = 300;

/**
 * The verdict on a caller for a requirement, as a pure function of the token's claims and the
 * clock: `ok`, or `step_up_required` with why. A token without `amr` never passes; an
 * `auth_time` in the future (beyond `toleranceSeconds`) counts as not fresh.
 */
export function mfaVerdict(
  facts: AuthenticationFacts,
  requirement: MfaRequirement,
  settings: { nowSeconds: number; stepUpMaxAgeSeconds: number; toleranceSeconds?: number },
): { kind: 'ok' } | { kind: 'step_up_required'; reason: 'no_mfa' | 'too_old' } {
  if (!facts.amr?.includes('mfa')) return { kind: 'step_up_required', reason: 'no_mfa' };
  const maxAge = requirement.maxAgeSeconds === 'step-up' ? settings.stepUpMaxAgeSeconds : requirement.maxAgeSeconds;
  if (maxAge === undefined) return { kind: 'ok' };
  const age = settings.nowSeconds - (facts.authTime ?? Number.NEGATIVE_INFINITY);
  if (!(age <= maxAge) || age < -(settings.toleranceSeconds ?? 0)) return { kind: 'step_up_required', reason: 'too_old' };
  return { kind: 'ok' };
}

/**
 * `amr` and `auth_time` of a verified token's payload, when they have the shapes RFC 8176 and
 * OIDC give them; a token with malformed ones is refused (`undefined` here) rather than read as
 * having none, which would be harmless but hide a bug at the issuer.
 */
export function authenticationClaims(payload: Record<string, unknown>): AuthenticationFacts | undefined {
  const { amr, auth_time: authTime } = payload;
  if (amr !== undefined && (!Array.isArray(amr) || amr.length > 16 || !amr.every((m) => typeof m === 'string' && m.length <= 32)))
    return undefined;
  if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isSafeInteger(authTime))) return undefined;
  return { ...(amr ? { amr: amr as string[] } : {}), ...(authTime !== undefined ? { authTime } : {}) };
}
