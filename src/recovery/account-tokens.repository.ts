import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** What a mailed token is for. */
export type TokenPurpose = 'password_reset' | 'email_verify';

/**
 * Password-reset and email-verification tokens, stored as SHA-256 only. One row per user and
 * purpose: issuing replaces the previous token (superseded), spending deletes the row, so a
 * token works once whatever the concurrency.
 */
@Injectable()
export class AccountTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new token for the user and purpose, replacing any earlier one. */
  async issue(userId: string, purpose: TokenPurpose, tokenHash: Buffer, ttlSeconds: number, tx: EntityManager): Promise<void> {
    await tx.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (user_id, purpose) DO UPDATE
         SET token_hash = EXCLUDED.token_hash, created_at = now(), expires_at = EXCLUDED.expires_at`,
      [userId, purpose, tokenHash, ttlSeconds],
    );
  }

  /** The user of a live (unspent, unexpired, newest) token, without spending it. */
  async findLive(purpose: TokenPurpose, tokenHash: Buffer): Promise<string | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT user_id AS "userId" FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > now()`,
      [tokenHash, purpose],
    );
    return row?.userId;
  }

  /** Withdraws the user's outstanding token of this purpose, if any. */
  async withdraw(userId: string, purpose: TokenPurpose, tx: EntityManager): Promise<void> {
    await tx.query(`DELETE FROM account_tokens WHERE user_id = $1 AND purpose = $2`, [userId, purpose]);
  }

  /**
   * Spends a live token: deletes it and returns its user, or undefined when it is unknown,
   * spent, superseded or expired. Of concurrent spenders, exactly one gets the user.
   */
  async spend(purpose: TokenPurpose, tokenHash: Buffer, tx: EntityManager): Promise<string | undefined> {
    const [row] = await tx.query(
      `WITH spent AS (
         DELETE FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND expires_at > now() RETURNING user_id
       ) SELECT user_id AS "userId" FROM spent`,
      [tokenHash, purpose],
    );
    return row?.userId;
  }
}
