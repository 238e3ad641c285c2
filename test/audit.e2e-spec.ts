import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allPages, newAdmin } from './support/admin.js';
import { auditEvents, familyCount } from './support/db-state.js';
import { loginAs, newUser, refresh, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('audit trail', () => {
  let t: TestApp;
  let adminSession: Session;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
    adminSession = await loginAs(t.url, await newAdmin(t));
  });
  afterAll(() => t.close());

  const audit = (query: string) => http(t.url, 'GET', `/admin/audit?${query}`, { token: adminSession.accessToken });

  it('records every event type of docs/api.md for one user, newest first, and keeps them after the families are gone', async () => {
    const password = 'the first password';
    const user = await newUser(t.url, { password });
    const ua = { 'user-agent': 'audit-test/1.0' };
    await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'a wrong guess 123' }, headers: ua });
    const laptop = await loginAs(t.url, user, { deviceId: 'laptop-0001', deviceName: 'Laptop' });
    const phone = await loginAs(t.url, user, { deviceId: 'phone-0001' });
    const tablet = await loginAs(t.url, user, { deviceId: 'tablet-0001' });
    const desktop = await loginAs(t.url, user, { deviceId: 'desktop-0001' });
    const rotated = await refresh(t.url, laptop.refreshToken);
    await refresh(t.url, rotated.body.refreshToken);
    expect((await refresh(t.url, laptop.refreshToken)).body.code).toBe('refresh_token_reused'); // laptop family gone
    expect((await refresh(t.url, phone.refreshToken, 'another-device')).body.code).toBe('device_mismatch'); // phone family gone
    await http(t.url, 'DELETE', `/auth/sessions/${tablet.sessionId}`, { token: desktop.accessToken });
    await http(t.url, 'POST', '/auth/password', {
      token: desktop.accessToken,
      body: { currentPassword: password, newPassword: 'the second password' },
    });
    const last = await loginAs(t.url, { ...user, password: 'the second password' });
    await http(t.url, 'PATCH', `/admin/users/${user.id}`, { token: adminSession.accessToken, body: { disabled: true } });

    const { items } = await allPages(t.url, adminSession.accessToken, `/admin/audit?userId=${user.id}&limit=3`);
    const types = items.map((e) => e.type).reverse(); // oldest first, to read along the story
    expect(types).toEqual([
      'user_registered',
      'login_failed', // a failed login on an existing email is tied to the account
      'login_succeeded',
      'login_succeeded',
      'login_succeeded',
      'login_succeeded',
      'token_refreshed',
      'token_refreshed',
      'refresh_reuse_detected', // laptop family deleted
      'device_mismatch', // phone family deleted
      'session_revoked', // tablet, ended by the user
      'password_changed', // from the desktop, the only family left: nothing else to end
      'login_succeeded',
      'session_revoked',
      'user_disabled', // desktop and the last login, ended by disabling: one event lists both
    ]);
    // newest first with a strict, stable order
    for (let i = 1; i < items.length; i++) expect(Date.parse(items[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(items[i].at));
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);

    const byType = (type: string) => items.filter((e) => e.type === type);
    const failures = (await audit('type=login_failed&limit=100')).body.items.filter((e: any) => e.detail.email === user.email);
    expect(failures).toHaveLength(1);
    const failed = failures[0];
    expect(failed).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      type: 'login_failed',
      userId: user.id,
      sessionId: null,
      sessionIds: null,
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      detail: { email: user.email, reason: 'invalid_credentials' },
    });
    const everything = JSON.stringify(await auditEvents(t.db));
    expect(everything).not.toContain('a wrong guess 123');
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('the second password');

    const [reuse] = byType('refresh_reuse_detected');
    expect(reuse.sessionId).toBe(laptop.sessionId);
    expect(reuse.detail).toMatchObject({
      presentedGeneration: laptop.refreshToken.split('.')[1],
      generations: 3,
      secondsSinceRotation: expect.any(Number),
      reason: 'refresh_token_reused',
    });
    expect(byType('device_mismatch')[0]).toMatchObject({
      sessionId: phone.sessionId,
      detail: { presentedDeviceId: 'another-device', expectedDeviceId: 'phone-0001' },
    });
    expect(byType('password_changed')[0]).toMatchObject({ sessionId: desktop.sessionId, detail: { sessionsEnded: 0 } });
    const [byDisabling, byUser] = byType('session_revoked');
    expect(byUser).toMatchObject({ sessionId: tablet.sessionId, sessionIds: null, detail: { reason: 'user' } });
    // one statement ended both: one event names them both
    expect(byDisabling).toMatchObject({
      sessionId: null,
      sessionIds: [desktop.sessionId, last.sessionId].sort(),
      detail: { reason: 'user_disabled' },
    });
    expect(byType('user_disabled')[0].detail).toMatchObject({ disabled: true, sessionsEnded: 2 });

    // the families are gone, their events stay and can be found by session
    expect(await familyCount(t.db, user.id)).toBe(0);
    const laptopEvents = await audit(`sessionId=${laptop.sessionId}`);
    expect(laptopEvents.body.items.map((e: any) => e.type)).toEqual([
      'refresh_reuse_detected',
      'token_refreshed',
      'token_refreshed',
      'login_succeeded',
    ]);
    // an event naming several sessions is each one's: asked by one, it answers as that session's
    for (const session of [desktop, last]) {
      const events = (await audit(`sessionId=${session.sessionId}`)).body.items;
      expect(events[0]).toMatchObject({ id: byDisabling.id, type: 'session_revoked', sessionId: session.sessionId });
      expect(events.at(-1)).toMatchObject({ type: 'login_succeeded', sessionId: session.sessionId });
    }
  });

  it('filters by type and pages without gaps or repeats', async () => {
    const user = await newUser(t.url);
    for (let i = 0; i < 7; i++) await loginAs(t.url, user);
    const { items, pages } = await allPages(t.url, adminSession.accessToken, `/admin/audit?userId=${user.id}&type=login_succeeded&limit=2`);
    expect(pages).toBe(4);
    expect(items).toHaveLength(7);
    expect(items.every((e) => e.type === 'login_succeeded' && e.userId === user.id)).toBe(true);
    const direct = await t.db.query(
      `SELECT id FROM audit_events WHERE user_id = $1 AND type = 'login_succeeded' ORDER BY at DESC, id DESC`,
      [user.id],
    );
    expect(items.map((e) => e.id)).toEqual(direct.rows.map((r) => r.id));
  });

  it('pages correctly through events written in the same millisecond', async () => {
    const user = await newUser(t.url);
    // twelve events one microsecond apart: a millisecond cursor would skip or repeat some
    await t.db.query(
      `INSERT INTO audit_events (at, type, user_id, detail)
       SELECT timestamptz '2030-01-01 00:00:00.000100+00' + g * interval '1 microsecond', 'token_refreshed', $1, jsonb_build_object('n', g)
         FROM generate_series(1, 12) g`,
      [user.id],
    );
    const { items } = await allPages(t.url, adminSession.accessToken, `/admin/audit?userId=${user.id}&type=token_refreshed&limit=5`);
    expect(items.map((e) => e.detail.n)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it.each([['type=password_reset_done'], ['userId=someone'], ['sessionId=1'], ['limit=0'], ['cursor=%%%'], ['unknown=1']])(
    'answers 400 validation_failed for ?%s',
    async (query) => {
      const response = await audit(query);
      expect([response.status, response.body.code]).toEqual([400, 'validation_failed']);
    },
  );
});
