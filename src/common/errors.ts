import { ErrorCode } from '@auth-service/contract';
import { GUARD_ERRORS } from '@auth-service/guard';

/** The error codes of the wire contract (one definition: @auth-service/contract). */
export { ErrorCode };

/**
 * Each code's HTTP status and default message, one row per code. The codes a guard answers
 * (invalid_token, token_expired, session_revoked, forbidden, unavailable, invalid_dpop_proof)
 * take the guard's rows, so the service and the services behind the guard say the same thing.
 */
const ERRORS: Record<ErrorCode, { status: number; message: string }> = {
  [ErrorCode.ValidationFailed]: { status: 400, message: 'The request is not valid' },
  [ErrorCode.EmailTaken]: { status: 409, message: 'An account with this email already exists' },
  [ErrorCode.InvalidCredentials]: { status: 401, message: 'Email or password is wrong' },
  [ErrorCode.AccountDisabled]: { status: 403, message: 'This account is disabled' },
  [ErrorCode.InvalidRefreshToken]: { status: 401, message: 'The refresh token is invalid' },
  [ErrorCode.RefreshTokenExpired]: { status: 401, message: 'The refresh token has expired' },
  [ErrorCode.RefreshTokenReused]: { status: 401, message: 'The refresh token was already used; the session has been ended' },
  [ErrorCode.DeviceMismatch]: { status: 401, message: 'The refresh token belongs to another device; the session has been ended' },
  [ErrorCode.EnvelopeInvalid]: { status: 400, message: 'The refresh envelope is invalid' },
  [ErrorCode.EnvelopeRequired]: { status: 400, message: 'Refresh requests must use an envelope' },
  [ErrorCode.RateLimited]: { status: 429, message: 'Too many attempts; try again later' },
  [ErrorCode.NotFound]: { status: 404, message: 'Not found' },
  [ErrorCode.CsrfFailed]: { status: 403, message: 'Cookie mode is not allowed from this origin' },
  [ErrorCode.UseDpopNonce]: { status: 401, message: 'Send the DPoP proof again with the nonce of the DPoP-Nonce header' },
  ...GUARD_ERRORS,
  [ErrorCode.Unavailable]: { status: 503, message: 'The service is unavailable' },
  [ErrorCode.MethodNotAllowed]: { status: 405, message: 'This path does not accept this method' },
  [ErrorCode.PayloadTooLarge]: { status: 413, message: 'The body is too large' },
  [ErrorCode.UnsupportedMediaType]: { status: 415, message: 'The body must be JSON (Content-Type: application/json)' },
  [ErrorCode.ResetTokenInvalid]: { status: 400, message: 'The link is invalid, was already used, or has expired; ask for a new one' },
  [ErrorCode.EmailNotVerified]: { status: 403, message: 'Verify your email address before logging in' },
  [ErrorCode.RedirectUriNotAllowed]: {
    status: 400,
    message: 'redirect_uri must be an absolute URL on an origin in CORS_ORIGINS or OIDC_REDIRECT_ORIGINS',
  },
  [ErrorCode.LastSignInMethod]: {
    status: 409,
    message: 'This is the only way to sign in to this account; set a password or link another provider first',
  },
  [ErrorCode.LinkTokenInvalid]: { status: 400, message: 'The link token is invalid, was already used, or has expired; ask for a new one' },
  [ErrorCode.InvalidState]: {
    status: 400,
    message: 'This sign-in is unknown, was already finished, or took longer than 10 minutes; start again',
  },
  [ErrorCode.OidcCodeInvalid]: {
    status: 400,
    message: 'The sign-in code is invalid, was already used, has expired, or does not match the code verifier',
  },
  [ErrorCode.MfaRequired]: { status: 401, message: 'This account needs a second factor: finish with POST /auth/mfa/verify' },
  [ErrorCode.InvalidMfaCode]: { status: 401, message: 'The code or passkey was not accepted' },
  [ErrorCode.MfaTokenInvalid]: { status: 401, message: 'The sign-in step is unknown, used or expired: sign in again' },
};

export interface FieldProblem {
  field: string;
  message: string;
}

/** A failure the client can act on. Thrown by services; mapped to HTTP by the exception filter. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: FieldProblem[],
    /** Seconds, for rate_limited. */
    readonly retryAfter?: number,
    /** Fields the body carries besides the standard ones (mfa_required: mfaToken, methods). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message ?? ERRORS[code].message);
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}
