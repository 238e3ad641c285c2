import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditRecord } from './audit.types.js';
import { cursorAt } from '../database/sql.js';

/** An audit row as the admin API shows it, plus the exact sort key of its page position. */
export interface AuditEventRow {
  id: string;
  at: Date;
  type: string;
  userId: string | null;
  sessionId: string | null;
  /** Every session an event about several of them names (the end of all of a user's), else null. */
  sessionIds: string[] | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, unknown>;
  /** `at` to the microsecond (a JS Date keeps milliseconds, too coarse for a cursor). */
  cursorAt: string;
}

/** The columns an audit event is written with, in this order; other repositories' statements use them too. */
export const AUDIT_COLUMNS = 'type, user_id, session_id, ip, user_agent, detail';

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one event; pass the transaction of the change it records. */
  async record(event: AuditRecord, tx: EntityManager = this.dataSource.manager): Promise<void> {
    await tx.query(`INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`, [
      event.type,
      event.userId,
      event.sessionId,
      event.ip,
      event.userAgent,
      event.detail ?? {},
    ]);
  }

  /**
   * Newest first (at DESC, id DESC), at most `limit` rows; `before` is the (cursorAt, id) of
   * the last row of the previous page. Each filter uses its own (x, at DESC, id DESC) index.
   */
  search(
    filter: { userId?: string; sessionId?: string; type?: string },
    limit: number,
    before?: { at: string; id: string },
  ): Promise<AuditEventRow[]> {
    // an event about several sessions (the end of all of a user's) lists them in session_ids
    // (audit_events_session_ids_idx); asked by one of them, it answers as that session's event
    return this.dataSource.query(
      `SELECT id, at, type, user_id AS "userId", coalesce(session_id, CASE WHEN $2::uuid = ANY (session_ids) THEN $2::uuid END) AS "sessionId",
              session_ids AS "sessionIds", ip, user_agent AS "userAgent", detail,
              ${cursorAt('at')}
         FROM audit_events
        WHERE ($1::uuid IS NULL OR user_id = $1)
          AND ($2::uuid IS NULL OR session_id = $2 OR session_ids @> ARRAY[$2::uuid])
          AND ($3::text IS NULL OR type = $3)
          AND ($4::timestamptz IS NULL OR (at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $6`,
      [filter.userId ?? null, filter.sessionId ?? null, filter.type ?? null, before?.at ?? null, before?.id ?? null, limit],
    );
  }

  /**
   * Events of these types since `since`, counted per type and UTC hour, in one statement that
   * walks audit_events_type_idx (type, at DESC) for each type: the cost follows the events in
   * the window, not the size of the table.
   */
  countByHour(types: readonly string[], since: Date): Promise<{ type: string; hour: Date; count: number }[]> {
    return this.dataSource.query(
      `SELECT type, date_trunc('hour', at, 'UTC') AS hour, count(*)::int AS count
         FROM audit_events
        WHERE type = ANY($1::text[]) AND at >= $2
        GROUP BY 1, 2`,
      [types, since],
    );
  }

  /** Deletes up to `batch` events older than `seconds`; returns how many. */
  async deleteOlderThan(seconds: number, batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM audit_events WHERE id IN (
           SELECT id FROM audit_events WHERE at < now() - make_interval(secs => $1) LIMIT $2
         ) RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [seconds, batch],
    );
    return n;
  }
}
