import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Device tokens (OWASP device cookies) are signed and stateless; this is the one fact that takes
 * them back: a device token issued before `devices_revoked_at` (set by "log out everywhere") or
 * before `password_changed_at` (a reset or change) no longer makes its device a known one.
 */
export class DeviceTokensRevokedAt1764680000001 implements MigrationInterface {
  name = 'DeviceTokensRevokedAt1764680000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN devices_revoked_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN devices_revoked_at`);
  }
}
