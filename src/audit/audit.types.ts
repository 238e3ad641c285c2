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
  UserDisabled = 'user_disabled',
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
