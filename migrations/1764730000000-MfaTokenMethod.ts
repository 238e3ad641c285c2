import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An mfa token keeps its first step's sign-in method (`password`, `passkey`, `oidc:<id>`), so
 * the `login_succeeded` of the second step names it. It was guessed from the first step's amr,
 * which cannot tell a provider's id (`fed`): a provider sign-in was recorded as `other`.
 * Tokens live 5 minutes; those waiting at the migration get the guess they would have got.
 */
export class MfaTokenMethod1764730000000 implements MigrationInterface {
  name = 'MfaTokenMethod1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mfa_tokens ADD COLUMN method text`);
    await q.query(`
      UPDATE mfa_tokens SET method = CASE WHEN 'pwd' = ANY (amr) THEN 'password' WHEN 'hwk' = ANY (amr) THEN 'passkey' ELSE 'other' END`);
    await q.query(`ALTER TABLE mfa_tokens ALTER COLUMN method SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mfa_tokens DROP COLUMN method`);
  }
}
