import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The browser origin a cookie-mode family was started from (API.md "Browser cookies: one family
 * per origin"). A cookie-mode refresh or logout from any other origin does not use the family,
 * so an app on an allowed CORS origin cannot mint tokens from the admin console's session. Null
 * for families started with a body token (native apps, curl) and for families older than this
 * column: those carry no origin to hold them to.
 */
export class FamilyOrigin1764680000000 implements MigrationInterface {
  name = 'FamilyOrigin1764680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_families ADD COLUMN origin text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_families DROP COLUMN origin`);
  }
}
