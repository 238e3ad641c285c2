import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An mfa token keeps its first step's sign-in method (`password`, `passkey`, `oidc:<id>`), so
 * the `login_succeeded` of the second step names it. It was guessed from the first step's amr,
 * which cannot tell a provider's id (`fed`): a provider sign-in was recorded as `other`.
 * Tokens live 5 minutes; those waiting at the migration get the guess they would have got.
 * The default keeps inserts of the previous release working while instances are replaced.
 */
export class MfaTokenMethod1764730000000 implements MigrationInterface {
  name = 'MfaTokenMethod1764730000000';

  async up(q: QueryRunner): Promise<void> {
    // NOT NULL with a default: an instance still on the previous release (a rolling deploy)
    // inserts tokens without a method, and gets the guess the code used to make
    await q.query(`ALTER TABLE mfa_tokens ADD COLUMN method text NOT NULL DEFAULT 'other'`);
    await q.query(`
      UPDATE mfa_tokens SET method = CASE WHEN 'pwd' = ANY (amr) THEN 'password' WHEN 'hwk' = ANY (amr) THEN 'passkey' ELSE 'other' END`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mfa_tokens DROP COLUMN method`);
  }
}
