/** Stable, machine-readable error codes of API.md. The HTTP status lives in one table. */
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
  CsrfFailed = 'csrf_failed',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.EmailTaken]: 409,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.AccountDisabled]: 403,
  [ErrorCode.InvalidToken]: 401,
  [ErrorCode.TokenExpired]: 401,
  [ErrorCode.SessionRevoked]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.InvalidRefreshToken]: 401,
  [ErrorCode.RefreshTokenExpired]: 401,
  [ErrorCode.RefreshTokenReused]: 401,
  [ErrorCode.DeviceMismatch]: 401,
  [ErrorCode.EnvelopeInvalid]: 400,
  [ErrorCode.EnvelopeRequired]: 400,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.CsrfFailed]: 403,
};

const DEFAULT_MESSAGE: Record<ErrorCode, string> = {
  [ErrorCode.ValidationFailed]: 'The request is not valid',
  [ErrorCode.EmailTaken]: 'An account with this email already exists',
  [ErrorCode.InvalidCredentials]: 'Email or password is wrong',
  [ErrorCode.AccountDisabled]: 'This account is disabled',
  [ErrorCode.InvalidToken]: 'The access token is missing or invalid',
  [ErrorCode.TokenExpired]: 'The access token has expired',
  [ErrorCode.SessionRevoked]: 'The session of this access token has ended',
  [ErrorCode.Forbidden]: 'You are not allowed to do this',
  [ErrorCode.InvalidRefreshToken]: 'The refresh token is invalid',
  [ErrorCode.RefreshTokenExpired]: 'The refresh token has expired',
  [ErrorCode.RefreshTokenReused]: 'The refresh token was already used; the session has been ended',
  [ErrorCode.DeviceMismatch]: 'The refresh token belongs to another device; the session has been ended',
  [ErrorCode.EnvelopeInvalid]: 'The refresh envelope is invalid',
  [ErrorCode.EnvelopeRequired]: 'Refresh requests must use an envelope',
  [ErrorCode.RateLimited]: 'Too many attempts; try again later',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Unavailable]: 'The service is unavailable',
  [ErrorCode.CsrfFailed]: 'Cookie mode is not allowed from this origin',
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
  ) {
    super(message ?? DEFAULT_MESSAGE[code]);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
