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
    await tx.query(
      `INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.type, event.userId, event.sessionId, event.ip, event.userAgent, event.detail ?? {}],
    );
  }

  /**
   * Newest first (at DESC, id DESC), at most `limit` rows; `before` is the (cursorAt, id) of
   * the last row of the previous page. Each filter uses its own (x, at DESC, id DESC) index.
   */
  search(filter: { userId?: string; sessionId?: string; type?: string }, limit: number, before?: { at: string; id: string }): Promise<AuditEventRow[]> {
    return this.dataSource.query(
      `SELECT id, at, type, user_id AS "userId", session_id AS "sessionId", ip, user_agent AS "userAgent", detail,
              ${cursorAt('at')}
         FROM audit_events
        WHERE ($1::uuid IS NULL OR user_id = $1)
          AND ($2::uuid IS NULL OR session_id = $2)
          AND ($3::text IS NULL OR type = $3)
          AND ($4::timestamptz IS NULL OR (at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY at DESC, id DESC
        LIMIT $6`,
      [filter.userId ?? null, filter.sessionId ?? null, filter.type ?? null, before?.at ?? null, before?.id ?? null, limit],
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
