import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory.js';
import { lapseRevocation } from './support/db-state.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const SECRET = 'feed-secret-of-sixteen-plus';
const auth = { authorization: `Bearer ${SECRET}` };

describe('GET /auth/revocations', () => {
  let t: TestApp;
  /** A second instance of the service on the same database. */
  let other: NestFastifyApplication;
  let otherUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ REVOCATION_FEED_SECRET: SECRET, REFRESH_REUSE_GRACE: '0' });
    other = await createApp(t.config, t.databaseUrl, false);
    await other.listen(0, '127.0.0.1');
    const address = other.getHttpServer().address();
    otherUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('refuses a missing or wrong secret with 401 invalid_token', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-secret-of-sixteen' },
      { authorization: SECRET },
      { authorization: `Bearer ${SECRET}x` },
    ]) {
      const response = await http(t.url, 'GET', '/auth/revocations', { headers });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token' });
    }
  });

  it('lists families ended by logout and by reuse, with the last moment their tokens could be valid', async () => {
    const user = await newUser(t.url);
    const loggedOut = await loginAs(t.url, user);
    const reused = await loginAs(t.url, user);
    const alive = await loginAs(t.url, user);
    expect((await http(t.url, 'POST', '/auth/logout', { token: loggedOut.accessToken })).status).toBe(204);
    await refresh(t.url, reused.refreshToken);
    expect((await refresh(t.url, reused.refreshToken)).body.code).toBe('refresh_token_reused');

    const started = Date.now();
    const response = await http(t.url, 'GET', '/auth/revocations', { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body).toEqual({ cursor: expect.stringMatching(/^[A-Za-z0-9_-]+$/), revoked: expect.any(Array) });
    const sids = response.body.revoked.map((r: { sid: string }) => r.sid);
    expect(sids).toEqual(expect.arrayContaining([loggedOut.sessionId, reused.sessionId]));
    expect(sids).not.toContain(alive.sessionId);
    for (const entry of response.body.revoked) {
      // ACCESS_TOKEN_TTL is 600: until is about ten minutes after the revocation
      const until = Date.parse(entry.until);
      expect(until).toBeGreaterThan(started + 590_000);
      expect(until).toBeLessThan(started + 610_000);
    }
  });

  it('answers from a cursor with what was revoked since (and a short overlap), and every instance feeds the same list', async () => {
    const first = await http(t.url, 'GET', '/auth/revocations', { headers: auth });
    const session = await loginAs(t.url, await newUser(t.url));
    // ended through the other instance, read through the first and vice versa
    expect((await http(otherUrl, 'POST', '/auth/logout', { token: session.accessToken })).status).toBe(204);
    for (const base of [t.url, otherUrl]) {
      const next = await http(base, 'GET', `/auth/revocations?since=${first.body.cursor}`, { headers: auth });
      expect(next.status).toBe(200);
      expect(next.body.revoked.map((r: { sid: string }) => r.sid)).toContain(session.sessionId);
    }
  });

  it('leaves out revocations older than the cursor minus the overlap, and those whose tokens have all expired', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    await http(t.url, 'POST', '/auth/logout', { token: session.accessToken });
    await t.db.query(`UPDATE revoked_sessions SET revoked_at = now() - interval '5 minutes' WHERE session_id = $1`, [session.sessionId]);
    const latest = await http(t.url, 'GET', '/auth/revocations', { headers: auth });
    expect(latest.body.revoked.map((r: { sid: string }) => r.sid)).toContain(session.sessionId);
    const since = await http(t.url, 'GET', `/auth/revocations?since=${latest.body.cursor}`, { headers: auth });
    expect(since.body.revoked.map((r: { sid: string }) => r.sid)).not.toContain(session.sessionId);

    await lapseRevocation(t.db, session.sessionId);
    const all = await http(t.url, 'GET', '/auth/revocations', { headers: auth });
    expect(all.body.revoked.map((r: { sid: string }) => r.sid)).not.toContain(session.sessionId);
  });

  it.each([['garbage!'], ['bm90IGEgZGF0ZQ'], [''], ['x'.repeat(200)], ['MjAyNS0xMy00MFQyNTo5OTo5OS4wMDBa']])(
    'answers 400 validation_failed for the cursor %s',
    async (since) => {
      const response = await http(t.url, 'GET', `/auth/revocations?since=${encodeURIComponent(since)}`, { headers: auth });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'validation_failed', details: [{ field: 'since', message: expect.any(String) }] });
    },
  );

  it('answers 400 for a repeated or unknown query parameter', async () => {
    const cursor = (await http(t.url, 'GET', '/auth/revocations', { headers: auth })).body.cursor;
    for (const query of [`since=${cursor}&since=${cursor}`, 'limit=5']) {
      const response = await http(t.url, 'GET', `/auth/revocations?${query}`, { headers: auth });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    }
  });
});

describe('GET /auth/revocations without REVOCATION_FEED_SECRET', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is open, and an access token is not needed', async () => {
    const response = await http(t.url, 'GET', '/auth/revocations');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ cursor: expect.any(String), revoked: [] });
  });
});
