import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generations are keyed by their family: primary key (family_id, id), one child per parent
 * within the family, and a parent that must belong to the same family. Every statement of the
 * refresh path then names the family (the refresh token carries its id), which is what lets
 * the tables be distributed by family id (docs/scale-out.md) without a cross-shard statement.
 */
export class FamilyKeyedGenerations1764630000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_parent_id_fkey`);
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_parent_id_key`);
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey`);
    await q.query(`ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (family_id, id)`);
    await q.query(`ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_parent_key UNIQUE (family_id, parent_id)`);
    // pruning an old parent clears only parent_id (PostgreSQL 15+): the child stays in its family
    await q.query(`
      ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_parent_fkey
        FOREIGN KEY (family_id, parent_id) REFERENCES refresh_tokens (family_id, id) ON DELETE SET NULL (parent_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_parent_fkey`);
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_parent_key`);
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_pkey`);
    await q.query(`ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id)`);
    await q.query(`ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_parent_id_key UNIQUE (parent_id)`);
    await q.query(`
      ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_parent_id_fkey
        FOREIGN KEY (parent_id) REFERENCES refresh_tokens (id) ON DELETE SET NULL`);
  }
}
