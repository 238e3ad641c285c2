import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity.js';
import { AuditRecord } from './audit.types.js';

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes one event; pass the transaction of the change it records. */
  async record(event: AuditRecord, tx: EntityManager = this.dataSource.manager): Promise<void> {
    await tx.query(
      `INSERT INTO audit_events (type, user_id, session_id, ip, user_agent, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.type, event.userId, event.sessionId, event.ip, event.userAgent, event.detail ?? {}],
    );
  }

  /** Newest first; `before` is the (at, id) of the last row of the previous page. */
  async search(filter: { userId?: string; sessionId?: string; type?: string }, limit: number, before?: { at: Date; id: string }): Promise<AuditEventEntity[]> {
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (filter.userId) query.andWhere('e.user_id = :userId', { userId: filter.userId });
    if (filter.sessionId) query.andWhere('e.session_id = :sessionId', { sessionId: filter.sessionId });
    if (filter.type) query.andWhere('e.type = :type', { type: filter.type });
    if (before) query.andWhere('(e.at, e.id) < (:at, :id)', { at: before.at, id: before.id });
    return query.orderBy('e.at', 'DESC').addOrderBy('e.id', 'DESC').limit(limit).getMany();
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
