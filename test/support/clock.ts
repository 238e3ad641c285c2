import type pg from 'pg';

/**
 * Lets `seconds` pass for one family without waiting: every timestamp of the family and its
 * generations moves that far into the past. The service judges expiry and the grace window
 * with the database's now(), so this is exactly what the passing of time does to it.
 */
export async function ageFamily(db: pg.Client, familyId: string, seconds: number): Promise<void> {
  await db.query(
    `UPDATE session_families
        SET created_at = created_at - make_interval(secs => $2), last_used_at = last_used_at - make_interval(secs => $2),
            expires_at = expires_at - make_interval(secs => $2)
      WHERE id = $1`,
    [familyId, seconds],
  );
  await db.query(
    `UPDATE refresh_tokens
        SET created_at = created_at - make_interval(secs => $2), rotated_at = rotated_at - make_interval(secs => $2),
            expires_at = expires_at - make_interval(secs => $2)
      WHERE family_id = $1`,
    [familyId, seconds],
  );
}
