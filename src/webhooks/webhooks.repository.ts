import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface WebhookEndpointRow {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
}

/** A message leased for one delivery attempt, with what sending it needs. */
export interface LeasedMessage {
  id: string;
  endpointId: string;
  url: string;
  secretSealed: Buffer;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: Date;
}

export interface DeliveryRow {
  id: string;
  seq: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: Date;
}

/**
 * The outbox insert other statements embed (SessionsRepository.deleteFamilies): one message per
 * endpoint subscribed to `type`, from a row source `src` with columns `user_id` and `payload`.
 */
export function webhookOutboxInsert(type: string, src: string): string {
  return `INSERT INTO webhook_messages (id, endpoint_id, type, user_id, payload)
          SELECT gen_random_uuid(), e.id, ${type}, src.user_id, src.payload
            FROM ${src} src JOIN webhook_endpoints e ON ${type} = ANY (e.events)`;
}

/** Webhook endpoints and their outbox. Messages are written in the transaction of the change they announce. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createEndpoint(
    endpoint: { id: string; url: string; events: string[]; secretSealed: Buffer },
    tx: EntityManager,
  ): Promise<WebhookEndpointRow> {
    const [row] = await tx.query(
      `INSERT INTO webhook_endpoints (id, url, events, secret_sealed) VALUES ($1, $2, $3, $4)
       RETURNING id, url, events, created_at AS "createdAt"`,
      [endpoint.id, endpoint.url, endpoint.events, endpoint.secretSealed],
    );
    return row;
  }

  listEndpoints(): Promise<WebhookEndpointRow[]> {
    return this.dataSource.query(`SELECT id, url, events, created_at AS "createdAt" FROM webhook_endpoints ORDER BY created_at, id`);
  }

  async findEndpoint(id: string): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT id, url, events, created_at AS "createdAt" FROM webhook_endpoints WHERE id = $1`, [
      id,
    ]);
    return row;
  }

  /** Deletes an endpoint with its messages; the deleted row, or undefined. */
  async deleteEndpoint(id: string, tx: EntityManager): Promise<WebhookEndpointRow | undefined> {
    const [row] = await tx.query(
      `WITH d AS (DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id, url, events, created_at)
       SELECT id, url, events, created_at AS "createdAt" FROM d`,
      [id],
    );
    return row;
  }

  /**
   * Writes one message per endpoint subscribed to `type` (or only to `endpointId`, for a test
   * event), in `tx`: the message exists if and only if the change it announces commits.
   * Returns how many were written.
   */
  async emit(
    type: string,
    userId: string | null,
    payload: Record<string, unknown>,
    tx: EntityManager,
    endpointId?: string,
  ): Promise<number> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO webhook_messages (id, endpoint_id, type, user_id, payload)
       SELECT gen_random_uuid(), e.id, $1, $2, $3::jsonb FROM webhook_endpoints e
        WHERE ($4::uuid IS NULL AND $1 = ANY (e.events)) OR e.id = $4
       RETURNING id`,
      [type, userId, JSON.stringify(payload), endpointId ?? null],
    );
    return rows.length;
  }

  /**
   * Leases up to `batch` due messages for `leaseSeconds` (longer than an attempt can take), so
   * no other instance sends them meanwhile: `FOR UPDATE SKIP LOCKED` lets instances lease
   * side by side without waiting for each other. A message is due only when no earlier message
   * of its endpoint and user is still pending, so each user's events arrive in order.
   */
  async lease(batch: number, leaseSeconds: number): Promise<LeasedMessage[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT m.id FROM webhook_messages m
          WHERE m.status = 'pending' AND m.next_attempt_at <= now()
            AND (m.leased_until IS NULL OR m.leased_until < now())
            AND NOT EXISTS (
              SELECT 1 FROM webhook_messages p
               WHERE p.endpoint_id = m.endpoint_id AND p.user_id = m.user_id AND p.status = 'pending' AND p.seq < m.seq)
          ORDER BY m.next_attempt_at, m.seq
          LIMIT $1
          FOR UPDATE OF m SKIP LOCKED
       ), leased AS (
         UPDATE webhook_messages m SET leased_until = now() + make_interval(secs => $2), attempts = m.attempts + 1, last_attempt_at = now()
           FROM due WHERE m.id = due.id
         RETURNING m.id, m.endpoint_id, m.payload, m.attempts, m.created_at, m.seq
       )
       SELECT l.id, l.endpoint_id AS "endpointId", e.url, e.secret_sealed AS "secretSealed", l.payload,
              l.attempts, l.created_at AS "createdAt"
         FROM leased l JOIN webhook_endpoints e ON e.id = l.endpoint_id
        ORDER BY l.seq`,
      [batch, leaseSeconds],
    );
  }

  /** Records an attempt: delivered, to be retried at `retryAt`, or given up (`retryAt` null). */
  async recordAttempt(
    id: string,
    outcome: { delivered: boolean; responseStatus: number | null; error: string | null; retryAt: Date | null },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_messages
          SET status = CASE WHEN $2 THEN 'delivered' WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
              response_status = $3, last_error = $4, leased_until = NULL,
              next_attempt_at = COALESCE($5::timestamptz, next_attempt_at)
        WHERE id = $1`,
      [id, outcome.delivered, outcome.responseStatus, outcome.error?.slice(0, 500) ?? null, outcome.retryAt],
    );
  }

  /** Deletes up to `batch` delivered or failed messages created more than `retentionSeconds` ago. */
  async deleteFinished(retentionSeconds: number, batch: number): Promise<number> {
    const [{ n }] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM webhook_messages WHERE id IN (
           SELECT id FROM webhook_messages
            WHERE status <> 'pending' AND created_at < now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1
       ) SELECT count(*)::int AS n FROM gone`,
      [retentionSeconds, batch],
    );
    return n;
  }

  /** An endpoint's messages, newest first, after the `seq` of the previous page's last one. */
  deliveries(endpointId: string, limit: number, beforeSeq?: string): Promise<DeliveryRow[]> {
    return this.dataSource.query(
      `SELECT id, seq::text AS seq, type AS event, status, attempts, last_attempt_at AS "lastAttemptAt",
              response_status AS "responseStatus", last_error AS "lastError", created_at AS "createdAt"
         FROM webhook_messages
        WHERE endpoint_id = $1 AND ($2::bigint IS NULL OR seq < $2)
        ORDER BY seq DESC LIMIT $3`,
      [endpointId, beforeSeq ?? null, limit],
    );
  }

  /**
   * Erasure of a deleted user: their messages keep their ids and types, but every string field
   * of the data that holds one of `emails` is removed (same transaction as the deletion).
   */
  async eraseEmails(userId: string, emails: string[], tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE webhook_messages m
          SET payload = jsonb_set(m.payload, '{data}', (
            SELECT COALESCE(jsonb_object_agg(d.key, d.value), '{}'::jsonb)
              FROM jsonb_each(m.payload->'data') d
             WHERE NOT (jsonb_typeof(d.value) = 'string' AND lower(d.value #>> '{}') = ANY ($2::text[]))))
        WHERE m.user_id = $1`,
      [userId, emails.map((e) => e.toLowerCase())],
    );
  }
}
