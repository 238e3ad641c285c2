// Seeds session families and generations straight into PostgreSQL, for the data-size figures:
// `families` families of `generations` rows each (the newest not rotated, the others rotated an
// hour apart, all within the reuse window and unexpired, so cleanup has nothing to delete), over
// `users` users, the first of whom holds `heavyUserFamilies` of them. Ids are md5-derived, so the
// seeded newest generation of family n is known to the benchmarks: see `seededNewest`.
export async function seed(
  client,
  { families, generations = 10, users = Math.max(1, Math.floor(families / 10)), heavyUserFamilies = 0, tag = 'seed' },
) {
  await client.query(
    `INSERT INTO users (id, email, password_hash)
     SELECT md5($1 || '-user-' || i)::uuid, $1 || '-' || i || '@example.com', 'not-a-hash' FROM generate_series(1, $2::int) i`,
    [tag, users],
  );
  await client.query(
    `INSERT INTO session_families (id, user_id, device_id, created_at, last_used_at, expires_at)
     SELECT md5($1 || '-family-' || i)::uuid,
            md5($1 || '-user-' || CASE WHEN i <= $3::int THEN 1 ELSE 1 + (i % GREATEST($4::int - 1, 1)) + 1 END)::uuid,
            'seed-device', now() - interval '1 day', now(), now() + interval '80 days'
       FROM generate_series(1, $2::int) i`,
    [tag, families, heavyUserFamilies, Math.max(users, 2)],
  );
  await client.query(
    `INSERT INTO refresh_tokens (id, family_id, parent_id, token_hash, created_at, rotated_at, expires_at)
     SELECT md5(f.id::text || '-' || k)::uuid, f.id,
            CASE WHEN k > 1 THEN md5(f.id::text || '-' || (k - 1))::uuid END,
            sha256(convert_to(f.id::text || '-' || k, 'UTF8')),
            now() - make_interval(hours => $1::int + 1 - k),
            CASE WHEN k < $1::int THEN now() - make_interval(hours => $1::int - k) END,
            now() + interval '14 days'
       FROM session_families f CROSS JOIN generate_series(1, $1::int) k
      WHERE f.device_id = 'seed-device' AND f.id IN (SELECT md5($2 || '-family-' || i)::uuid FROM generate_series(1, $3::int) i)`,
    [generations, tag, families],
  );
  await client.query('VACUUM ANALYZE users, session_families, refresh_tokens');
}

/** The newest (unrotated) seeded generation of family `n` (1-based) as { familyId, id }. */
export function seededNewest(createHash, tag, n, generations = 10) {
  const uuid = (text) =>
    createHash('md5')
      .update(text)
      .digest('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const familyId = uuid(`${tag}-family-${n}`);
  return { familyId, id: uuid(`${familyId}-${generations}`), userId: uuid(`${tag}-user-1`) };
}
