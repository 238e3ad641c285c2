import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { cursorAt } from '../database/sql.js';

const UNIQUE_VIOLATION = '23505';

/** A users row, as the service reads it. */
export interface User {
  id: string;
  email: string;
  name: string | null;
  /** Null for a user created by an OpenID Connect provider who never set a password. */
  passwordHash: string | null;
  roles: string[];
  claims: Record<string, unknown>;
  /** Access tokens issued before this are outdated (the roles or claims changed then). */
  tokensNotBefore: Date | null;
  disabled: boolean;
  emailVerified: boolean;
  passwordChangedAt: Date;
  /** Set by "log out everywhere": device tokens issued before it are no longer honoured. */
  devicesRevokedAt: Date | null;
  createdAt: Date;
}

const USER = `id, email, name, password_hash AS "passwordHash", roles, claims, tokens_not_before AS "tokensNotBefore",
  disabled, email_verified AS "emailVerified", password_changed_at AS "passwordChangedAt", devices_revoked_at AS "devicesRevokedAt", created_at AS "createdAt"`;

/** A user row for the admin API, plus the exact sort key of its page position. */
export interface UserRow {
  id: string;
  email: string;
  name: string | null;
  roles: string[];
  claims: Record<string, unknown>;
  disabled: boolean;
  emailVerified: boolean;
  createdAt: Date;
  /** created_at to the microsecond (a JS Date keeps milliseconds, too coarse for a cursor). */
  cursorAt: string;
}

const USER_ROW = `id, email, name, roles, claims, disabled, email_verified AS "emailVerified", created_at AS "createdAt",
  ${cursorAt('created_at')}`;

