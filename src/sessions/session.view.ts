import type { GenerationRow, SessionRow } from './sessions.repository.js';

/** The `session` of docs/api.md; `current` only in the caller's own list. */
export type SessionView = Omit<SessionRow, 'createdAt' | 'lastUsedAt' | 'expiresAt' | 'cursorAt'> & {
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current?: boolean;
};

export interface GenerationView {
  id: string;
  parentId: string | null;
  createdAt: string;
  rotatedAt: string | null;
  expiresAt: string;
}

/** A session with its lineage, for GET /admin/sessions/:id. */
export type SessionDetailView = SessionView & {
  /** The newest generations (at most LINEAGE_LIMIT), oldest first, linked by parentId. */
  generations: GenerationView[];
  /** How many generations the family holds, shown or not. */
  generationCount: number;
};

export function toSessionView(row: SessionRow, currentSessionId?: string): SessionView {
  const view: SessionView = {
    id: row.id,
    userId: row.userId,
    deviceId: row.deviceId,
    deviceName: row.deviceName,
    userAgent: row.userAgent,
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
  if (currentSessionId !== undefined) view.current = row.id === currentSessionId;
  return view;
}

export function toGenerationView(row: GenerationRow): GenerationView {
  return {
    id: row.id,
    parentId: row.parentId,
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}
