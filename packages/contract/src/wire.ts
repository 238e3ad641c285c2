// The wire contract of the auth service: the facts the server answers with and the guard, the
// client and the console read, defined here once. The server and the console import this
// package; the client and the guard, which install on their own, compile it into their own
// dist/contract and import it as `#contract`.

/** Stable, machine-readable error codes (docs/api.md "Errors"). The HTTP status lives in the server's one table. */
export const ErrorCode = {
  ValidationFailed: 'validation_failed',
  EmailTaken: 'email_taken',
  InvalidCredentials: 'invalid_credentials',
  AccountDisabled: 'account_disabled',
  InvalidToken: 'invalid_token',
  TokenExpired: 'token_expired',
  SessionRevoked: 'session_revoked',
  Forbidden: 'forbidden',
  InvalidRefreshToken: 'invalid_refresh_token',
  RefreshTokenExpired: 'refresh_token_expired',
  RefreshTokenReused: 'refresh_token_reused',
  DeviceMismatch: 'device_mismatch',
  EnvelopeInvalid: 'envelope_invalid',
  EnvelopeRequired: 'envelope_required',
  RateLimited: 'rate_limited',
  NotFound: 'not_found',
  Unavailable: 'unavailable',
  /** RFC 9449: a DPoP proof that is missing where the session needs one, or invalid. */
  InvalidDpopProof: 'invalid_dpop_proof',
  /** RFC 9449 §8: the proof needs the nonce sent in this answer's DPoP-Nonce header. */
  UseDpopNonce: 'use_dpop_nonce',
  MethodNotAllowed: 'method_not_allowed',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  ResetTokenInvalid: 'reset_token_invalid',
  EmailNotVerified: 'email_not_verified',
  CsrfFailed: 'csrf_failed',
  /** An access token issued before its user's roles or claims changed: refresh it. */
  TokenOutdated: 'token_outdated',
  /** An OpenID Connect start whose redirect_uri is not on an allowed origin (no redirect happens). */
  RedirectUriNotAllowed: 'redirect_uri_not_allowed',
  /** Removing a user's only way to sign in. */
  LastSignInMethod: 'last_sign_in_method',
  /** Extension of docs/api.md: a link token that is unknown, used or older than 60 s. */
  LinkTokenInvalid: 'link_token_invalid',
  /** Extension of docs/api.md: a sign-in code that is unknown, used, older than 60 s, or whose codeVerifier does not match. */
  OidcCodeInvalid: 'oidc_code_invalid',
  /** Extension of docs/api.md: a provider callback whose `state` is unknown, used or expired (no flow to redirect to). */
  InvalidState: 'invalid_state',
  /** The password was right; the account has a second factor: the body adds mfaToken and methods. */
  MfaRequired: 'mfa_required',
  InvalidMfaCode: 'invalid_mfa_code',
  MfaTokenInvalid: 'mfa_token_invalid',
  /** A route marked step-up, or an admin route under ADMIN_REQUIRE_MFA=on (the guard's row). */
  StepUpRequired: 'step_up_required',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes a guard in front of another service answers with (a subset of ErrorCode). */
export const GUARD_ERROR_CODES = [
  'invalid_token',
  'token_expired',
  'session_revoked',
  'token_outdated',
  'forbidden',
  'unavailable',
  'invalid_dpop_proof',
  'step_up_required',
] as const satisfies readonly ErrorCode[];
export type GuardErrorCode = (typeof GUARD_ERROR_CODES)[number];

/** The audit event types (docs/api.md "Audit"). */
export const AuditType = {
  UserRegistered: 'user_registered',
  LoginSucceeded: 'login_succeeded',
  LoginFailed: 'login_failed',
  TokenRefreshed: 'token_refreshed',
  RefreshReuseDetected: 'refresh_reuse_detected',
  DeviceMismatch: 'device_mismatch',
  SessionRevoked: 'session_revoked',
  PasswordChanged: 'password_changed',
  /** An admin disabled (detail.disabled true) or re-enabled (false) an account. */
  UserDisabled: 'user_disabled',
  /** Extension of docs/api.md: an admin changed a user's roles (detail.from, detail.to). */
  RolesChanged: 'roles_changed',
  /** An admin changed a user's claims (detail.from, detail.to). */
  ClaimsChanged: 'claims_changed',
  /** Someone asked for a reset link (detail.outcome: mailed, unknown_email, disabled). */
  PasswordResetRequested: 'password_reset_requested',
  /** A reset link set a new password and ended every family (detail.sessionsEnded). */
  PasswordReset: 'password_reset',
  /** The email became verified (detail.via: link, password_reset, admin). */
  EmailVerified: 'email_verified',
  /** An account was deleted, by its owner or an admin (detail.by, detail.sessionsEnded); its earlier events keep no email. */
  UserDeleted: 'user_deleted',
  /** An admin created an account (detail.by, detail.invited). */
  UserCreatedByAdmin: 'user_created_by_admin',
  /** A confirmed email change (detail.sessionsEnded). */
  EmailChanged: 'email_changed',
  /** An admin registered a webhook endpoint (detail.webhookId, url, events, by). */
  WebhookCreated: 'webhook_created',
  /** An admin deleted a webhook endpoint (detail.webhookId, url, by). */
  WebhookDeleted: 'webhook_deleted',
  /** A provider account was linked to the user (detail.provider, subject, email, via: link_token, verified_email, new_user). */
  IdentityLinked: 'identity_linked',
  /** The user removed a linked provider account (detail.provider, subject). */
  IdentityUnlinked: 'identity_unlinked',
  /** A factor became active (detail.method: totp, passkey). */
  MfaEnrolled: 'mfa_enrolled',
  /** A factor was removed (detail.method; detail.by: the admin's id when an admin reset them). */
  MfaRemoved: 'mfa_removed',
  /** A second step succeeded (detail.method: totp, passkey, recovery_code; detail.purpose: login, step_up). */
  MfaVerified: 'mfa_verified',
  /** A second step failed (detail.method, detail.reason: e.g. wrong_code, replayed, counter_rollback). */
  MfaFailed: 'mfa_failed',
  /** A recovery code was spent (detail.left). */
  RecoveryCodeUsed: 'recovery_code_used',
  PasskeyRegistered: 'passkey_registered',
  PasskeyRemoved: 'passkey_removed',
  /** A session renewed its auth_time with a second factor (detail.method). */
  StepUp: 'step_up',
  /** Extension of docs/api.md: an admin rotated the signing and envelope keys (detail.by, kids, activatesAt). */
  KeysRotated: 'keys_rotated',
} as const;
export type AuditType = (typeof AuditType)[keyof typeof AuditType];

/**
 * Why a session family ended: detail.reason of the audit event that ended it (session_revoked,
 * or refresh_reuse_detected / device_mismatch for a detection), and the reason label of
 * auth_sessions_ended_total (which also counts `expired`: families the cleanup job deleted).
 */
export const SESSION_END_REASONS = [
  'logout',
  'user',
  'others',
  'admin',
  'password_change',
  'password_reset',
  'user_disabled',
  'user_deleted',
  'email_changed',
  'mfa_reset',
  'refresh_token_reused',
  'device_mismatch',
  'dpop_key_mismatch',
  'oauth_revoke',
] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * The answers to a refresh after which the session is gone for good: a client ends it in every
 * tab instead of retrying.
 */
export const DEFINITIVE_REFRESH_CODES = [
  'refresh_token_reused',
  'session_revoked',
  'device_mismatch',
  'refresh_token_expired',
  'invalid_refresh_token',
  'account_disabled',
] as const satisfies readonly ErrorCode[];
export type DefinitiveRefreshCode = (typeof DEFINITIVE_REFRESH_CODES)[number];

/** A client-chosen device id: what device binding compares, so it must be stable and plain. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9._-]{8,128}$/;
export const DEVICE_ID_RULE = 'deviceId must be 8 to 128 characters of A-Z a-z 0-9 . _ -';

/** A caller's request id the server echoes (X-Request-Id): 1 to 128 characters of [A-Za-z0-9._-]. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/** How an access token is presented: `DPoP` when it is bound to the device's DPoP key (RFC 9449). */
export const TOKEN_TYPES = ['Bearer', 'DPoP'] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

/** The answer of login and refresh (docs/api.md "Tokens"). */
export interface TokenPair {
  tokenType: TokenType;
  accessToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
  /** Absent in cookie mode: the refresh token is then in an HttpOnly cookie. */
  refreshToken?: string;
  /** Seconds until the refresh token expires (idle or absolute). */
  refreshExpiresIn: number;
  sessionId: string;
  deviceId: string;
}
