/** The shapes of the admin API (docs/sessions-admin-audit.md and docs/admin-console.md). */
import type { MfaFactors, SessionInfo, UserInfo } from '@auth-service/client';

export type { MfaFactors };

/** A user as the admin API shows it: the public view plus the admin fields. */
export interface User extends UserInfo {
  disabled?: boolean;
  emailVerified?: boolean;
  /** What access tokens carry as `claims`. */
  claims?: Record<string, unknown>;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface Delivery {
  id: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

/** An admin's view of a session: the user's own list (`SessionInfo`) without `current`. */
export type Session = Omit<SessionInfo, 'current'>;

export interface Generation {
  id: string;
  parentId: string | null;
  createdAt: string;
  rotatedAt: string | null;
  expiresAt: string;
}

export interface SessionDetail extends Session {
  generations: Generation[];
  generationCount: number;
}

export interface AuditEvent {
  id: string;
  at: string;
  type: string;
  userId: string | null;
  sessionId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const SERIES = ['logins', 'loginFailures', 'refreshes', 'reuseDetections', 'deviceMismatches'] as const;
export type SeriesName = (typeof SERIES)[number];
export type Counts = Record<SeriesName, number>;

export interface Overview {
  from: string;
  to: string;
  liveSessions: number;
  totals: Counts;
  hourly: ({ hour: string } & Counts)[];
}

export interface KeyInfo {
  kid: string;
  use: 'sig' | 'enc';
  alg: string;
  createdAt: string;
  activatesAt: string;
  retiredAt: string | null;
  state: 'pending' | 'active' | 'retired';
}

export interface Keys {
  activationDelaySeconds: number;
  automaticRotationSeconds: number | null;
  retiredKeyPublishedSeconds: number;
  items: KeyInfo[];
}

export interface Rotation {
  activatesAt: string;
  activationDelaySeconds: number;
  created: KeyInfo[];
}

export interface AuditFilter {
  type?: string;
  userId?: string;
  sessionId?: string;
}
