import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors and passkeys (API.md "Second factors and passkeys").
 *
 * - session_families gains `amr` and `auth_time`: how the family's login (or its latest step-up)
 *   was authenticated. A refresh reads them with the family row it already locks, so tokens keep
 *   them across refreshes at no extra query. NULL for families started before this migration.
 * - totp_factors: one row per TOTP secret (sealed with the master key, bound to the row id),
 *   pending until confirmed; `last_step` is the newest time step accepted, so a code is never
 *   accepted twice.
 * - recovery_codes: SHA-256 of each code (80 random bits each), single use.
 * - passkeys: WebAuthn credentials, with their signature counter and backup flags.
 * - mfa_tokens: the second step of a login (single use, 5 minutes), keyed by the token's hash.
 * - webauthn_challenges: every WebAuthn challenge, single use and short-lived, in the database so
 *   any instance can finish what another started.
 */
export class SecondFactors1764690000000 implements MigrationInterface {
  name = 'SecondFactors1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE session_families ADD COLUMN amr text[], ADD COLUMN auth_time timestamptz`);
    await q.query(`
      CREATE TABLE totp_factors (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        secret bytea NOT NULL,
        confirmed_at timestamptz,
        last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX totp_factors_user_idx ON totp_factors (user_id)`);
    await q.query(`
      CREATE TABLE recovery_codes (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, code_hash)
      )`);
    await q.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        device_type text NOT NULL,
        backed_up boolean NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX passkeys_user_idx ON passkeys (user_id)`);
    await q.query(`
      CREATE TABLE mfa_tokens (
        token_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        amr text[] NOT NULL,
        device_id text,
        device_name text,
        known_device boolean NOT NULL DEFAULT false,
        jkt text,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX mfa_tokens_expires_idx ON mfa_tokens (expires_at)`);
    await q.query(`
      CREATE TABLE webauthn_challenges (
        id uuid PRIMARY KEY,
        challenge text NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('register', 'login', 'mfa', 'step_up')),
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        mfa_token_hash bytea,
        session_id uuid,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX webauthn_challenges_expires_idx ON webauthn_challenges (expires_at)`);
    await q.query(`CREATE INDEX webauthn_challenges_mfa_idx ON webauthn_challenges (mfa_token_hash) WHERE mfa_token_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webauthn_challenges`);
    await q.query(`DROP TABLE mfa_tokens`);
    await q.query(`DROP TABLE passkeys`);
    await q.query(`DROP TABLE recovery_codes`);
    await q.query(`DROP TABLE totp_factors`);
    await q.query(`ALTER TABLE session_families DROP COLUMN amr, DROP COLUMN auth_time`);
  }
}
