import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, session families and their refresh-token generations, the audit trail, the
 * revocation feed and the signing/envelope keys.
 *
 * Invariants the database enforces, whatever the concurrency:
 * - a parent generation has at most one child (UNIQUE parent_id);
 * - deleting a family deletes every generation (ON DELETE CASCADE) in one statement;
 * - audit rows and revocations are not cascaded: they outlive what they describe.
 */
export class InitialSchema1732262400000 implements MigrationInterface {
  name = 'InitialSchema1732262400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{user}',
        disabled boolean NOT NULL DEFAULT false,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_created_idx ON users (created_at, id)`);

    await q.query(`
      CREATE TABLE session_families (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        device_id text NOT NULL,
        device_name text,
        user_agent text,
        ip text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX session_families_user_idx ON session_families (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX session_families_created_idx ON session_families (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX session_families_expires_idx ON session_families (expires_at)`);

    // One row per refresh token ever issued in a family; the newest has rotated_at NULL.
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL REFERENCES session_families (id) ON DELETE CASCADE,
        parent_id uuid UNIQUE REFERENCES refresh_tokens (id) ON DELETE SET NULL,
        token_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        expires_at timestamptz NOT NULL,
        -- the token itself, sealed with AES-256-GCM, kept only while its parent is inside
        -- the reuse grace window so a concurrent or retried refresh gets the same answer
        grace_token bytea
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id, created_at)`);
    await q.query(`CREATE INDEX refresh_tokens_rotated_idx ON refresh_tokens (rotated_at) WHERE rotated_at IS NOT NULL`);
    await q.query(`CREATE INDEX refresh_tokens_grace_idx ON refresh_tokens (created_at) WHERE grace_token IS NOT NULL`);

    await q.query(`
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        type text NOT NULL,
        user_id uuid,
        session_id uuid,
        ip text,
        user_agent text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_user_idx ON audit_events (user_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_session_idx ON audit_events (session_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_events_type_idx ON audit_events (type, at DESC, id DESC)`);

    // Ended families, for guards of other services: kept until no access token of the
    // family can still be valid (valid_until), then pruned.
    await q.query(`
      CREATE TABLE revoked_sessions (
        session_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        valid_until timestamptz NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_sessions_revoked_idx ON revoked_sessions (revoked_at)`);
    await q.query(`CREATE INDEX revoked_sessions_until_idx ON revoked_sessions (valid_until)`);

    // Signing (use=sig) and envelope (use=enc) keys; private parts sealed under MASTER_KEY.
    await q.query(`
      CREATE TABLE crypto_keys (
        kid text PRIMARY KEY,
        use text NOT NULL CHECK (use IN ('sig', 'enc')),
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_key bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        activates_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await q.query(`CREATE INDEX crypto_keys_use_idx ON crypto_keys (use, activates_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crypto_keys`);
    await q.query(`DROP TABLE revoked_sessions`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE session_families`);
    await q.query(`DROP TABLE users`);
  }
}
