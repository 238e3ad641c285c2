import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditEvents, expireFamily, expireGenerationsOf, familyRowCounts, revocationReason, userRow } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe("a user's own sessions", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0', RATE_LIMITS: 'on' });
  });
  afterAll(() => t.close());

  const me = (session: Session) => http(t.url, 'GET', '/auth/me', { token: session.accessToken });
  const list = (session: Session) => http(t.url, 'GET', '/auth/sessions', { token: session.accessToken });

  async function threeDevices() {
    const user = await newUser(t.url);
    const laptop = await loginAs(t.url, user, { deviceId: 'laptop-0001', deviceName: 'Laptop' });
    const phone = await loginAs(t.url, user, { deviceId: 'phone-0001', deviceName: 'Phone' });
    const tablet = await loginAs(t.url, user, { deviceId: 'tablet-0001', deviceName: 'Tablet' });
    return { user, laptop, phone, tablet };
  }

  describe('GET /auth/sessions', () => {
    it("lists exactly the caller's live families, newest first, and marks the current one", async () => {
      const { user, laptop, phone, tablet } = await threeDevices();
      const stranger = await loginAs(t.url, await newUser(t.url));
      await refresh(t.url, laptop.refreshToken); // lastUsedAt moves, the order does not

      const response = await list(phone);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body.map((s: any) => s.id)).toEqual([tablet.sessionId, phone.sessionId, laptop.sessionId]);
      expect(response.body.map((s: any) => s.current)).toEqual([false, true, false]);
      expect(response.body.map((s: any) => s.id)).not.toContain(stranger.sessionId);
      expect(response.body[1]).toEqual({
        id: phone.sessionId,
        userId: user.id,
        deviceId: 'phone-0001',
        deviceName: 'Phone',
        userAgent: 'node',
        ip: '127.0.0.1',
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
        current: true,
      });
      const laptopView = response.body[2];
      expect(Date.parse(laptopView.lastUsedAt)).toBeGreaterThan(Date.parse(laptopView.createdAt));
      // idle expiry (REFRESH_TOKEN_TTL, 14 days) comes before the absolute one (90 days)
      const expiresIn = (Date.parse(laptopView.expiresAt) - Date.now()) / 1000;
      expect(expiresIn).toBeGreaterThan(1209600 - 60);
      expect(expiresIn).toBeLessThanOrEqual(1209600);
    });

    it('leaves out families whose idle or absolute expiry has passed', async () => {
      const { laptop, phone, tablet } = await threeDevices();
      await expireGenerationsOf(t.db, phone.sessionId);
      await expireFamily(t.db, tablet.sessionId);
      const response = await list(laptop);
      expect(response.body.map((s: any) => s.id)).toEqual([laptop.sessionId]);
    });

    it('needs an access token', async () => {
      const response = await http(t.url, 'GET', '/auth/sessions');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    });
  });

  describe('DELETE /auth/sessions/:id', () => {
    it('ends one family with all its generations; its tokens are refused at once and the others keep working', async () => {
      const { laptop, phone, tablet } = await threeDevices();
      const rotated = await refresh(t.url, phone.refreshToken);
      expect(await familyRowCounts(t.db, phone.sessionId)).toEqual({ families: 1, generations: 2 });

      const ended = await http(t.url, 'DELETE', `/auth/sessions/${phone.sessionId}`, { token: laptop.accessToken });
      expect(ended.status).toBe(204);
      expect(await familyRowCounts(t.db, phone.sessionId)).toEqual({ families: 0, generations: 0 });
      expect((await me(phone)).body.code).toBe('session_revoked');
      expect((await refresh(t.url, rotated.body.refreshToken)).body.code).toBe('invalid_refresh_token');

      expect((await me(laptop)).status).toBe(200);
      expect((await me(tablet)).status).toBe(200);
      expect((await refresh(t.url, tablet.refreshToken)).status).toBe(200);
      expect((await list(laptop)).body.map((s: any) => s.id)).toEqual([tablet.sessionId, laptop.sessionId]);

      expect(await auditEvents(t.db, { type: 'session_revoked', sessionId: phone.sessionId })).toEqual([
        expect.objectContaining({ user_id: expect.any(String), detail: { reason: 'user' } }),
      ]);
      expect(await revocationReason(t.db, phone.sessionId)).toBe('user');
    });

    it("answers 404 for another user's session, exactly as for an unknown one, and leaves it alone", async () => {
      const mine = await loginAs(t.url, await newUser(t.url));
      const theirs = await loginAs(t.url, await newUser(t.url));
      const other = await http(t.url, 'DELETE', `/auth/sessions/${theirs.sessionId}`, { token: mine.accessToken });
      const unknown = await http(t.url, 'DELETE', '/auth/sessions/00000000-0000-4000-8000-000000000000', { token: mine.accessToken });
      expect(other.status).toBe(404);
      expect(other.body).toEqual(unknown.body);
      expect(other.body.code).toBe('not_found');
      expect((await me(theirs)).status).toBe(200);
      expect(await familyRowCounts(t.db, theirs.sessionId)).toEqual({ families: 1, generations: 1 });
    });

    it('answers 400 validation_failed for an id that is not a UUID', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      for (const id of ['nope', '1', "x'; DROP TABLE users; --", '00000000-0000-0000-0000-00000000000g']) {
        const response = await http(t.url, 'DELETE', `/auth/sessions/${encodeURIComponent(id)}`, { token: session.accessToken });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('validation_failed');
        expect(response.body.details).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      }
    });
  });

  describe('DELETE /auth/sessions', () => {
    it('with keep=current ends every other family of the caller only', async () => {
      const { laptop, phone, tablet } = await threeDevices();
      const stranger = await loginAs(t.url, await newUser(t.url));
      const response = await http(t.url, 'DELETE', '/auth/sessions?keep=current', { token: phone.accessToken });
      expect(response.status).toBe(204);
      expect((await list(phone)).body.map((s: any) => s.id)).toEqual([phone.sessionId]);
      expect((await me(laptop)).body.code).toBe('session_revoked');
      expect((await me(tablet)).body.code).toBe('session_revoked');
      expect((await refresh(t.url, laptop.refreshToken)).status).toBe(401);
      expect((await refresh(t.url, phone.refreshToken)).status).toBe(200);
      expect((await me(stranger)).status).toBe(200);
      // one event for the statement that ended both, listing them
      const reasons = await t.db.query(
        `SELECT detail->>'reason' AS reason, session_ids FROM audit_events WHERE type = 'session_revoked' AND session_ids && $1::uuid[]`,
        [[laptop.sessionId, tablet.sessionId]],
      );
      expect(reasons.rows).toEqual([{ reason: 'others', session_ids: [laptop.sessionId, tablet.sessionId].sort() }]);
    });

    it('without keep ends every family of the caller, the current one included', async () => {
      const { laptop, phone, tablet } = await threeDevices();
      expect((await http(t.url, 'DELETE', '/auth/sessions', { token: phone.accessToken })).status).toBe(204);
      for (const session of [laptop, phone, tablet]) {
        expect((await me(session)).body.code).toBe('session_revoked');
        expect(await familyRowCounts(t.db, session.sessionId)).toEqual({ families: 0, generations: 0 });
      }
    });

    it.each([['keep=all'], ['keep='], ['keep=current&keep=current'], ['other=1']])(
      'refuses ?%s with 400 and ends nothing',
      async (query) => {
        const { laptop, phone } = await threeDevices();
        const response = await http(t.url, 'DELETE', `/auth/sessions?${query}`, { token: phone.accessToken });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('validation_failed');
        expect((await me(laptop)).status).toBe(200);
        expect((await me(phone)).status).toBe(200);
      },
    );
  });

  describe('POST /auth/password', () => {
    const change = (session: Session, body: unknown) => http(t.url, 'POST', '/auth/password', { token: session.accessToken, body });

    it('logs out the other devices, keeps this one, and makes only the new password work', async () => {
      const { user, laptop, phone, tablet } = await threeDevices();
      const before = await userRow(t.db, user.id);
      const newPassword = '  a brand new passphrase ✓ ';

      const response = await change(phone, { currentPassword: user.password, newPassword });
      expect(response.status).toBe(204);

      for (const other of [laptop, tablet]) {
        expect((await me(other)).body.code).toBe('session_revoked');
        expect((await refresh(t.url, other.refreshToken)).body.code).toBe('invalid_refresh_token');
      }
      expect((await me(phone)).status).toBe(200);
      const rotated = await refresh(t.url, phone.refreshToken);
      expect(rotated.status).toBe(200);
      expect((await list(rotated.body)).body.map((s: any) => s.id)).toEqual([phone.sessionId]);

      const after = await userRow(t.db, user.id);
      expect(after.password_hash).not.toBe(before.password_hash);
      expect(after.password_changed_at.getTime()).toBeGreaterThan(before.password_changed_at.getTime());
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: newPassword.trim() } })).status).toBe(401);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: newPassword } })).status).toBe(200);

      expect(await auditEvents(t.db, { type: 'password_changed', userId: user.id })).toEqual([
        expect.objectContaining({ session_id: phone.sessionId, detail: { sessionsEnded: 2 } }),
      ]);
      const revoked = await auditEvents(t.db, { type: 'session_revoked', userId: user.id, detail: { reason: 'password_change' } });
      expect(revoked.map((event) => event.session_ids)).toEqual([[laptop.sessionId, tablet.sessionId].sort()]);
    });

    it('refuses a wrong current password with 401 invalid_credentials and changes nothing', async () => {
      const { user, laptop, phone } = await threeDevices();
      const response = await change(phone, { currentPassword: 'not the password', newPassword: 'another password 1' });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_credentials');
      expect((await me(laptop)).status).toBe(200);
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    });

    it.each([
      ['a short new password', { currentPassword: 'whatever1', newPassword: 'short' }],
      ['a too long new password', { currentPassword: 'whatever1', newPassword: 'x'.repeat(129) }],
      ['no current password', { newPassword: 'long enough 123' }],
      ['an unknown field', { currentPassword: 'whatever1', newPassword: 'long enough 123', admin: true }],
    ])('answers 400 validation_failed for %s', async (_, body) => {
      const session = await loginAs(t.url, await newUser(t.url));
      const response = await change(session, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    });

    it('rate-limits wrong current passwords per user', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await change(session, { currentPassword: `wrong guess ${i}`, newPassword: 'another password 1' })).status);
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      // limited even with the right password until the window passes
      const limited = await change(session, { currentPassword: user.password, newPassword: 'another password 1' });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    });
  });
});