/** `fragment` as a LIKE pattern that matches it literally anywhere. */
function containsPattern(fragment: string): string {
  return `%${fragment.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a user; returns null when an account has the same canonical email. */
  async insert(
    user: {
      email: string;
      emailCanonical: string;
      name: string | null;
      passwordHash: string | null;
      roles?: string[];
      emailVerified?: boolean;
    },
    tx?: EntityManager,
  ): Promise<User | null> {
    try {
      const [row] = await (tx ?? this.dataSource.manager).query(
        `INSERT INTO users (email, email_canonical, name, password_hash, roles, email_verified) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${USER}`,
        [user.email, user.emailCanonical, user.name, user.passwordHash, user.roles ?? ['user'], user.emailVerified ?? false],
      );
      return row;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  /** The account of a canonical email (see canonicalEmail): compared as is, never re-lower-cased here. */
  async findByCanonicalEmail(emailCanonical: string): Promise<User | null> {
    const [row] = await this.dataSource.query(`SELECT ${USER} FROM users WHERE email_canonical = $1`, [emailCanonical]);
    return row ?? null;
  }

  async findById(id: string, tx?: EntityManager): Promise<User | null> {
    const [row] = await (tx ?? this.dataSource.manager).query(`SELECT ${USER} FROM users WHERE id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Sets a new password hash if the stored one is still `expectedHash` (a compare-and-swap, so
   * two concurrent changes verified against the same old password cannot both win).
   */
  async replacePasswordIf(id: string, expectedHash: string | null, passwordHash: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH changed AS (
         UPDATE users SET password_hash = $3, password_changed_at = now(), updated_at = now()
          WHERE id = $1 AND password_hash = $2 RETURNING id
       ) SELECT id FROM changed`,
      [id, expectedHash, passwordHash],
    );
    return rows.length > 0;
  }

  /**
   * Users whose canonical email contains `canonicalFragment` (the query put through the same
   * canonicalEmail rule, so any spelling finds them), oldest first, after `after`. A look-alike
   * account left without a canonical email by the migration is found by its email as typed.
   */
  search(canonicalFragment: string | undefined, limit: number, after?: { at: string; id: string }): Promise<UserRow[]> {
    return this.dataSource.query(
      `SELECT ${USER_ROW} FROM users
        WHERE ($1::text IS NULL OR email_canonical LIKE $1 OR (email_canonical IS NULL AND email ILIKE $1))
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id
        LIMIT $4`,
      [canonicalFragment ? containsPattern(canonicalFragment) : null, after?.at ?? null, after?.id ?? null, limit],
    );
  }

  /**
   * Locks every enabled admin (in id order, so concurrent callers queue instead of deadlocking)
   * and returns their ids as committed now: lets a change that removes an admin make sure one
   * stays, whatever runs concurrently.
   */
  async lockActiveAdmins(tx: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await tx.query(
      `SELECT id FROM users WHERE 'admin' = ANY(roles) AND NOT disabled ORDER BY id FOR UPDATE`,
    );
    return rows.map((r) => r.id);
  }

  /** The user row, locked until the end of `tx`; undefined for an unknown id. */
  async lockUser(id: string, tx: EntityManager): Promise<UserRow | undefined> {
    const [row] = await tx.query(`SELECT ${USER_ROW} FROM users WHERE id = $1 FOR UPDATE`, [id]);
    return row;
  }

  /** Applies an admin change; the updated row, or undefined for an unknown id. */
  async update(
    id: string,
    change: { disabled?: boolean; roles?: string[]; claims?: Record<string, unknown>; emailVerified?: boolean },
    tx: EntityManager,
  ): Promise<UserRow | undefined> {
    const [row] = await tx.query(
      `WITH changed AS (
         UPDATE users SET disabled = COALESCE($2, disabled), roles = COALESCE($3, roles),
                email_verified = COALESCE($4, email_verified), claims = COALESCE($5::jsonb, claims), updated_at = now()
          WHERE id = $1 RETURNING *
       ) SELECT ${USER_ROW} FROM changed`,
      [
        id,
        change.disabled ?? null,
        change.roles ?? null,
        change.emailVerified ?? null,
        change.claims === undefined ? null : JSON.stringify(change.claims),
      ],
    );
    return row;
  }

  /**
   * Makes every access token of the user issued until now outdated: tokens_not_before (what the
   * service checks) and a row of outdated_tokens (what guards learn, pushed at commit). The
   * time is one second past the statement's clock: a refresh whose rotation statement read the
   * user before this commits signs its token (with the old roles) within that second, and
   * that token is refused too; tokens issued once this committed are stamped past it. It is
   * also past the whole second of the previous change, whose later tokens carry that second
   * as `iat` (KeysService.signAccessToken): two changes within one second must still refuse
   * the tokens issued between them.
   */
  async outdateTokens(id: string, accessTokenTtl: number, tx: EntityManager): Promise<void> {
    await tx.query(
      `WITH u AS (
         UPDATE users SET tokens_not_before = GREATEST(
             clock_timestamp() + interval '1 second',
             to_timestamp(ceil(extract(epoch FROM tokens_not_before))) + interval '1 millisecond')
          WHERE id = $1
         RETURNING id, tokens_not_before
       )
       INSERT INTO outdated_tokens (user_id, not_before, valid_until)
       SELECT id, tokens_not_before, tokens_not_before + make_interval(secs => $2) FROM u`,
      // a token issued just before the change may carry an iat up to two seconds ahead
      [id, accessTokenTtl + 5],
    );
  }

  /** Rehash on login (stronger parameters) without touching password_changed_at. */
  async replaceHash(id: string, oldHash: string | null, passwordHash: string): Promise<boolean> {
    // only if unchanged: a password change that committed meanwhile must not be undone
    const rows: unknown[] = await this.dataSource.query(
      `UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2 RETURNING id`,
      [id, oldHash, passwordHash],
    );
    return rows.length > 0;
  }

  /** Sets a password after a reset: the mailed link proved the email too, so it becomes verified. */
  async resetPassword(id: string, passwordHash: string, tx: EntityManager): Promise<void> {
    await tx.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), email_verified = true, updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /** Marks the email verified; false when it already was (or the user is gone). */
  async markEmailVerified(id: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH changed AS (
         UPDATE users SET email_verified = true, updated_at = now() WHERE id = $1 AND NOT email_verified RETURNING id
       ) SELECT id FROM changed`,
      [id],
    );
    return rows.length > 0;
  }
}
