import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Costs that no longer grow with the table.
 *
 * - The parent self-reference loses its foreign key (the UNIQUE (family_id, parent_id) stays).
 *   With it, deleting a family ran one ON DELETE SET NULL trigger query per generation, to null
 *   a parent_id in a row that the same deletion removes anyway (335 ms for 22,692 rows). The
 *   invariant that matters, one child per parent, is the UNIQUE constraint, untouched. A
 *   parent_id only ever names a row of the same family by construction: the rotation statement
 *   inserts the child with the family_id and id of the parent it has just read under the family
 *   lock; generations are deleted either with their whole family, or by cleanup's pruning,
 *   which nulls the surviving child's parent_id in the same statement, as SET NULL did.
 * - Statements that end families delete the generations themselves, in one set-based
 *   statement, before the family_id cascade gets to them: the cascade then finds nothing left,
 *   which costs one index probe per family instead of a DELETE per family.
 * - Cleanup finds idle families through the newest generation of each (the one not rotated,
 *   exactly one per family) by its expiry, instead of testing every family: this partial index
 *   is what it walks.
 */
export class FlatFamilyDeletes1764660000001 implements MigrationInterface {
  name = 'FlatFamilyDeletes1764660000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_parent_fkey`);
    await q.query(`CREATE INDEX refresh_tokens_newest_expires_idx ON refresh_tokens (expires_at) WHERE rotated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX refresh_tokens_newest_expires_idx`);
    await q.query(`
      UPDATE refresh_tokens c SET parent_id = NULL
       WHERE parent_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM refresh_tokens p WHERE p.family_id = c.family_id AND p.id = c.parent_id)`);
    await q.query(`
      ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_parent_fkey
        FOREIGN KEY (family_id, parent_id) REFERENCES refresh_tokens (family_id, id) ON DELETE SET NULL (parent_id)`);
  }
}
