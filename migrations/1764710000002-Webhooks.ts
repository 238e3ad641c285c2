import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks (Standard Webhooks): endpoints an admin registers, and an outbox of messages, one per
 * event and endpoint, written in the same transaction as the change it announces.
 *
 * A message is delivered by whichever instance leases it first (`FOR UPDATE SKIP LOCKED`, then
 * `leased_until` past the receiver's timeout, so two instances never send it at once), only
 * when no earlier message of the same endpoint and user is still pending (in order per user).
 */
export class Webhooks1764710000002 implements MigrationInterface {
  name = 'Webhooks1764710000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        events text[] NOT NULL,
        -- the signing secret, sealed under the master key (shown once, at creation)
        secret_sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_messages (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        type text NOT NULL,
        user_id uuid,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        leased_until timestamptz,
        last_attempt_at timestamptz,
        response_status integer,
        last_error text
      )`);
    await q.query(`CREATE INDEX webhook_messages_due_idx ON webhook_messages (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_messages_order_idx ON webhook_messages (endpoint_id, user_id, seq) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_messages_log_idx ON webhook_messages (endpoint_id, seq DESC)`);
    await q.query(`CREATE INDEX webhook_messages_user_idx ON webhook_messages (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_messages`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
