import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign in with an OpenID Connect provider:
 * - `users.password_hash` becomes nullable: a user created by a provider has no password until
 *   they set one through "forgot password".
 * - `identities`: a provider account `(provider, subject)` linked to one user; the unique index
 *   makes "one user per provider account" true under any concurrency.
 * - `oidc_tickets`: the server side of a flow, keyed by the SHA-256 of a random value the
 *   browser or app holds: `state` (the authorization request: nonce, PKCE verifier, redirect,
 *   mode, device; 10 minutes), `code` (the one-time code of mode=code; 60 s) and `link` (a link
 *   token; 60 s). Spending one is a DELETE that only one request can win, so every ticket is
 *   single use on any instance. The payload is sealed under MASTER_KEY.
 */
export class OidcIdentities1764700000000 implements MigrationInterface {
  name = 'OidcIdentities1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL`);
    await q.query(`
      CREATE TABLE identities (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        provider text NOT NULL,
        subject text NOT NULL,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider, subject)
      )`);
    await q.query(`CREATE INDEX identities_user_idx ON identities (user_id)`);
    await q.query(`
      CREATE TABLE oidc_tickets (
        token_hash bytea PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('state', 'code', 'link')),
        payload bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX oidc_tickets_expires_idx ON oidc_tickets (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE oidc_tickets`);
    await q.query(`DROP TABLE identities`);
    // accounts without a password cannot survive the old schema: they lose the way they signed in
    await q.query(`DELETE FROM users WHERE password_hash IS NULL`);
    await q.query(`ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL`);
  }
}
