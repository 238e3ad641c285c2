import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RevokedSession {
  sid: string;
  /** The last moment an access token of the family could still be valid. */
  until: Date;
}

/** Reads and prunes revoked_sessions, which SessionsRepository.deleteFamilies writes in the same statement as the deletion. */
@Injectable()
export class RevocationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Families whose tokens may still be live, revoked after `since` (all of them without it),
   * and the database clock at the query, which is the next cursor. One row: the clock and the
   * list come from the same snapshot.
   */
  async findRevoked(since: Date | undefined): Promise<{ now: Date; revoked: RevokedSession[] }> {
    const [row] = await this.dataSource.query(
      `SELECT now() AS now,
              COALESCE(json_agg(json_build_object('sid', session_id, 'until', valid_until) ORDER BY revoked_at), '[]') AS revoked
         FROM revoked_sessions
        WHERE valid_until > now() AND ($1::timestamptz IS NULL OR revoked_at > $1)`,
      [since ?? null],
    );
    return {
      now: row.now,
      revoked: (row.revoked as { sid: string; until: string }[]).map((r) => ({ sid: r.sid, until: new Date(r.until) })),
    };
  }

  /** Deletes up to `batch` revocations no access token can need any more (valid_until passed). */
  async deleteLapsed(batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM revoked_sessions WHERE session_id IN (
           SELECT session_id FROM revoked_sessions WHERE valid_until < now() LIMIT $1)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [batch],
    );
    return n;
  }
}
