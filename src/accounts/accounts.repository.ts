import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** What GET /auth/me/export answers, apart from the profile. */
export interface ExportRows {
  sessions: Record<string, unknown>[];
  auditEvents: Record<string, unknown>[];
  pendingEmailChange: { newEmail: string; expiresAt: Date } | null;
  /** Second factors without their secrets, and how many recovery codes are left. */
  factors: { totp: Record<string, unknown>[]; passkeys: Record<string, unknown>[]; recoveryCodesLeft: number };
  identities: Record<string, unknown>[];
}

/** `s` as a case-insensitive regular expression matching it literally. */
function literalPattern(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The SQL of an account's whole life that is not a plain users row: erasure, export, email change. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * GDPR erasure, in the deletion's transaction, of `emails` (the account's address as stored
   * and in canonical form) wherever the service keeps text about the account once its row is
   * gone: audit events (any event, also ones of failed logins typed before the account
   * existed) keep their type, time and ids with the address replaced, and rate-limit buckets
   * keyed by it are dropped. The users row itself goes with `deleteUser`.
   */
  async eraseEmails(emails: string[], tx: EntityManager): Promise<void> {
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    const pattern = unique.map(literalPattern).join('|');
    const likes = unique.map((e) => `%${e.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    await tx.query(
      `UPDATE audit_events SET detail = regexp_replace(detail::text, $1, '[erased]', 'gi')::jsonb
        WHERE detail::text ILIKE ANY ($2::text[])`,
      [pattern, likes],
    );
    await tx.query(`DELETE FROM rate_limit_buckets WHERE key ILIKE ANY ($1::text[])`, [likes]);
  }

  /** Deletes the users row; every table keyed by the user goes with it (ON DELETE CASCADE). */
  async deleteUser(userId: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(`WITH d AS (DELETE FROM users WHERE id = $1 RETURNING id) SELECT id FROM d`, [userId]);
    return rows.length > 0;
  }

  /** Everything stored about the user beside the profile, for the export. */
  async exportRows(userId: string): Promise<ExportRows> {
    const [sessions, auditEvents, change, totp, passkeys, codes, identities] = await Promise.all([
      this.dataSource.query(
        `SELECT f.id, f.device_id AS "deviceId", f.device_name AS "deviceName", f.user_agent AS "userAgent", f.ip,
                f.created_at AS "createdAt", f.last_used_at AS "lastUsedAt", f.expires_at AS "expiresAt",
                (SELECT count(*)::int FROM refresh_tokens t WHERE t.family_id = f.id) AS generations
           FROM session_families f WHERE f.user_id = $1 ORDER BY f.created_at DESC`,
        [userId],
      ),
      this.dataSource.query(
        `SELECT id, at, type, session_id AS "sessionId", ip, user_agent AS "userAgent", detail
           FROM audit_events WHERE user_id = $1 ORDER BY at DESC, id DESC`,
        [userId],
      ),
      this.dataSource.query(
        `SELECT new_email AS "newEmail", expires_at AS "expiresAt" FROM account_tokens
          WHERE user_id = $1 AND purpose = 'email_change' AND expires_at > now()`,
        [userId],
      ),
      // never the sealed TOTP secret, a passkey's public key or a recovery code's hash
      this.dataSource.query(
        `SELECT id, confirmed_at IS NOT NULL AS active, created_at AS "createdAt", last_used_at AS "lastUsedAt"
           FROM totp_factors WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      ),
      this.dataSource.query(
        `SELECT id, name, device_type AS "deviceType", backed_up AS "backedUp", created_at AS "createdAt", last_used_at AS "lastUsedAt"
           FROM passkeys WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [userId]),
      this.dataSource.query(
        `SELECT id, provider, subject, email, created_at AS "createdAt" FROM identities WHERE user_id = $1 ORDER BY created_at`,
        [userId],
      ),
    ]);
    return {
      sessions,
      auditEvents,
      pendingEmailChange: change[0] ?? null,
      factors: { totp, passkeys, recoveryCodesLeft: codes[0].n },
      identities,
    };
  }

  /** Stores the email-change token (replacing an earlier one) with the new address and the family that asked. */
  async issueEmailChange(
    userId: string,
    change: { tokenHash: Buffer; newEmail: string; sessionId: string; ttlSeconds: number },
    tx: EntityManager,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, new_email, session_id)
       VALUES ($1, 'email_change', $2, now() + make_interval(secs => $3), $4, $5)
       ON CONFLICT (user_id, purpose) DO UPDATE
         SET token_hash = EXCLUDED.token_hash, created_at = now(), expires_at = EXCLUDED.expires_at,
             new_email = EXCLUDED.new_email, session_id = EXCLUDED.session_id`,
      [userId, change.tokenHash, change.ttlSeconds, change.newEmail, change.sessionId],
    );
  }

  /** Spends a live email-change token; of concurrent spenders one gets it. */
  async spendEmailChange(
    tokenHash: Buffer,
    tx: EntityManager,
  ): Promise<{ userId: string; newEmail: string; sessionId: string | null } | undefined> {
    const [row] = await tx.query(
      `WITH spent AS (
         DELETE FROM account_tokens WHERE token_hash = $1 AND purpose = 'email_change' AND expires_at > now()
         RETURNING user_id, new_email, session_id
       ) SELECT user_id AS "userId", new_email AS "newEmail", session_id AS "sessionId" FROM spent`,
      [tokenHash],
    );
    return row;
  }

  /** Sets a confirmed new email (verified); false when another account has its canonical form. */
  async changeEmail(userId: string, email: string, emailCanonical: string, tx: EntityManager): Promise<boolean> {
    try {
      // a savepoint, so a unique violation leaves the transaction usable for the caller's refusal
      await tx.query('SAVEPOINT change_email');
      await tx.query(`UPDATE users SET email = $2, email_canonical = $3, email_verified = true, updated_at = now() WHERE id = $1`, [
        userId,
        email,
        emailCanonical,
      ]);
      await tx.query('RELEASE SAVEPOINT change_email');
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT change_email');
      return false;
    }
  }
}
