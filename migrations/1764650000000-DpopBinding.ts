import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DPoP (RFC 9449): a session family may be bound to the thumbprint of the client's key (`jkt`),
 * and the proofs accepted are remembered until they are stale, so a replayed proof is refused
 * by every instance. The primary key makes "seen before" one INSERT ... ON CONFLICT DO NOTHING.
 */
export class DpopBinding1764650000000 implements MigrationInterface {
  name = 'DpopBinding1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_families ADD COLUMN jkt text`);
    await q.query(`
      CREATE TABLE dpop_proofs (
        jkt text NOT NULL,
        jti text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (jkt, jti)
      )`);
    await q.query(`CREATE INDEX dpop_proofs_expires_idx ON dpop_proofs (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dpop_proofs`);
    await q.query(`ALTER TABLE session_families DROP COLUMN jkt`);
  }
}
