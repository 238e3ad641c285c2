import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every revocation is announced at commit with NOTIFY, so every instance of the auth service
 * learns it at once and pushes it to the guards streaming from it.
 *
 * One statement-level trigger on revoked_sessions does it, rather than a pg_notify call beside
 * each statement that ends families: whoever writes a revocation cannot forget to announce it,
 * and NOTIFY is transactional, so a rolled-back deletion announces nothing and a committed one
 * is announced exactly when it becomes visible. Per statement (with the transition table), not
 * per row: ending 2,000 families is one notification. A payload over PostgreSQL's 8,000-byte
 * limit is replaced by an empty one, which tells listeners to read the table instead.
 */
export class NotifyRevocations1764660000000 implements MigrationInterface {
  name = 'NotifyRevocations1764660000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_revoked_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rows int;
        payload text := '';
      BEGIN
        SELECT count(*) INTO rows FROM added;
        IF rows = 0 THEN
          RETURN NULL;
        END IF;
        -- about 90 rows fit; past 60, do not build what would be thrown away
        IF rows <= 60 THEN
          SELECT json_agg(json_build_object('sid', session_id, 'until', valid_until, 'at', revoked_at))::text
            INTO payload FROM added;
          IF octet_length(payload) > 7900 THEN
            payload := '';
          END IF;
        END IF;
        PERFORM pg_notify('revoked_sessions', payload);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER revoked_sessions_notify
        AFTER INSERT ON revoked_sessions
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION notify_revoked_sessions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER revoked_sessions_notify ON revoked_sessions`);
    await q.query(`DROP FUNCTION notify_revoked_sessions()`);
  }
}
