-- pgbench script: the floor of a refresh in PostgreSQL, a rotation-shaped transaction and nothing
-- else: lock the family, mark the parent rotated, insert the child (the checks of
-- SessionsRepository.rotateGeneration included). Each pgbench client chains the rotations of its
-- own family, reading the newest generation from bench_heads and writing the child back there
-- (one extra row update per transaction, which the service does not pay). No HTTP, no Node, no
-- crypto, no audit row, no rate-limit bucket: what a refresh cannot do without.
WITH h AS (
  SELECT family_id, token_id, token_hash FROM bench_heads WHERE n = :client_id FOR UPDATE
), g AS (
  SELECT t.id, t.family_id, t.token_hash, t.rotated_at, t.expires_at AS idle_expires_at,
         f.expires_at AS family_expires_at, f.user_id, f.device_id, u.disabled, u.roles
    FROM refresh_tokens t
    JOIN session_families f ON f.id = t.family_id
    JOIN users u ON u.id = f.user_id
   WHERE t.family_id = (SELECT family_id FROM h) AND t.id = (SELECT token_id FROM h)
     FOR UPDATE OF f
), parent AS (
  UPDATE refresh_tokens t SET rotated_at = now(), grace_token = NULL
    FROM g
   WHERE t.family_id = g.family_id AND t.id = g.id AND t.rotated_at IS NULL AND g.token_hash = (SELECT token_hash FROM h)
     AND NOT g.disabled AND g.idle_expires_at > now() AND g.family_expires_at > now()
  RETURNING t.id, t.family_id
), child AS (
  INSERT INTO refresh_tokens (id, family_id, parent_id, token_hash, expires_at, grace_token)
  SELECT gen_random_uuid(), p.family_id, p.id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
         LEAST(now() + make_interval(secs => 1209600), g.family_expires_at), sha256(convert_to(p.id::text, 'UTF8'))
    FROM parent p CROSS JOIN g
  RETURNING id, token_hash, expires_at
), head AS (
  UPDATE bench_heads b SET token_id = c.id, token_hash = c.token_hash FROM child c WHERE b.n = :client_id
)
SELECT g.id, c.id AS child_id, c.expires_at FROM g LEFT JOIN child c ON true;
