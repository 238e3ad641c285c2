import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email change: a mailed token (account_tokens, purpose `email_change`) that carries the new
 * address and the session family that asked (which survives the change; every other ends).
 * Invitations reuse the `password_reset` purpose: the link is spent by POST /auth/password/reset.
 */
export class AccountLifecycle1764710000001 implements MigrationInterface {
  name = 'AccountLifecycle1764710000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check`);
    await q.query(
      `ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_verify', 'email_change'))`,
    );
    await q.query(`ALTER TABLE account_tokens ADD COLUMN new_email text`);
    await q.query(`ALTER TABLE account_tokens ADD COLUMN session_id uuid`);
    await q.query(
      `ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_email_change_check CHECK ((purpose = 'email_change') = (new_email IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM account_tokens WHERE purpose = 'email_change'`);
    await q.query(`ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_email_change_check`);
    await q.query(`ALTER TABLE account_tokens DROP COLUMN session_id`);
    await q.query(`ALTER TABLE account_tokens DROP COLUMN new_email`);
    await q.query(`ALTER TABLE account_tokens DROP CONSTRAINT account_tokens_purpose_check`);
    await q.query(
      `ALTER TABLE account_tokens ADD CONSTRAINT account_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_verify'))`,
    );
  }
}
