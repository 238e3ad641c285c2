import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loginAs, newUser, refresh } from './support/factories.js';
import { ageFamily } from './support/clock.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('refresh token lifetimes', () => {
  describe('idle expiry', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ REFRESH_TOKEN_TTL: '2', SESSION_MAX_LIFETIME: '3600' });
    });
    afterAll(() => t.close());

    it('refuses a token unused for longer than REFRESH_TOKEN_TTL, and each refresh slides it', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      await ageFamily(t.db, session.sessionId, 1.2);
      const slid = await refresh(t.url, session.refreshToken);
      expect(slid.status).toBe(200);
      await ageFamily(t.db, session.sessionId, 1.2);
      expect((await refresh(t.url, slid.body.refreshToken)).status).toBe(200);

      const idle = await loginAs(t.url, await newUser(t.url));
      await ageFamily(t.db, idle.sessionId, 2.3);
      const expired = await refresh(t.url, idle.refreshToken);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('refresh_token_expired');
    });
  });

  describe('absolute expiry', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ REFRESH_TOKEN_TTL: '3600', SESSION_MAX_LIFETIME: '2' });
    });
    afterAll(() => t.close());

    it('ends a family at SESSION_MAX_LIFETIME however often it is refreshed', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const first = await refresh(t.url, session.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body.refreshExpiresIn).toBeLessThanOrEqual(2);
      await ageFamily(t.db, session.sessionId, 2.3);
      const late = await refresh(t.url, first.body.refreshToken);
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('refresh_token_expired');
    });
  });
});
