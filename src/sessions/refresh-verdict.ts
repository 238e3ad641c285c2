/**
 * The refresh rule, once: what may happen to a presented refresh token, as a pure function of
 * what the database holds about it, what the request says, and the settings.
 *
 * The service gathers the facts (one read) and acts on the verdict. The rotation statement
 * (`SessionsRepository.rotateGeneration`) enforces the `rotate` case of this same rule under
 * concurrency; test/refresh-verdict.db-spec.ts runs the table of refresh-verdict.cases.ts through
 * both, so the SQL and this function cannot drift apart.
 */

/** What the database holds about the presented generation, its family, user and child. */
export interface PresentedGeneration {
  /** The presented secret hashes to the stored hash (compared in constant time). */
  hashMatches: boolean;
  /** The family's owner is disabled. */
  disabled: boolean;
  /** The generation's idle lifetime is over. */
  idleExpired: boolean;
  /** The family's absolute lifetime is over. */
  familyExpired: boolean;
  /** The device the family is bound to. */
  familyDeviceId: string;
  /** Seconds since this generation was rotated; null while it is the newest. */
  secondsSinceRotation: number | null;
  /** The generation that replaced it, if one still exists. */
  child: { rotated: boolean; hasGraceToken: boolean } | null;
}

export interface RefreshRequest {
  /** The deviceId the request carries, if any. */
  deviceId?: string;
}

export interface RefreshSettings {
  /** REFRESH_REUSE_GRACE: seconds a rotated token may be presented again; 0 disables it. */
  graceSeconds: number;
}

/** Why a rotated token was judged reuse (recorded in the audit event). */
export type ReuseReason = 'grace_disabled' | 'outside_grace' | 'child_rotated' | 'child_missing';

export type RefreshVerdict =
  /** The newest generation, presented as it should be: replace it with a child. */
  | { kind: 'rotate' }
  /** A rotated token retried within the grace window: answer its child again. */
  | { kind: 'grace' }
  | { kind: 'expired' }
  | { kind: 'disabled' }
  /** Another device presents the family's token: the family ends. */
  | { kind: 'deviceMismatch' }
  /** A rotated token outside the grace: the family ends. */
  | { kind: 'reuse'; reason: ReuseReason }
  /** No such generation, or the wrong secret: the same answer for both. */
  | { kind: 'unknown' };

export function refreshVerdict(g: PresentedGeneration | undefined, request: RefreshRequest, settings: RefreshSettings): RefreshVerdict {
  if (!g || !g.hashMatches) return { kind: 'unknown' };
  if (g.disabled) return { kind: 'disabled' };
  if (g.familyExpired) return { kind: 'expired' };
  // before reuse: a token copied to another device ends the family whatever its generation
  if (request.deviceId !== undefined && request.deviceId !== g.familyDeviceId) return { kind: 'deviceMismatch' };
  if (g.secondsSinceRotation === null) return g.idleExpired ? { kind: 'expired' } : { kind: 'rotate' };
  const reason = reuseReason(g, settings.graceSeconds);
  return reason ? { kind: 'reuse', reason } : { kind: 'grace' };
}

/** Null when a rotated generation may be presented again (grace), else why it may not. */
function reuseReason(g: PresentedGeneration, graceSeconds: number): ReuseReason | null {
  if (graceSeconds === 0) return 'grace_disabled';
  if ((g.secondsSinceRotation ?? Infinity) > graceSeconds) return 'outside_grace';
  if (!g.child) return 'child_missing';
  if (g.child.rotated) return 'child_rotated';
  // the child's sealed token is what the grace answers with: a child made while the grace was
  // off has none, so nothing can be resent
  if (!g.child.hasGraceToken) return 'outside_grace';
  return null;
}
