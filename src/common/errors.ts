import { GUARD_ERRORS } from '@auth-service/guard';

/** Stable, machine-readable error codes of docs/api.md. The HTTP status lives in one table. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  EmailTaken = 'email_taken',
  InvalidCredentials = 'invalid_credentials',
  AccountDisabled = 'account_disabled',
  InvalidToken = 'invalid_token',
  TokenExpired = 'token_expired',
  SessionRevoked = 'session_revoked',
  Forbidden = 'forbidden',
  InvalidRefreshToken = 'invalid_refresh_token',
  RefreshTokenExpired = 'refresh_token_expired',
  RefreshTokenReused = 'refresh_token_reused',
  DeviceMismatch = 'device_mismatch',
  EnvelopeInvalid = 'envelope_invalid',
  EnvelopeRequired = 'envelope_required',
  RateLimited = 'rate_limited',
  NotFound = 'not_found',
  Unavailable = 'unavailable',
  /** RFC 9449: a DPoP proof that is missing where the session needs one, or invalid. */
  InvalidDpopProof = 'invalid_dpop_proof',
  /** RFC 9449 §8: the proof needs the nonce sent in this answer's DPoP-Nonce header. */
  UseDpopNonce = 'use_dpop_nonce',
  MethodNotAllowed = 'method_not_allowed',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  ResetTokenInvalid = 'reset_token_invalid',
  /** An access token issued before its user's roles or claims changed: refresh it. */
  TokenOutdated = 'token_outdated',
  EmailNotVerified = 'email_not_verified',
  CsrfFailed = 'csrf_failed',
  /** The password was right; the account has a second factor: the body adds mfaToken and methods. */
  MfaRequired = 'mfa_required',
  InvalidMfaCode = 'invalid_mfa_code',
  MfaTokenInvalid = 'mfa_token_invalid',
  /** A route marked step-up, or an admin route under ADMIN_REQUIRE_MFA=on (the guard's row). */
  StepUpRequired = 'step_up_required',
}

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
