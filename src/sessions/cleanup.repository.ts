import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';

/**
 * The SQL of the cleanup job. Every statement works on at most `batch` rows and never waits
 * for a lock a refresh holds (SKIP LOCKED), so refreshes are never blocked for longer than one
 * short batch. Like every other path that deletes generations, each batch locks the family rows
 * first and their generations second, so it cannot deadlock with a refresh or a revocation.
 */
@Injectable()
export class CleanupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Deletes families past their absolute expiry, or whose newest generation has been idle
   * expired for more than `idleMarginSeconds` (the margin keeps a refresh that raced the
   * expiry instant from being undone), with every generation (deleted by the trigger on
   * session_families, in one statement for the batch). Their tokens are dead already,
   * so no revocation or audit row is written. Both kinds are found by walking an index on
   * expiry (session_families_expires_idx, refresh_tokens_newest_expires_idx: the newest
   * generation is the only one not rotated), so a run reads what it deletes, not the table.
   */
  async deleteExpiredFamilies(idleMarginSeconds: number, batch: number): Promise<number> {
    return this.count(
      'cleanup.expired_families',
      `WITH doomed AS (
         SELECT f.id FROM session_families f
          WHERE f.id IN (
            (SELECT id FROM session_families WHERE expires_at <= now() ORDER BY expires_at LIMIT $2)
            UNION ALL
            (SELECT family_id FROM refresh_tokens
              WHERE rotated_at IS NULL AND expires_at <= now() - make_interval(secs => $1)
              ORDER BY expires_at LIMIT $2))
          LIMIT $2
            FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM session_families f USING doomed d WHERE f.id = d.id
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [idleMarginSeconds, batch],
    );
  }

  /**
   * Deletes up to `batch` generations rotated more than `olderThanSeconds` ago: past the reuse
   * detection window a replayed token is simply unknown (401 invalid_refresh_token). The
   * oldest surviving generation's parent_id becomes NULL in the same statement (parent_id has
   * no foreign key, see the FlatFamilyDeletes migration). Families being refreshed right now
   * are skipped and pruned on the next run.
   */
  async pruneRotatedGenerations(olderThanSeconds: number, batch: number): Promise<number> {
    // one statement (one round trip, no explicit transaction): the family rows are locked
    // first, in the first CTE, as every writer of generations does
    return this.count(
      'cleanup.prune_generations',
      `WITH families AS (
         SELECT f.id FROM session_families f
          WHERE f.id IN (
            SELECT DISTINCT old.family_id FROM (
              SELECT family_id FROM refresh_tokens
               WHERE rotated_at < now() - make_interval(secs => $1) LIMIT $2
            ) old)
            FOR UPDATE SKIP LOCKED
       ), gone AS (
         DELETE FROM refresh_tokens WHERE (family_id, id) IN (
           SELECT family_id, id FROM refresh_tokens
            WHERE family_id = ANY (ARRAY(SELECT id FROM families)) AND rotated_at < now() - make_interval(secs => $1)
            LIMIT $2)
         RETURNING family_id, id
       ), orphans AS (
         UPDATE refresh_tokens c SET parent_id = NULL
           FROM gone
          WHERE c.family_id = gone.family_id AND c.parent_id = gone.id
            AND (c.family_id, c.id) NOT IN (SELECT family_id, id FROM gone)
       ) SELECT count(*)::int AS n FROM gone`,
      [olderThanSeconds, batch],
    );
  }

  /**
   * Drops sealed grace tokens older than the grace window: a grace token only ever answers a
   * retry of its parent within `graceSeconds` of the rotation that created it.
   */
  async clearGraceTokens(graceSeconds: number, batch: number): Promise<number> {
    return this.count(
      'cleanup.clear_grace_tokens',
      `WITH cleared AS (
         UPDATE refresh_tokens SET grace_token = NULL WHERE (family_id, id) IN (
           SELECT family_id, id FROM refresh_tokens
            WHERE grace_token IS NOT NULL AND created_at < now() - make_interval(secs => $1)
            LIMIT $2
              FOR UPDATE SKIP LOCKED)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM cleared`,
      [graceSeconds, batch],
    );
  }

  /**
   * Runs one batch as a named prepared statement: planning these CTEs costs more than running
   * them when there is nothing to do (1 ms against 0.2 ms at 1 M rows), and a run is a few of them.
   */
  private async count(name: string, sql: string, parameters: unknown[]): Promise<number> {
    const [{ n }] = await preparedQuery<{ n: number }>(this.dataSource, name, sql, parameters);
    return n;
  }
}
