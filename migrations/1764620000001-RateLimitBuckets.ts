import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters in the database, so every instance shares one budget per key (an
 * account's wrong passwords, an ip's registrations...): a fixed window per key, counted with
 * one atomic upsert. Rows of lapsed windows are reused by the next hit or deleted by cleanup.
 */
export class RateLimitBuckets1764620000001 implements MigrationInterface {
  name = 'RateLimitBuckets1764620000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_buckets (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limit_buckets_window_idx ON rate_limit_buckets (window_ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_buckets`);
  }
}
