import { HttpException } from '@nestjs/common';
import type { GuardErrorCode } from '#contract';

export type { GuardErrorCode };

/** Status and default message of each refusal; the auth service answers these codes with the same rows. */
export const GUARD_ERRORS: Record<GuardErrorCode, { status: number; error: string; message: string }> = {
  invalid_token: { status: 401, error: 'Unauthorized', message: 'The access token is missing or invalid' },
  token_expired: { status: 401, error: 'Unauthorized', message: 'The access token has expired' },
  session_revoked: { status: 401, error: 'Unauthorized', message: 'The session of this access token has ended' },
  // the user's roles or claims changed after the token was issued: a refresh answers a current one
  token_outdated: { status: 401, error: 'Unauthorized', message: 'The roles or claims of this access token have changed; refresh it' },
  // RFC 9449: a DPoP-bound token without a valid proof of its key
  invalid_dpop_proof: { status: 401, error: 'Unauthorized', message: 'The DPoP proof is missing or invalid' },
  forbidden: { status: 403, error: 'Forbidden', message: 'You are not allowed to do this' },
  // @RequireMfa()/@StepUp(): amr lacks `mfa`, or auth_time is older than the route allows
  step_up_required: {
    status: 403,
    error: 'Forbidden',
    message: 'Confirm it is you with a second factor (POST /auth/step-up), then try again',
  },
  // Only with revocations.maxStalenessSeconds: the guard cannot vouch for any token any more.
  unavailable: { status: 503, error: 'Service Unavailable', message: 'Sessions cannot be checked right now' },
};

/**
 * A refusal with the error body of the auth service's API contract. It is an HttpException,
 * so any Nest app (Express or Fastify, with or without its own filters) answers with this body.
 */
export class GuardError extends HttpException {
  constructor(
    readonly code: GuardErrorCode,
    message?: string,
  ) {
    const { status, error, message: fallback } = GUARD_ERRORS[code];
    super({ statusCode: status, error, code, message: message ?? fallback }, status);
  }
}
