import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KeysService } from '../src/crypto/keys.service.js';
import { whileDatabaseRefuses } from './support/database.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/** The value of one sample line of a Prometheus exposition, e.g. `auth_refresh_total{result="rotated"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('operating the service', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('X-Request-Id', () => {
    it('echoes an acceptable caller id', async () => {
      for (const id of ['a', 'abc.DEF_123-x', 'x'.repeat(128)]) {
        const { headers } = await http(t.url, 'GET', '/health/live', { headers: { 'x-request-id': id } });
        expect(headers.get('x-request-id')).toBe(id);
      }
    });

    it('replaces a missing or unacceptable one with a new id, on every kind of answer', async () => {
      const seen = new Set<string>();
      for (const [path, id] of [
        ['/health/live', undefined],
        ['/health/live', 'x'.repeat(129)],
        ['/nope', 'bad id'],
        ['/auth/me', 'a/b'],
        ['/auth/me', 'é'],
      ] as const) {
        const { headers } = await http(t.url, 'GET', path, { headers: id === undefined ? {} : { 'x-request-id': id } });
        const answer = headers.get('x-request-id');
        expect(answer).toMatch(/^[0-9a-f-]{36}$/);
        seen.add(answer!);
      }
      expect(seen.size).toBe(5);
    });
  });

  describe('security headers', () => {
    it('sends nosniff and no-referrer on every answer, and no HSTS outside production', async () => {
      const answers = await Promise.all([
        http(t.url, 'GET', '/health'),
        http(t.url, 'GET', '/nope'),
        http(t.url, 'GET', '/auth/me'),
        http(t.url, 'POST', '/auth/login', { raw: '{"broken' }),
        http(t.url, 'GET', '/.well-known/jwks.json'),
        http(t.url, 'GET', '/auth/%zz'), // refused by Fastify before any route
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 400, 200, 400]);
      for (const { headers } of answers) {
        expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('strict-transport-security')).toBeNull();
        expect(headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
      }
    });

    it('marks login and refresh answers no-store', async () => {
      const user = await newUser(t.url);
      const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
      expect(login.headers.get('cache-control')).toBe('no-store');
      const refreshed = await refresh(t.url, login.body.refreshToken);
      expect(refreshed.status).toBe(200);
      expect(refreshed.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('GET /metrics', () => {
    it('counts logins, refreshes by result, ended sessions, and requests by route pattern', async () => {
      const before = await fetch(`${t.url}/metrics`).then((r) => r.text());
      const user = await newUser(t.url);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong password!' } })).status).toBe(401);
      const session = await loginAs(t.url, user, { deviceId: 'metrics-device-1' });
      const first = await refresh(t.url, session.refreshToken, 'metrics-device-1');
      expect(first.status).toBe(200);
      expect((await refresh(t.url, session.refreshToken, 'metrics-device-1')).status).toBe(200); // grace
      expect((await refresh(t.url, 'not-a-token')).status).toBe(401);
      const other = await loginAs(t.url, user);
      expect((await http(t.url, 'DELETE', `/auth/sessions/${other.sessionId}`, { token: first.body.accessToken })).status).toBe(204);

      const response = await fetch(`${t.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const after = await response.text();
      const grew = (series: string) => sample(after, series) - sample(before, series);
      expect(grew('auth_login_total{result="success"}')).toBe(2);
      expect(grew('auth_login_total{result="invalid_credentials"}')).toBe(1);
      expect(grew('auth_refresh_total{result="rotated"}')).toBe(1);
      expect(grew('auth_refresh_total{result="grace"}')).toBe(1);
      expect(grew('auth_refresh_total{result="invalid"}')).toBe(1);
      expect(grew('auth_sessions_ended_total{reason="user"}')).toBe(1);
      // the route label is the pattern, never the raw path with its id
      expect(grew('http_request_duration_seconds_count{method="DELETE",route="/auth/sessions/:id",status_code="204"}')).toBe(1);
      expect(after).not.toContain(other.sessionId);
      expect(after).toContain('process_cpu_user_seconds_total');
      expect(after).toContain('nodejs_eventloop_lag_seconds');
    });

    it('counts a reuse and the family it ends', async () => {
      const before = await fetch(`${t.url}/metrics`).then((r) => r.text());
      const session = await loginAs(t.url, await newUser(t.url));
      const next = await refresh(t.url, session.refreshToken);
      expect((await refresh(t.url, next.body.refreshToken)).status).toBe(200);
      expect((await refresh(t.url, session.refreshToken)).body.code).toBe('refresh_token_reused');
      const after = await fetch(`${t.url}/metrics`).then((r) => r.text());
      expect(sample(after, 'auth_refresh_total{result="reused"}') - sample(before, 'auth_refresh_total{result="reused"}')).toBe(1);
      expect(
        sample(after, 'auth_sessions_ended_total{reason="refresh_token_reused"}') -
          sample(before, 'auth_sessions_ended_total{reason="refresh_token_reused"}'),
      ).toBe(1);
    });

    it('puts requests no route matched under one label, whatever the path', async () => {
      await http(t.url, 'GET', '/scanner/probe-1');
      await http(t.url, 'GET', '/scanner/probe-2');
      const text = await fetch(`${t.url}/metrics`).then((r) => r.text());
      expect(text).not.toContain('probe-1');
      expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}')).toBeGreaterThanOrEqual(
        2,
      );
    });
  });

  describe('health', () => {
    it('answers live and ready, and ready turns 503 while the database refuses connections, then recovers', async () => {
      expect(await http(t.url, 'GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await http(t.url, 'GET', '/health/ready')).toMatchObject({
        status: 200,
        body: { status: 'ok', checks: { database: { status: 'up' }, keys: { status: 'up' } } },
      });
      expect(await http(t.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });

      await whileDatabaseRefuses(t.db, async () => {
        const down = await http(t.url, 'GET', '/health/ready');
        expect(down).toMatchObject({ status: 503, body: { statusCode: 503, code: 'unavailable', message: 'Not ready: database' } });
        expect((await http(t.url, 'GET', '/health')).status).toBe(503);
        expect((await http(t.url, 'GET', '/health/live')).status).toBe(200);
      });
      expect((await http(t.url, 'GET', '/health/ready')).status).toBe(200);
    });
  });
});

describe('in production, with METRICS_TOKEN', () => {
  let t: TestApp;
  const token = 'metrics-token-0123456789';

  beforeAll(async () => {
    // DATABASE_URL only satisfies production's config check: the test app connects to its own database
    t = await startTestApp({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://unused',
      METRICS_TOKEN: token,
      REVOCATION_FEED_SECRET: 'feed secret of the production test',
    });
  });
  afterAll(() => t.close());

  it('sends HSTS', async () => {
    const { headers } = await http(t.url, 'GET', '/health/live');
    expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('answers /metrics only with the token', async () => {
    expect((await http(t.url, 'GET', '/metrics')).body).toMatchObject({ statusCode: 401, code: 'invalid_token' });
    expect((await http(t.url, 'GET', '/metrics', { token: 'metrics-token-012345678' })).status).toBe(401);
    const scraped = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('http_request_duration_seconds');
  });

  it('is not ready once no signing key is loaded (last: it leaves this app without keys)', async () => {
    expect((await http(t.url, 'GET', '/health/ready')).status).toBe(200);
    await t.db.query('DELETE FROM crypto_keys');
    await t.app.get(KeysService).reload();
    expect(await http(t.url, 'GET', '/health/ready')).toMatchObject({
      status: 503,
      body: { code: 'unavailable', message: 'Not ready: keys' },
    });
    expect((await http(t.url, 'GET', '/health/live')).status).toBe(200);
  });
});
