/**
 * Session families that were ended, each until the last moment one of its access tokens could
 * still pass (`until` from the feed, plus the guard's clock tolerance). After that the tokens
 * are refused for being expired anyway, so the entry is dropped: memory stays proportional to
 * the sessions ended within one access-token lifetime.
 */
export class RevocationSet {
  private readonly until = new Map<string, number>();
  /** Users whose tokens issued before `notBefore` are outdated (roles or claims changed), kept until `until`. */
  private readonly outdated = new Map<string, { notBefore: number; until: number }>();

  /** @param toleranceMs the guard's clock tolerance: a token is accepted that long past its exp. */
  constructor(private readonly toleranceMs = 0) {}

  /** Records that `sid` ended; tokens of it are refused until `untilMs` (epoch ms). */
  add(sid: string, untilMs: number, now = Date.now()): void {
    const until = untilMs + this.toleranceMs;
    if (until <= now) return;
    const known = this.until.get(sid);
    if (known === undefined || known < until) this.until.set(sid, until);
  }

  has(sid: string, now = Date.now()): boolean {
    const until = this.until.get(sid);
    if (until === undefined) return false;
    if (until <= now) {
      this.until.delete(sid);
      return false;
    }
    return true;
  }

  /**
   * Records that the roles or claims of `sub` changed: its tokens issued before `notBeforeMs`
   * are outdated, until `untilMs` (when none of them can still be valid). The latest change wins.
   */
  addOutdated(sub: string, notBeforeMs: number, untilMs: number, now = Date.now()): void {
    const until = untilMs + this.toleranceMs;
    if (until <= now) return;
    const known = this.outdated.get(sub);
    if (known && known.notBefore >= notBeforeMs) return;
    this.outdated.set(sub, { notBefore: notBeforeMs, until: Math.max(until, known?.until ?? 0) });
  }

  /** Whether a token of `sub` issued at `issuedAt` (unix seconds) predates a change of its user. */
  isOutdated(sub: string, issuedAt: number, now = Date.now()): boolean {
    const entry = this.outdated.get(sub);
    if (entry === undefined) return false;
    if (entry.until <= now) {
      this.outdated.delete(sub);
      return false;
    }
    return tokenIsOutdated(issuedAt, entry.notBefore);
  }

  /** Drops the entries whose tokens have all expired; returns how many. */
  prune(now = Date.now()): number {
    let dropped = 0;
    for (const [sub, entry] of this.outdated) {
      if (entry.until <= now) {
        this.outdated.delete(sub);
        dropped++;
      }
    }
    for (const [sid, until] of this.until) {
      if (until <= now) {
        this.until.delete(sid);
        dropped++;
      }
    }
    return dropped;
  }

  get size(): number {
    return this.until.size + this.outdated.size;
  }
}

/**
 * The rule the auth service and every guard apply: a token is outdated when its `iat` (whole
 * seconds) is before the second `notBefore` falls in is over. The auth service stamps the tokens
 * it issues after a change with an `iat` no earlier than that (see KeysService.signAccessToken),
 * so a token issued after the change is never refused and one issued before it always is, in
 * spite of `iat`'s one-second resolution.
 */
export function tokenIsOutdated(issuedAt: number, notBeforeMs: number): boolean {
  return issuedAt < Math.ceil(notBeforeMs / 1000);
}
