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
  /** The thumbprint of the DPoP key the family is bound to, or null (RFC 9449). */
  familyJkt: string | null;
  /** The browser origin a cookie-mode family was started from, or null (not started in cookie mode). */
  familyOrigin: string | null;
  /** Seconds since this generation was rotated; null while it is the newest. */
  secondsSinceRotation: number | null;
  /** This generation was itself handed out again by a late retry of its parent. */
  retriedLate: boolean;
  /** The generation that replaced it, if one still exists. */
  child: { rotated: boolean; expired: boolean; hasGraceToken: boolean } | null;
}

export interface RefreshRequest {
  /** The deviceId the request carries, if any. */
  deviceId?: string;
  /** The key thumbprint of the request's valid DPoP proof, if it carries one. */
  proofJkt?: string;
  /** A cookie-mode request's `Origin` header, if it carries one. */
  origin?: string;
}

export interface RefreshSettings {
  /** REFRESH_REUSE_GRACE: seconds a rotated token may be presented again; 0 disables it. */
  graceSeconds: number;
  /**
   * REFRESH_RETRY_UNUSED=on: after the grace, a rotated token whose child was never presented gets
   * it again, in a family bound to a DPoP key and with a proof of that key only.
   */
  retryUnused: boolean;
}

/** Why a rotated token was judged reuse (recorded in the audit event). */
export type ReuseReason =
  | 'grace_disabled'
  | 'outside_grace'
  | 'child_rotated'
  | 'child_missing'
  | 'already_retried_late'
  | 'late_retry_needs_key';

export type RefreshVerdict =
  /** The newest generation, presented as it should be: replace it with a child. */
  | { kind: 'rotate' }
  /** A rotated token retried within the grace window: answer its child again. */
  | { kind: 'grace' }
  /** A rotated token retried after the grace, its child never presented: mark the child, answer it again. */
  | { kind: 'lateRetry' }
  | { kind: 'expired' }
  | { kind: 'disabled' }
  /** Another device presents the family's token: the family ends. */
  | { kind: 'deviceMismatch' }
  /** A cookie-mode request from another origin than the family's: refused, nothing ends, cookie untouched. */
  | { kind: 'otherOrigin' }
  /** A key-bound family's token without a DPoP proof: refused, nothing ends (not theft). */
  | { kind: 'proofRequired' }
  /** A key-bound family's token with a valid proof of another key: copied, the family ends. */
  | { kind: 'keyMismatch' }
  /** A rotated token outside the grace: the family ends. */
  | { kind: 'reuse'; reason: ReuseReason }
  /** No such generation, or the wrong secret: the same answer for both. */
  | { kind: 'unknown' };

export function refreshVerdict(g: PresentedGeneration | undefined, request: RefreshRequest, settings: RefreshSettings): RefreshVerdict {
  if (!g || !g.hashMatches) return { kind: 'unknown' };
  // first: the cookie travels with any same-site request, so another origin's page must learn
  // nothing of the family and change nothing in it (API.md "Browser cookies: one family per origin")
  if (request.origin !== undefined && g.familyOrigin !== null && request.origin !== g.familyOrigin) return { kind: 'otherOrigin' };
  if (g.disabled) return { kind: 'disabled' };
  if (g.familyExpired) return { kind: 'expired' };
  // like a device, and before reuse: the right secret in the hands of another key is a copy
  if (g.familyJkt !== null && request.proofJkt !== g.familyJkt)
    return request.proofJkt === undefined ? { kind: 'proofRequired' } : { kind: 'keyMismatch' };
  // before reuse: a token copied to another device ends the family whatever its generation
  if (request.deviceId !== undefined && request.deviceId !== g.familyDeviceId) return { kind: 'deviceMismatch' };
  if (g.secondsSinceRotation === null) return g.idleExpired ? { kind: 'expired' } : { kind: 'rotate' };
  return rotatedVerdict(g, settings);
}

const reuse = (reason: ReuseReason): RefreshVerdict => ({ kind: 'reuse', reason });

/**
 * A rotated generation presented again (docs/api.md "Refresh semantics", docs/design.md "Retries after the grace").
 *
 * Within the grace, while its child is still the newest generation: the child again (a burst of
 * concurrent refreshes, or a lost answer).
 *
 * After it, reuse (rule 4), unless REFRESH_RETRY_UNUSED=on and the family is bound to a DPoP key
 * (its proof was checked before this point): then, while the child was never presented (not
 * rotated) and has not expired, the child again, so an answer lost in a crash or a restart slower
 * than the grace is recovered. A bearer family never gets this: a copied bearer token would
 * reopen the family for whoever copied it, and the owner would learn nothing until the child is
 * used twice. The key's proof is what a thief of the token alone cannot make. A child handed out this way cannot itself
 * be retried late: otherwise a thief and the owner refreshing in turn would each present a
 * token whose child the other had not used yet, and share the family forever. So detection
 * waits at most one generation, and is never lost.
 */
function rotatedVerdict(g: PresentedGeneration, settings: RefreshSettings): RefreshVerdict {
  if (settings.graceSeconds === 0) return reuse('grace_disabled');
  // the child's sealed token is what a second answer resends: a child made while the grace was
  // off (or sealed before an upgrade cleared it) has none, so nothing can be resent
  if ((g.secondsSinceRotation ?? Infinity) <= settings.graceSeconds) {
    if (!g.child) return reuse('child_missing');
    if (g.child.rotated) return reuse('child_rotated');
    return g.child.hasGraceToken ? { kind: 'grace' } : reuse('outside_grace');
  }
  const unusedChild = g.child !== null && !g.child.rotated && !g.child.expired && g.child.hasGraceToken;
  if (!settings.retryUnused || !unusedChild) return reuse('outside_grace');
  if (g.familyJkt === null) return reuse('late_retry_needs_key');
  return g.retriedLate ? reuse('already_retried_late') : { kind: 'lateRetry' };
}
