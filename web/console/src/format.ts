import type { AuditType, SessionEndReason } from '@auth-service/contract';

/** Local time as YYYY-MM-DD HH:MM:SS: sortable, unambiguous, and the same in every locale. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "3 minutes ago", "in 14 days". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

/** A duration in seconds as people say it: "10 seconds", "11 minutes", "14 days". */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];
  const [unit, size] = units.find(([, size]) => seconds >= size && seconds % size === 0) ??
    units.find(([, size]) => seconds >= size) ?? ['second', 1];
  const n = Math.round(seconds / size);
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '—';
}

/** Labels of the audit event types; reuse and device mismatch are the ones to notice. */
export const AUDIT_TYPES: Record<AuditType, string> = {
  user_registered: 'User registered',
  login_succeeded: 'Login',
  login_failed: 'Login failed',
  token_refreshed: 'Token refreshed',
  refresh_reuse_detected: 'Reuse detected',
  device_mismatch: 'Device mismatch',
  session_revoked: 'Session ended',
  password_changed: 'Password changed',
  user_disabled: 'User disabled / enabled',
  roles_changed: 'Roles changed',
  claims_changed: 'Claims changed',
  user_deleted: 'User deleted',
  user_created_by_admin: 'User created by an admin',
  email_changed: 'Email changed',
  webhook_created: 'Webhook added',
  webhook_deleted: 'Webhook removed',
  keys_rotated: 'Keys rotated',
  password_reset_requested: 'Password reset requested',
  password_reset: 'Password reset',
  email_verified: 'Email verified',
  identity_linked: 'Provider linked',
  identity_unlinked: 'Provider unlinked',
  mfa_enrolled: 'Second factor added',
  mfa_removed: 'Second factor removed',
  mfa_verified: 'Second factor used',
  mfa_failed: 'Second factor failed',
  recovery_code_used: 'Recovery code used',
  passkey_registered: 'Passkey added',
  passkey_removed: 'Passkey removed',
  step_up: 'Step-up',
};

export const ALERT_TYPES: ReadonlySet<string> = new Set<AuditType>(['refresh_reuse_detected', 'device_mismatch']);

/** Why a refresh was judged reuse (detail.judgedReuseBecause), in words. */
export const REUSE_REASONS: Record<string, string> = {
  outside_grace: 'the token had been rotated longer ago than the grace window (REFRESH_REUSE_GRACE) allows for a retry',
  child_rotated: 'the token it had been exchanged for was already used in turn, so this was no retry of a lost answer',
  child_missing: 'the token it had been exchanged for no longer exists',
  grace_disabled: 'the grace window is off (REFRESH_REUSE_GRACE=0): any second presentation is reuse',
  already_retried_late:
    'this token had itself been handed out again by a late retry (REFRESH_RETRY_UNUSED), and such a token gets no second late retry',
  late_retry_needs_key:
    'the token came back after the grace; REFRESH_RETRY_UNUSED answers such a retry only in a DPoP-bound family, and this one is bearer',
};

/** Why a session ended (detail.reason of session_revoked), in words. */
export const END_REASONS: Record<SessionEndReason, string> = {
  logout: 'the user logged out',
  user: 'the user ended it from their own session list',
  others: 'the user ended their other sessions',
  admin: 'an admin ended it',
  password_change: 'the user changed their password',
  password_reset: 'the password was reset',
  user_disabled: 'an admin disabled the account',
  user_deleted: 'the account was deleted',
  email_changed: 'the email address changed (every other session ends)',
  mfa_reset: 'an admin reset the second factors',
  refresh_token_reused: 'a rotated refresh token was presented again (reuse)',
  device_mismatch: 'a refresh came from another device',
  dpop_key_mismatch: 'a refresh came with a proof of another DPoP key than the session is bound to',
  oauth_revoke: 'an OAuth client revoked its refresh token (RFC 7009)',
};

/** The label of an event; with its detail, user_disabled says which way it went. */
export function typeLabel(type: string, detail?: Record<string, unknown>): string {
  if (type === 'user_disabled' && detail) return detail.disabled === false ? 'User enabled' : 'User disabled';
  return AUDIT_TYPES[type as AuditType] ?? type;
}

/** Seconds as measured (0.066207) in words a person reads: "66 ms", "4.2 seconds". */
export function formatSeconds(seconds: unknown): string {
  if (typeof seconds !== 'number') return '? seconds';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return seconds < 60 ? `${seconds.toFixed(1)} seconds` : formatDuration(Math.round(seconds));
}
