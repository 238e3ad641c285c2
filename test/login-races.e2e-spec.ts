import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newAdmin } from './support/admin.js';
import { familiesOf, familyCount } from './support/db-state.js';
import { loginAs, newUser, type Session } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/**
 * A login spends ~25 ms in argon2 between reading the user and creating the session. Whatever
 * commits in that gap (a password change, a disable) must not be outrun: once it has returned,
 * no session made with the old password, or for the disabled account, may be alive.
 */
describe('logins racing account changes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(() => t.close());

  /** Logs in with `password` in `loops` parallel loops until `stop()`; returns the sessions made. */
  function keepLoggingIn(email: string, password: string, loops = 8) {
    let running = true;
    const sessions: Session[] = [];
    const done = Promise.all(
      Array.from({ length: loops }, async () => {
        while (running) {
          const response = await http(t.url, 'POST', '/auth/login', { body: { email, password } });
          if (response.status === 200) sessions.push(response.body);
        }
      }),
    );
    /** Resolves once `count` logins succeeded, so the change below lands among logins in flight. */
    const started = async (count = 1) => {
      while (sessions.length < count) await new Promise((r) => setTimeout(r, 5));
    };
    return {
      sessions,
      started,
      stop: async () => {
        running = false;
        await done;
      },
    };
  }

  it('a password change leaves no session made with the old password', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const user = await newUser(t.url);
      const own = await loginAs(t.url, user);
      const logins = keepLoggingIn(user.email, user.password);
      await logins.started(1 + trial);
      const change = await http(t.url, 'POST', '/auth/password', {
        token: own.accessToken,
        body: { currentPassword: user.password, newPassword: `new password ${trial}` },
      });
      expect(change.status).toBe(204);
      await logins.stop();
      expect(logins.sessions.length).toBeGreaterThan(0);
      const alive = await familiesOf(t.db, user.id);
      expect(alive.map((family) => family.id)).toEqual([own.sessionId]);
    }
  });

  it('disabling leaves the account no session, and re-enabling revives none', async () => {
    const admin = await loginAs(t.url, await newAdmin(t));
    for (let trial = 0; trial < 3; trial++) {
      const user = await newUser(t.url);
      const logins = keepLoggingIn(user.email, user.password);
      await logins.started(1 + trial);
      const disable = await http(t.url, 'PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { disabled: true } });
      expect(disable.status).toBe(200);
      await logins.stop();
      expect(logins.sessions.length).toBeGreaterThan(0);
      expect(await familyCount(t.db, user.id)).toBe(0);
      await http(t.url, 'PATCH', `/admin/users/${user.id}`, { token: admin.accessToken, body: { disabled: false } });
      for (const session of logins.sessions.slice(-3)) {
        const refreshed = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
        expect(refreshed.status).toBe(401);
      }
    }
  });
});
