/** The audit event types of docs/api.md. */
export enum AuditType {
  UserRegistered = 'user_registered',
  LoginSucceeded = 'login_succeeded',
  LoginFailed = 'login_failed',
  TokenRefreshed = 'token_refreshed',
  RefreshReuseDetected = 'refresh_reuse_detected',
  DeviceMismatch = 'device_mismatch',
  SessionRevoked = 'session_revoked',
  PasswordChanged = 'password_changed',
  /** An admin disabled (detail.disabled true) or re-enabled (false) an account. */
  UserDisabled = 'user_disabled',
  /** Extension of docs/api.md: an admin changed a user's roles (detail.from, detail.to). */
  RolesChanged = 'roles_changed',
  /** An admin changed a user's claims (detail.from, detail.to). */
  ClaimsChanged = 'claims_changed',
  /** Someone asked for a reset link (detail.outcome: mailed, unknown_email, disabled). */
  PasswordResetRequested = 'password_reset_requested',
  /** A reset link set a new password and ended every family (detail.sessionsEnded). */
  PasswordReset = 'password_reset',
  /** The email became verified (detail.via: link, password_reset, admin). */
  EmailVerified = 'email_verified',
  /** An account was deleted, by its owner or an admin (detail.by, detail.sessionsEnded); its earlier events keep no email. */
  UserDeleted = 'user_deleted',
  /** An admin created an account (detail.by, detail.invited). */
  UserCreatedByAdmin = 'user_created_by_admin',
  /** A confirmed email change (detail.sessionsEnded). */
  EmailChanged = 'email_changed',
  /** An admin registered a webhook endpoint (detail.webhookId, url, events, by). */
  WebhookCreated = 'webhook_created',
  /** An admin deleted a webhook endpoint (detail.webhookId, url, by). */
  WebhookDeleted = 'webhook_deleted',
  /** Extension of docs/api.md: an admin rotated the signing and envelope keys (detail.by, kids, activatesAt). */
  KeysRotated = 'keys_rotated',
  /** A factor became active (detail.method: totp, passkey). */
  MfaEnrolled = 'mfa_enrolled',
  /** A factor was removed (detail.method; detail.by: the admin's id when an admin reset them). */
  MfaRemoved = 'mfa_removed',
  /** A second step succeeded (detail.method: totp, passkey, recovery_code; detail.purpose: login, step_up). */
  MfaVerified = 'mfa_verified',
  /** A second step failed (detail.method, detail.reason: e.g. wrong_code, replayed, counter_rollback). */
  MfaFailed = 'mfa_failed',
  /** A recovery code was spent (detail.left). */
  RecoveryCodeUsed = 'recovery_code_used',
  PasskeyRegistered = 'passkey_registered',
  PasskeyRemoved = 'passkey_removed',
  /** A session renewed its auth_time with a second factor (detail.method). */
  StepUp = 'step_up',
}

/** Who did it, from where: copied onto every audit row. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord extends ClientInfo {
  type: AuditType;
  userId: string | null;
  sessionId: string | null;
  detail?: Record<string, unknown>;
}
