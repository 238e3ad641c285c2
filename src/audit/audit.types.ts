/** The audit event types of API.md. */
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
  /** Extension of API.md: an admin changed a user's roles (detail.from, detail.to). */
  RolesChanged = 'roles_changed',
  /** Extension of API.md: an admin rotated the signing and envelope keys (detail.by, kids, activatesAt). */
  KeysRotated = 'keys_rotated',
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
