import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allPages, newAdmin } from './support/admin.js';
import { auditCount, insertUser } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session, type TestUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The admin API the console adds: a user by id, the 24-hour overview and the keys. */
describe('admin console API', () => {
  let t: TestApp;
  let admin: TestUser;
  let adminSession: Session;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0', KEY_ACTIVATION_DELAY: '30' });
    admin = await newAdmin(t);
    adminSession = await loginAs(t.url, admin);
  });
  afterAll(() => t.close());

  const get = (path: string, session = adminSession) => http(t.url, 'GET', path, { token: session.accessToken });
  const post = (path: string, session = adminSession) => http(t.url, 'POST', path, { token: session.accessToken });

  describe('access', () => {
    const routes: [string, string][] = [
      ['GET', `/admin/users/${UNKNOWN_ID}`],
      ['GET', '/admin/overview'],
      ['GET', '/admin/keys'],
      ['POST', '/admin/keys/rotate'],
    ];

    it('answers 403 forbidden to a non-admin and 401 to an anonymous caller', async () => {
      const user = await loginAs(t.url, await newUser(t.url));
      for (const [method, route] of routes) {
        const refused = await http(t.url, method, route, { token: user.accessToken });
        expect([route, refused.status, refused.body.code]).toEqual([route, 403, 'forbidden']);
        const anonymous = await http(t.url, method, route);
        expect([route, anonymous.status, anonymous.body.code]).toEqual([route, 401, 'invalid_token']);
      }
      expect(await auditCount(t.db, { type: 'keys_rotated' })).toBe(0);
    });
  });

  describe('GET /admin/users/:id', () => {
    it('answers the user with the admin fields', async () => {
      const user = await newUser(t.url, { name: 'Grace' });
      const response = await get(`/admin/users/${user.id}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toEqual({
        id: user.id,
        email: user.email,
        name: 'Grace',
        roles: ['user'],
        createdAt: expect.any(String),
        disabled: false,
        emailVerified: false,
        claims: {},
      });
    });

    it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
      expect((await get(`/admin/users/${UNKNOWN_ID}`)).body.code).toBe('not_found');
      const bad = await get('/admin/users/not-a-uuid');
      expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    });
  });

  describe('GET /admin/overview', () => {
    it('counts live sessions, logins, failures, refreshes and reuse of the last 24 hours, by the hour', async () => {
      const before = (await get('/admin/overview')).body;
      const user = await newUser(t.url);
      const kept = await loginAs(t.url, user, { deviceId: 'phone-0001' });
      const stolen = await loginAs(t.url, user);
      await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong password!' } });
      const rotated = await refresh(t.url, stolen.refreshToken);
      expect(rotated.status).toBe(200);
      expect((await refresh(t.url, stolen.refreshToken)).body.code).toBe('refresh_token_reused'); // ends `stolen`
      expect((await refresh(t.url, kept.refreshToken, 'tablet-0009')).body.code).toBe('device_mismatch'); // ends `kept`
      await loginAs(t.url, user); // one live family left

      const response = await get('/admin/overview');
      expect(response.status).toBe(200);
      const after = response.body;
      const delta = (name: string) => after.totals[name] - before.totals[name];
      expect({
        logins: delta('logins'),
        loginFailures: delta('loginFailures'),
        refreshes: delta('refreshes'),
        reuseDetections: delta('reuseDetections'),
        deviceMismatches: delta('deviceMismatches'),
      }).toEqual({ logins: 3, loginFailures: 1, refreshes: 1, reuseDetections: 1, deviceMismatches: 1 });

      const listed = await allPages(t.url, adminSession.accessToken, '/admin/sessions?limit=100');
      expect(after.liveSessions).toBe(listed.items.length);
      expect(after.liveSessions).toBe(before.liveSessions + 1);

      expect(after.hourly).toHaveLength(24);
      const hours = after.hourly.map((bucket: { hour: string }) => Date.parse(bucket.hour));
      expect(hours.every((h: number, i: number) => h % 3_600_000 === 0 && (i === 0 || h - hours[i - 1] === 3_600_000))).toBe(true);
      expect(after.from).toBe(after.hourly[0].hour);
      expect(Date.parse(after.to) - hours[23]).toBeLessThan(3_600_000);
      for (const name of Object.keys(after.totals)) {
        expect([name, after.hourly.reduce((sum: number, bucket: Record<string, number>) => sum + bucket[name], 0)]).toEqual([
          name,
          after.totals[name],
        ]);
      }
    });

    it('leaves out events older than the first hour of the window', async () => {
      const before = (await get('/admin/overview')).body;
      await t.db.query(
        `INSERT INTO audit_events (type, at) VALUES ('login_succeeded', now() - interval '25 hours'), ('login_succeeded', now() - interval '2 hours')`,
      );
      const after = (await get('/admin/overview')).body;
      expect(after.totals.logins - before.totals.logins).toBe(1);
    });

    it('reads each figure through an index, not by scanning the tables', async () => {
      // A table of old events and long-rotated generations, as a service running for months has.
      const userId = await insertUser(t.db, 'plan-check@example.com');
      await t.db.query(
        `INSERT INTO session_families (id, user_id, device_id, expires_at)
         SELECT gen_random_uuid(), $1, 'd', now() + interval '1 day' FROM generate_series(1, 500)`,
        [userId],
      );
      await t.db.query(
        `INSERT INTO refresh_tokens (id, family_id, token_hash, created_at, rotated_at, expires_at)
         SELECT gen_random_uuid(), f.id, '\\x00', now() - interval '2 days', now() - interval '2 days', now() - interval '1 day'
           FROM session_families f CROSS JOIN generate_series(1, 40) WHERE f.user_id = $1`,
        [userId],
      );
      await t.db.query(
        `INSERT INTO audit_events (type, at) SELECT (ARRAY['token_refreshed','login_succeeded','session_revoked'])[1 + i % 3], now() - interval '3 days' - make_interval(secs => i)
           FROM generate_series(1, 30000) i`,
      );
      await t.db.query('ANALYZE audit_events; ANALYZE refresh_tokens');
      const plan = async (sql: string, params: unknown[] = []) =>
        (await t.db.query(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(await plan(`SELECT count(*)::int AS count FROM refresh_tokens WHERE rotated_at IS NULL AND expires_at > now()`)).toContain(
        'refresh_tokens_newest_expires_idx',
      );
      // by type (audit_events_type_idx) or by time (audit_events_at_idx): the planner picks, both read only the window
      const series = await plan(
        `SELECT type, date_trunc('hour', at, 'UTC') AS hour, count(*)::int AS count FROM audit_events
          WHERE type = ANY($1::text[]) AND at >= $2 GROUP BY 1, 2`,
        [
          ['login_succeeded', 'login_failed', 'token_refreshed', 'refresh_reuse_detected', 'device_mismatch'],
          new Date(Date.now() - 86_400_000),
        ],
      );
      expect(series).toMatch(/Index (Only )?Scan using audit_events_(type|at)_idx/);
      expect(series).not.toMatch(/Seq Scan/);
    });
  });

  describe('keys', () => {
    it('lists the published signing and envelope keys with their state, never a private part', async () => {
      const response = await get('/admin/keys');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        activationDelaySeconds: 30,
        automaticRotationSeconds: null,
        retiredKeyPublishedSeconds: t.config.ACCESS_TOKEN_TTL + 60,
      });
      const active = response.body.items.filter((key: { state: string }) => key.state === 'active');
      expect(active.map((key: { use: string; alg: string }) => `${key.use}:${key.alg}`).sort()).toEqual(['enc:RSA-OAEP-256', 'sig:ES256']);
      for (const key of response.body.items) {
        expect(Object.keys(key).sort()).toEqual(['activatesAt', 'alg', 'createdAt', 'kid', 'retiredAt', 'state', 'use']);
      }
      const jwks = await http(t.url, 'GET', '/.well-known/jwks.json');
      expect(response.body.items.map((key: { kid: string }) => key.kid).sort()).toEqual(
        jwks.body.keys.map((key: { kid: string }) => key.kid).sort(),
      );
    });

    it('rotates on demand: new keys published at once, used after the activation delay, nobody logged out', async () => {
      const before = (await get('/admin/keys')).body.items;
      const user = await loginAs(t.url, await newUser(t.url));

      const rotation = await post('/admin/keys/rotate');
      expect(rotation.status).toBe(201);
      expect(rotation.body.activationDelaySeconds).toBe(30);
      expect(rotation.body.created.map((key: { use: string; state: string }) => `${key.use}:${key.state}`).sort()).toEqual([
        'enc:pending',
        'sig:pending',
      ]);
      const delay = Date.parse(rotation.body.activatesAt) - Date.now();
      expect(delay).toBeGreaterThan(20_000);
      expect(delay).toBeLessThanOrEqual(30_000);

      const after = (await get('/admin/keys')).body.items;
      for (const old of before.filter((key: { state: string }) => key.state === 'active')) {
        expect(after.find((key: { kid: string }) => key.kid === old.kid)).toMatchObject({
          state: 'active',
          retiredAt: rotation.body.activatesAt,
        });
      }
      const jwks = (await http(t.url, 'GET', '/.well-known/jwks.json')).body.keys.map((key: { kid: string }) => key.kid);
      for (const key of rotation.body.created) expect(jwks).toContain(key.kid);

      // tokens signed before still work, and new ones are still signed with the old key until activation
      expect((await http(t.url, 'GET', '/auth/me', { token: user.accessToken })).status).toBe(200);
      const fresh = await loginAs(t.url, await newUser(t.url));
      const { kid } = JSON.parse(Buffer.from(fresh.accessToken.split('.')[0], 'base64url').toString());
      expect(rotation.body.created.map((key: { kid: string }) => key.kid)).not.toContain(kid);

      const audit = await get('/admin/audit?type=keys_rotated');
      expect(audit.body.items[0]).toMatchObject({
        type: 'keys_rotated',
        userId: null,
        detail: {
          by: admin.id,
          activatesAt: rotation.body.activatesAt,
          kids: Object.fromEntries(rotation.body.created.map((key: { use: string; kid: string }) => [key.use, key.kid])),
        },
      });
    });
  });
});
