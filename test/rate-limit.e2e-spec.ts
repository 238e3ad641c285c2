import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditDetails, bucketHits } from './support/db-state.js';
import { loginAs, newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS: 'on' });
  });
  afterAll(() => t.close());

  it('answers 429 rate_limited with Retry-After after 20 failed logins for one email, even with the right password', async () => {
    const user = await newUser(t.url);
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong password' } })),
    );
    expect(attempts.every((a) => a.status === 401)).toBe(true);
    const blocked = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // other accounts are not affected
    const other = await newUser(t.url);
    expect((await http(t.url, 'POST', '/auth/login', { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('counts guesses sent in parallel: at most 20 are checked, the rest are 429 at once', async () => {
    const user = await newUser(t.url);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: `guess number ${i}` } }),
      ),
    );
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
    expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(429);
  });

  it('does not count successful logins against the ip', async () => {
    const user = await newUser(t.url);
    for (let i = 0; i < 25; i++)
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it('counts refused refreshes against the ip, and writes no counter for refreshes that work', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    // the test's calls come from one ip, and the window (a minute) outlasts them
    const hits = async () => (await bucketHits(t.db, 'refresh:ip:127.0.0.1')) ?? 0;
    const before = await hits();
    let refreshToken = session.refreshToken;
    for (let i = 0; i < 3; i++) {
      const answer = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken } });
      expect(answer.status).toBe(200);
      refreshToken = answer.body.refreshToken;
    }
    expect(await hits()).toBe(before);
    const forged = `${refreshToken.slice(0, -4)}AAAA`;
    expect((await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: forged } })).body.code).toBe('invalid_refresh_token');
    expect(await hits()).toBe(before + 1);
  });

  it('records failed logins with the attempted email and never the password', async () => {
    await http(t.url, 'POST', '/auth/login', { body: { email: 'ghost@example.com', password: 'secret-guess-123' } });
    const details = await auditDetails(t.db, { type: 'login_failed', detail: { email: 'ghost@example.com' } });
    expect(details).toHaveLength(1);
    expect(JSON.stringify(details[0])).not.toContain('secret-guess-123');
  });
});
