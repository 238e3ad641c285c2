/** Why a rotated token was judged reuse (recorded in the audit event). */
export type ReuseReason = 'grace_disabled' | 'outside_grace' | 'child_rotated' | 'child_missing' | 'already_retried_late';

/** What a second presentation of a rotated generation gets. */
export type RotatedVerdict =
  /** Within the grace, the child still newest: the same child again (concurrent or lost answer). */
  | { kind: 'grace' }
  /** After the grace, the child never presented: the same child again, and the child is marked. */
  | { kind: 'late_retry' }
  | { kind: 'reuse'; reason: ReuseReason };

/** The facts about a rotated generation the verdict needs. */
export interface RotatedFacts {
  secondsSinceRotation: number | null;
  /** Set when this generation was itself handed out by a late retry of its parent. */
  retriedLateAt: Date | null;
  child: { rotatedAt: Date | null; expired: boolean } | null;
}

/**
 * The rule for a rotated refresh token presented again (README "Retries after the grace").
 *
 * Within REFRESH_REUSE_GRACE seconds, while the child is still the newest generation: the same
 * child (a burst of concurrent refreshes, or a lost answer).
 *
 * After it, with REFRESH_RETRY_UNUSED=on, while the child was never presented (not rotated)
 * and has not expired: the same child again, so an answer lost in a crash or a restart slower
 * than the grace is recovered. A thief replaying an old token then holds the very child the
 * owner holds, and whichever refreshes with it second is caught. One exception keeps that
 * promise: a child handed out this way cannot itself be retried late. Without it, a thief and
 * the owner refreshing in turn would each present a token whose child the other had not used
 * yet, and share the family forever; with it, detection waits at most one generation.
 *
 * Grace 0 means no second presentation at all.
 */
export function judgeRotated(g: RotatedFacts, rules: { graceSeconds: number; retryUnused: boolean }): RotatedVerdict {
  if (rules.graceSeconds === 0) return { kind: 'reuse', reason: 'grace_disabled' };
  if ((g.secondsSinceRotation ?? Infinity) <= rules.graceSeconds) {
    if (!g.child) return { kind: 'reuse', reason: 'child_missing' };
    if (g.child.rotatedAt !== null) return { kind: 'reuse', reason: 'child_rotated' };
    return { kind: 'grace' };
  }
  const unusedChild = g.child !== null && g.child.rotatedAt === null && !g.child.expired;
  if (!rules.retryUnused || !unusedChild) return { kind: 'reuse', reason: 'outside_grace' };
  if (g.retriedLateAt !== null) return { kind: 'reuse', reason: 'already_retried_late' };
  return { kind: 'late_retry' };
}
