import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';

/** A key's count in its current window, after a hit. */
export interface BucketState {
  key: string;
  hits: number;
  /** Whole seconds until the window ends (at least 1). */
  secondsLeft: number;
}

/** The rate-limit counters (rate_limit_buckets), shared by every instance on the database. */
@Injectable()
export class RateLimitRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one hit on each key, in one statement: a lapsed window restarts at 1. The upsert is
   * atomic per row, so concurrent hits from any number of instances are all counted. Keys are
   * locked in sorted order, so two statements sharing keys queue instead of deadlocking.
   */
  hit(keys: { key: string; windowSeconds: number }[]): Promise<BucketState[]> {
    const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return preparedQuery<BucketState>(
      this.dataSource,
      'rateLimits.hit',
      `INSERT INTO rate_limit_buckets AS b (key, hits, window_ends_at)
       SELECT k.key, 1, now() + make_interval(secs => k.secs) FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS k(key, secs, n)
        ORDER BY k.n
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN b.window_ends_at <= now() THEN 1 ELSE b.hits + 1 END,
         window_ends_at = CASE WHEN b.window_ends_at <= now() THEN excluded.window_ends_at ELSE b.window_ends_at END
       RETURNING b.key, b.hits, greatest(1, ceil(extract(epoch FROM b.window_ends_at - now())))::int AS "secondsLeft"`,
      [sorted.map((k) => k.key), sorted.map((k) => k.windowSeconds)],
    );
  }

  /** Takes one hit back from a key's current window. */
  async refund(key: string): Promise<void> {
    await this.dataSource.query(`UPDATE rate_limit_buckets SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND window_ends_at > now()`, [
      key,
    ]);
  }

  async reset(keys: string[]): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limit_buckets WHERE key = ANY($1)`, [keys]);
  }

  /** Deletes up to `batch` rows whose window has ended (for the cleanup job). */
  async deleteLapsed(batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM rate_limit_buckets WHERE key IN (
           SELECT key FROM rate_limit_buckets WHERE window_ends_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return n;
  }
}
