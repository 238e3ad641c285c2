import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts live sessions for the admin overview from an index alone. Every family has exactly
 * one generation not yet rotated (its newest), whose expires_at is already the earlier of the
 * idle and the absolute expiry, so "live families" is "unrotated generations not expired".
 * A refresh already rewrites rotated_at (indexed by refresh_tokens_rotated_idx), so this
 * partial index adds one small index write per refresh and no lost HOT update.
 */
export class LiveSessionsIndex1764670000000 implements MigrationInterface {
  name = 'LiveSessionsIndex1764670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refresh_tokens_live_idx ON refresh_tokens (expires_at) WHERE rotated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX refresh_tokens_live_idx`);
  }
}
