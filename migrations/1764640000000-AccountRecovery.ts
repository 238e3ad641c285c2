import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account recovery and email verification:
 * - `users.email_verified`: accounts that exist when this runs registered before verification
 *   existed and could not have verified, so they are marked verified (turning on
 *   REQUIRE_EMAIL_VERIFICATION must not lock them out); new accounts start unverified.
 * - `account_tokens`: password-reset and email-verification tokens, only their SHA-256. One row
 *   per user and purpose, so issuing a new token replaces (supersedes) the previous one, and
 *   spending one is a DELETE that only one of several concurrent requests can win.
 * - `mail_outbox`: mail waiting to be sent, written in the transaction that decided to send it
 *   (so a crash loses nothing) and sealed under MASTER_KEY (the links carry live tokens).
 */
export class AccountRecovery1764640000000 implements MigrationInterface {
  name = 'AccountRecovery1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE users ALTER COLUMN email_verified SET DEFAULT false`);

    await q.query(`
      CREATE TABLE account_tokens (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_verify')),
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, purpose)
      )`);
    await q.query(`CREATE INDEX account_tokens_expires_idx ON account_tokens (expires_at)`);

    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        payload bytea NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_outbox`);
    await q.query(`DROP TABLE account_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN email_verified`);
  }
}
