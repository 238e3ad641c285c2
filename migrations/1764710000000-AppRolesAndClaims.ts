import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * App roles and claims in access tokens, and "tokens of this user issued before T are outdated".
 *
 * - `users.claims`: the JSON object access tokens carry as `claims` (checked by the service:
 *   at most 1 KiB, no reserved keys).
 * - `users.tokens_not_before`: access tokens of the user with an `iat` before it are refused
 *   (`token_outdated`). The service reads it with the session check it already runs, and the
 *   refresh reads it in its rotation statement, so neither pays a query for it.
 * - `outdated_tokens`: the same fact for guards of other services, one row per change, kept
 *   until no access token issued before it can still be valid, and announced at commit on the
 *   revocations channel by a statement-level trigger, like revoked_sessions (NotifyRevocations):
 *   the payload's entries are `{ sub, notBefore, until, at }` beside the families' `{ sid, until, at }`.
 */
export class AppRolesAndClaims1764710000000 implements MigrationInterface {
  name = 'AppRolesAndClaims1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN claims jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(`ALTER TABLE users ADD COLUMN tokens_not_before timestamptz`);
    await q.query(`
      CREATE TABLE outdated_tokens (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL,
        not_before timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        valid_until timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX outdated_tokens_revoked_idx ON outdated_tokens (revoked_at)`);
    await q.query(`CREATE INDEX outdated_tokens_until_idx ON outdated_tokens (valid_until)`);
    await q.query(`
      CREATE FUNCTION notify_outdated_tokens() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        rows int;
        payload text := '';
      BEGIN
        SELECT count(*) INTO rows FROM added;
        IF rows = 0 THEN
          RETURN NULL;
        END IF;
        IF rows <= 60 THEN
          SELECT json_agg(json_build_object('sub', user_id, 'notBefore', not_before, 'until', valid_until, 'at', revoked_at))::text
            INTO payload FROM added;
          IF octet_length(payload) > 7900 THEN
            payload := '';
          END IF;
        END IF;
        -- the revocations channel: listeners re-read both tables after an empty payload
        PERFORM pg_notify('revoked_sessions', payload);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER outdated_tokens_notify
        AFTER INSERT ON outdated_tokens
        REFERENCING NEW TABLE AS added
        FOR EACH STATEMENT EXECUTE FUNCTION notify_outdated_tokens()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER outdated_tokens_notify ON outdated_tokens`);
    await q.query(`DROP FUNCTION notify_outdated_tokens()`);
    await q.query(`DROP TABLE outdated_tokens`);
    await q.query(`ALTER TABLE users DROP COLUMN tokens_not_before`);
    await q.query(`ALTER TABLE users DROP COLUMN claims`);
  }
}
