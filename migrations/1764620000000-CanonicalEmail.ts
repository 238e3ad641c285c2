import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalEmail } from '../src/email-address/email.js';

/** What the backfill needs of a connection: one query at a time. */
type Query = (sql: string, parameters?: unknown[]) => Promise<any>;

/**
 * Fills users.email_canonical with the rule the code uses (src/email-address/email.ts), computed here
 * in JavaScript: PostgreSQL's lower(normalize(email, NFKC)) follows the database collation and
 * disagrees with JavaScript on characters such as U+0130, which is the bug this column fixes.
 *
 * Accounts that already share a canonical form (look-alikes made before this migration: NFC and
 * NFD, fullwidth letters, a ligature) cannot all keep it: the oldest does, and each later one
 * keeps NULL, so it can no longer be logged into by email until an admin resolves it (it stays
 * listed in the admin API). Returns the ids left without one.
 */
export async function backfillCanonicalEmails(query: Query): Promise<string[]> {
  const rows: { id: string; email: string }[] = await query(
    `SELECT id, email FROM users WHERE email_canonical IS NULL ORDER BY created_at, id`,
  );
  const taken = new Set<string>(
    ((await query(`SELECT email_canonical FROM users WHERE email_canonical IS NOT NULL`)) as { email_canonical: string }[]).map(
      (r) => r.email_canonical,
    ),
  );
  const left: string[] = [];
  for (const row of rows) {
    const canonical = canonicalEmail(row.email);
    if (taken.has(canonical)) {
      left.push(row.id);
      continue;
    }
    taken.add(canonical);
    await query(`UPDATE users SET email_canonical = $2 WHERE id = $1`, [row.id, canonical]);
  }
  return left;
}

/**
 * One canonical email per account: users.email_canonical (NFKC then JavaScript's
 * locale-independent toLowerCase, computed by the service) replaces the unique index on
 * lower(email), whose lower-casing was PostgreSQL's and not the code's.
 */
export class CanonicalEmail1764620000000 implements MigrationInterface {
  name = 'CanonicalEmail1764620000000';

  async up(q: QueryRunner): Promise<void> {
    // Nullable only for look-alike accounts that predate this migration (see the backfill);
    // the service always writes it.
    await q.query(`ALTER TABLE users ADD COLUMN email_canonical text`);
    const left = await backfillCanonicalEmails((sql, parameters) => q.query(sql, parameters));
    if (left.length > 0) {
      // eslint-disable-next-line no-console -- migrations have no logger; an operator must see this
      console.warn(
        `CanonicalEmail: ${left.length} look-alike account(s) share a canonical email with an older one and cannot log in by email until resolved: ${left.join(', ')}`,
      );
    }
    await q.query(`DROP INDEX users_email_lower_key`);
    await q.query(`CREATE UNIQUE INDEX users_email_canonical_key ON users (email_canonical)`);
  }

  /**
   * Back to the unique lower(email) index. It fails if two accounts made since then differ in
   * canonical form but not under PostgreSQL's lower() (such as kiki and kİki under some
   * collations): resolve those first.
   */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_email_canonical_key`);
    await q.query(`ALTER TABLE users DROP COLUMN email_canonical`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
  }
}
