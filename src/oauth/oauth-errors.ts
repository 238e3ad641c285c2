import { ErrorCode } from '../common/errors.js';

/** The error codes of RFC 6749 §5.2, RFC 7009 and RFC 9449 that our endpoints answer. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'temporarily_unavailable';

/** A failure at an OAuth endpoint, answered as `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/**
 * How the service's own error codes read at the OAuth endpoints. Every reason a refresh token
 * cannot be used (unknown, expired, reused, bound to another device or key, account disabled)
 * is `invalid_grant`, as RFC 6749 §5.2 has it; the description says which. Codes not listed
 * (not_found when introspection is off; 503 unavailable, as every route answers it) keep the
 * service's own body.
 */
const FROM_APP_ERROR: Partial<Record<ErrorCode, { error: OAuthErrorCode; status: number }>> = {
  [ErrorCode.InvalidRefreshToken]: { error: 'invalid_grant', status: 400 },
  [ErrorCode.RefreshTokenExpired]: { error: 'invalid_grant', status: 400 },
  [ErrorCode.RefreshTokenReused]: { error: 'invalid_grant', status: 400 },
  [ErrorCode.DeviceMismatch]: { error: 'invalid_grant', status: 400 },
  [ErrorCode.AccountDisabled]: { error: 'invalid_grant', status: 400 },
  // RFC 9449 §5: a token request with a bad proof, or without one for a key-bound grant
  [ErrorCode.InvalidDpopProof]: { error: 'invalid_dpop_proof', status: 400 },
  [ErrorCode.UseDpopNonce]: { error: 'use_dpop_nonce', status: 400 },
  [ErrorCode.ValidationFailed]: { error: 'invalid_request', status: 400 },
  // REFRESH_ENVELOPE=required: a form's plain refresh_token is not an accepted request here
  [ErrorCode.EnvelopeRequired]: { error: 'invalid_request', status: 400 },
  [ErrorCode.RateLimited]: { error: 'temporarily_unavailable', status: 429 },
};

export function oauthErrorFor(code: ErrorCode): { error: OAuthErrorCode; status: number } | undefined {
  return FROM_APP_ERROR[code];
}
