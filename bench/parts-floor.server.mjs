// The floor of a refresh's Node side: what any Node service must do per refresh, and nothing else.
// A bare Fastify POST route that parses the JSON body, hashes the token (SHA-256), runs one
// prepared statement on PostgreSQL through pg's pool (one round trip returning a row shaped like
// the rotation's), signs an ES256 JWS with node:crypto and answers JSON. No framework, logging,
// validation, metrics or security headers. bench/refresh-rate.bench.mjs drives it with wrk at the
// same concurrency as the service and reports the service's CPU per refresh against this one's.
//   DATABASE_URL=... PORT=... node bench/parts-floor.server.mjs
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const app = Fastify();
app.post('/auth/refresh', async (request) => {
  const hash = createHash('sha256').update(String(request.body.refreshToken)).digest();
  const {
    rows: [row],
  } = await pool.query({
    name: 'floor',
    text: `SELECT $1::bytea AS token_hash, gen_random_uuid() AS id, gen_random_uuid() AS family_id, gen_random_uuid() AS user_id,
                  now() AS rotated_at, now() + interval '14 days' AS expires_at, ARRAY['user']::text[] AS roles, false AS disabled`,
    values: [hash],
  });
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'ES256', typ: 'at+jwt', kid: 'k' })}.${b64({ sub: row.user_id, sid: row.family_id, roles: row.roles, jti: randomUUID(), iat: now, exp: now + 900 })}`;
  const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return {
    accessToken: `${input}.${signature}`,
    refreshToken: `${row.family_id}.${row.id}.${randomBytes(32).toString('base64url')}`,
    expiresIn: 900,
  };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
