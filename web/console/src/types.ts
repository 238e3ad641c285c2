/** The shapes of the admin API, generated from the service's /openapi.json (@auth-service/contract). */
import type { components } from '@auth-service/contract';

type Schemas = components['schemas'];
import type { MfaFactors } from '@auth-service/client';

export type { MfaFactors };

/** A user as the admin API shows it: the public view plus the admin fields. */
export type User = Schemas['AdminUserResponse'];

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

/** An admin's view of a session: the user's own list's (`SessionInfo`) without `current`. */
export type Session = Omit<Schemas['SessionResponse'], 'current'>;

export type Generation = Schemas['GenerationResponse'];

export type SessionDetail = Omit<Schemas['SessionDetailResponse'], 'current'>;

export type AuditEvent = Schemas['AuditEventResponse'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const SERIES = [
  'logins',
  'loginFailures',
  'refreshes',
  'reuseDetections',
  'deviceMismatches',
] as const satisfies readonly (keyof Schemas['OverviewCountsResponse'])[];
export type SeriesName = (typeof SERIES)[number];
export type Counts = Schemas['OverviewCountsResponse'];

export type Overview = Schemas['OverviewResponse'];

export type KeyInfo = Schemas['KeyResponse'];

export type Keys = Schemas['KeysResponse'];

export type Rotation = Schemas['RotationResponse'];

export interface AuditFilter {
  type?: string;
  userId?: string;
  sessionId?: string;
}
