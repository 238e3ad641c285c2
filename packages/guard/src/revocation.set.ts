/**
 * Session families that were ended, each until the last moment one of its access tokens could
 * still pass (`until` from the feed, plus the guard's clock tolerance). After that the tokens
 * are refused for being expired anyway, so the entry is dropped: memory stays proportional to
 * the sessions ended within one access-token lifetime.
 */
export class RevocationSet {
  private readonly until = new Map<string, number>();

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

  /** Drops the entries whose tokens have all expired; returns how many. */
  prune(now = Date.now()): number {
    let dropped = 0;
    for (const [sid, until] of this.until) {
      if (until <= now) {
        this.until.delete(sid);
        dropped++;
      }
    }
    return dropped;
  }

  get size(): number {
    return this.until.size;
  }
}
