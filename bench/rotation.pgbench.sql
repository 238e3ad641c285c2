-- pgbench script: the refresh statement of SessionsRepository.rotateGeneration, unchanged but for
-- where its parameters come from: each pgbench client chains the rotations of its own family,
-- reading the newest generation from bench_heads and writing the child back there (one extra
-- row update per transaction, which the service does not pay). This is the floor: the same
-- work in PostgreSQL with no HTTP, no Node and no crypto.
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
), touch AS (
  UPDATE session_families f SET last_used_at = now() FROM parent p WHERE f.id = p.family_id
), audit AS (
  INSERT INTO audit_events (type, user_id, session_id, ip, user_agent, detail)
  SELECT 'token_refreshed', g.user_id, g.family_id, '127.0.0.1', 'pgbench', jsonb_build_object('generation', c.id, 'parent', g.id)
    FROM g CROSS JOIN child c
), head AS (
  UPDATE bench_heads b SET token_id = c.id, token_hash = c.token_hash FROM child c WHERE b.n = :client_id
)
SELECT g.id, c.id AS child_id, c.expires_at FROM g LEFT JOIN child c ON true;
