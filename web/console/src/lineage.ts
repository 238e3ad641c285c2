import type { AuditEvent, Generation } from './types';

/** One generation of a session family: the refresh token issued at `createdAt`, exchanged at `rotatedAt`. */
export interface LineageStep {
  /** Null for a first generation known only from its login (the family never refreshed). */
  id: string | null;
  parentId: string | null;
  createdAt: string | null;
  rotatedAt: string | null;
  expiresAt?: string;
}

export const ENDING_TYPES = new Set(['refresh_reuse_detected', 'device_mismatch', 'session_revoked']);

/** A live family's lineage, as GET /admin/sessions/:id gives it (oldest first). */
export function lineageFromGenerations(generations: Generation[]): LineageStep[] {
  return generations.map(({ id, parentId, createdAt, rotatedAt, expiresAt }) => ({ id, parentId, createdAt, rotatedAt, expiresAt }));
}

/**
 * An ended family's lineage, rebuilt from its audit trail: the login created the first
 * generation, and each token_refreshed event (`parent` → `generation`) rotated one and created
 * the next at the same instant. Oldest first; events beyond those given are simply not shown.
 */
export function lineageFromAudit(events: AuditEvent[]): LineageStep[] {
  const ordered = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const login = ordered.find((event) => event.type === 'login_succeeded');
  const steps = new Map<string, LineageStep>();
  for (const event of ordered) {
    const { parent, generation } = event.detail;
    if (event.type !== 'token_refreshed' || typeof parent !== 'string' || typeof generation !== 'string') continue;
    const parentStep = steps.get(parent) ?? { id: parent, parentId: null, createdAt: null, rotatedAt: null };
    parentStep.rotatedAt = event.at;
    steps.set(parent, parentStep);
    steps.set(generation, { id: generation, parentId: parent, createdAt: event.at, rotatedAt: null });
  }
  if (steps.size === 0) return login ? [{ id: null, parentId: null, createdAt: login.at, rotatedAt: null }] : [];
  const childOf = new Map([...steps.values()].filter((s) => s.parentId).map((s) => [s.parentId!, s]));
  const roots = [...steps.values()].filter((s) => !s.parentId || !steps.has(s.parentId));
  const chain: LineageStep[] = [];
  for (const root of roots) {
    if (root.parentId === null && login) root.createdAt = login.at;
    for (let step: LineageStep | undefined = root; step; step = childOf.get(step.id!)) chain.push(step);
  }
  return chain;
}

/** The event that ended the family: the newest reuse, device mismatch or revocation. */
export function endingEvent(events: AuditEvent[]): AuditEvent | undefined {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).find((event) => ENDING_TYPES.has(event.type));
}
