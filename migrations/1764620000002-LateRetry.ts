import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * refresh_tokens.retried_late_at: set on a generation handed out again by a retry of its
 * parent after the grace (REFRESH_RETRY_UNUSED). Such a generation cannot itself be retried
 * late, which bounds how long a thief and an owner can share a family to one generation.
 */
export class LateRetry1764620000002 implements MigrationInterface {
  name = 'LateRetry1764620000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens ADD COLUMN retried_late_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP COLUMN retried_late_at`);
  }
}
