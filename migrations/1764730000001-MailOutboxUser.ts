import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queued mail names the account it is about (`mail_outbox.user_id`), and goes with it: deleting
 * a users row deletes its unsent mail in the same statement (ON DELETE CASCADE), so a reset
 * link, an invitation or an email-change confirmation queued for an account that was deleted
 * before its delivery (or between two of its retries) is never sent. The recipient itself stays
 * inside the sealed payload. Mail queued before this migration has no account and is sent as it
 * was; it is delivered within seconds, or retried for at most about 3 hours.
 */
export class MailOutboxUser1764730000001 implements MigrationInterface {
  name = 'MailOutboxUser1764730000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_outbox ADD COLUMN user_id uuid REFERENCES users (id) ON DELETE CASCADE`);
    // the cascade's lookup when a user is deleted
    await q.query(`CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id) WHERE user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_outbox DROP COLUMN user_id`);
  }
}
