import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditTrail, familyExists } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('POST /auth/logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const logoutWith = (refreshToken: unknown) => http(t.url, 'POST', '/auth/logout', { body: { refreshToken } });
  const auditOf = (session: Session) => auditTrail(t.db, { sessionId: session.sessionId });

  describe('with { refreshToken } and no Bearer token', () => {
    it('ends the family of the newest token: its refresh and access tokens stop working', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      expect((await logoutWith(session.refreshToken)).status).toBe(204);
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
      expect((await refresh(t.url, session.refreshToken)).body.code).toBe('invalid_refresh_token');
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.code).toBe('session_revoked');
      expect(await auditOf(session)).toContainEqual({ type: 'session_revoked', detail: { reason: 'logout' } });
    });

    it('ends the family of a rotated token presented within the grace window (a lost refresh answer)', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      expect((await refresh(t.url, session.refreshToken)).status).toBe(200);
      expect((await logoutWith(session.refreshToken)).status).toBe(204);
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
    });

    it('treats a rotated token whose child was rotated too as reuse: the family is ended and audited as reuse', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const second = (await refresh(t.url, session.refreshToken)).body;
      expect((await refresh(t.url, second.refreshToken)).status).toBe(200);
      const response = await logoutWith(session.refreshToken);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('refresh_token_reused');
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
      const audit = await auditOf(session);
      expect(audit).toContainEqual(
        expect.objectContaining({
          type: 'refresh_reuse_detected',
          detail: expect.objectContaining({ judgedReuseBecause: 'child_rotated' }),
        }),
      );
    });

    it('answers invalid_refresh_token for an unknown, malformed or wrong token and ends nothing', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const [id] = session.refreshToken.split('.');
      for (const token of [`${id}.${'A'.repeat(43)}`, 'not-a-token', `00000000-0000-0000-0000-000000000000.${'A'.repeat(43)}`]) {
        const response = await logoutWith(token);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_refresh_token');
      }
      expect(await familyExists(t.db, session.sessionId)).toBe(true);
      expect((await refresh(t.url, session.refreshToken)).status).toBe(200);
    });

    it('refuses a refreshToken that is not a string', async () => {
      for (const token of [null, 42, ['x']]) {
        const response = await logoutWith(token);
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([{ field: 'refreshToken', message: expect.stringContaining('refreshToken') }]);
      }
    });
  });

  it('without a Bearer token or a refreshToken is 401 invalid_token', async () => {
    for (const options of [{}, { body: {} }]) {
      const response = await http(t.url, 'POST', '/auth/logout', options);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    }
  });

  it("with a Bearer token ends that token's family, whatever the body holds", async () => {
    const user = await newUser(t.url);
    const laptop = await loginAs(t.url, user);
    const phone = await loginAs(t.url, user);
    const response = await http(t.url, 'POST', '/auth/logout', { token: laptop.accessToken, body: { refreshToken: phone.refreshToken } });
    expect(response.status).toBe(204);
    expect(await familyExists(t.db, laptop.sessionId)).toBe(false);
    expect(await familyExists(t.db, phone.sessionId)).toBe(true);
  });
});
