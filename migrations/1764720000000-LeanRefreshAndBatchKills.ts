import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a refresh and a mass kill write, cut to what they need (issue 25, bench/README.md).
 *
 * - Generations follow their family through a statement-level trigger with a transition table
 *   instead of the refresh_tokens.family_id foreign key. The key cost one trigger query per
 *   refresh (the child's `FOR KEY SHARE` check of a family row the rotation had just locked
 *   FOR UPDATE) and one per family deleted (its ON DELETE CASCADE: 2,000 queries to end 2,000
 *   families). The trigger deletes the generations of every family a statement deleted, in one
 *   set-based statement, whoever deleted them (ending, cleanup, or a user row's cascade). A
 *   generation is inserted only with its family (login) or under its family's row lock
 *   (rotation), so none can be inserted for a family that is gone.
 * - A statement that ends several families (all of a user's) writes one audit event listing
 *   them in `session_ids`, instead of one row per family; GET /admin/audit?sessionId= finds it
 *   through the GIN index below.
 * - refresh_tokens_live_idx was a second copy of refresh_tokens_newest_expires_idx (same column,
 *   same predicate): one index insert per refresh for nothing.
 */
export class LeanRefreshAndBatchKills1764720000000 implements MigrationInterface {
  name = 'LeanRefreshAndBatchKills1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE refresh_tokens DROP CONSTRAINT refresh_tokens_family_id_fkey`);
    await q.query(`
      CREATE FUNCTION delete_generations_of_deleted_families() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- = ANY(ARRAY(...)): an index probe per family whatever the planner guesses of the
        -- transition table's size (a join was planned as a sequential scan of refresh_tokens)
        DELETE FROM refresh_tokens WHERE family_id = ANY (ARRAY(SELECT id FROM gone));
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER session_families_delete_generations
        AFTER DELETE ON session_families
        REFERENCING OLD TABLE AS gone
        FOR EACH STATEMENT EXECUTE FUNCTION delete_generations_of_deleted_families()`);
    await q.query(`ALTER TABLE audit_events ADD COLUMN session_ids uuid[]`);
    await q.query(`CREATE INDEX audit_events_session_ids_idx ON audit_events USING gin (session_ids) WHERE session_ids IS NOT NULL`);
    await q.query(`DROP INDEX refresh_tokens_live_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refresh_tokens_live_idx ON refresh_tokens (expires_at) WHERE rotated_at IS NULL`);
    // the batched events become one row per family again, as they were written before
    await q.query(`
      INSERT INTO audit_events (at, type, user_id, session_id, ip, user_agent, detail)
      SELECT e.at, e.type, e.user_id, s.id, e.ip, e.user_agent, e.detail
        FROM audit_events e CROSS JOIN unnest(e.session_ids) AS s(id)
       WHERE e.session_id IS NULL AND e.session_ids IS NOT NULL`);
    await q.query(`DELETE FROM audit_events WHERE session_id IS NULL AND session_ids IS NOT NULL`);
    await q.query(`DROP INDEX audit_events_session_ids_idx`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN session_ids`);
    await q.query(`DROP TRIGGER session_families_delete_generations ON session_families`);
    await q.query(`DROP FUNCTION delete_generations_of_deleted_families()`);
    await q.query(`DELETE FROM refresh_tokens t WHERE NOT EXISTS (SELECT 1 FROM session_families f WHERE f.id = t.family_id)`);
    await q.query(`
      ALTER TABLE refresh_tokens ADD CONSTRAINT refresh_tokens_family_id_fkey
        FOREIGN KEY (family_id) REFERENCES session_families (id) ON DELETE CASCADE`);
  }
}
