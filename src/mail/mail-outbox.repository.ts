import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A mail claimed for delivery. */
export interface OutboxRow {
  id: string;
  kind: string;
  /** The sealed mail (recipient, subject, bodies). */
  payload: Buffer;
  /** Delivery attempts so far, this one included. */
  attempts: number;
}

/**
 * The mail outbox. Rows are written in the transaction that decided to send them, claimed by
 * one instance at a time (SKIP LOCKED, then a lease in next_attempt_at), and deleted once sent.
 */
@Injectable()
export class MailOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `userId`: the account the mail is about; deleting it deletes the mail if still unsent (ON DELETE CASCADE). */
  async insert(row: { id: string; kind: string; payload: Buffer; userId: string | null }, tx: EntityManager): Promise<void> {
    await tx.query(`INSERT INTO mail_outbox (id, kind, payload, user_id) VALUES ($1, $2, $3, $4)`, [
      row.id,
      row.kind,
      row.payload,
      row.userId,
    ]);
  }

  /**
   * Claims up to `limit` due mails: counts the attempt and pushes next_attempt_at `leaseSeconds`
   * ahead, so another instance (or this one, after a crash mid-send) takes it only then.
   */
  claimDue(limit: number, leaseSeconds: number): Promise<OutboxRow[]> {
    // a CTE, because TypeORM answers a bare UPDATE ... RETURNING with [rows, count]
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
          WHERE id IN (
            SELECT id FROM mail_outbox WHERE next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
          )
          RETURNING id, kind, payload, attempts
       ) SELECT * FROM claimed`,
      [limit, leaseSeconds],
    );
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM mail_outbox WHERE id = $1`, [id]);
  }

  async reschedule(id: string, delaySeconds: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1`,
      [id, delaySeconds, error.slice(0, 1000)],
    );
  }
}
