import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { bucketHits } from './support/db-state.js';
import { loginAs, newUser, type TestUser } from './support/factories.js';
import { http, startSecondInstance, startTestApp, type TestApp } from './support/test-app.js';

/** A login from `ip` (the app trusts one proxy hop, so X-Forwarded-For names the client). */
function login(app: TestApp, body: Record<string, unknown>, ip = '203.0.113.1') {
  return http(app.url, 'POST', '/auth/login', { body, headers: { 'x-forwarded-for': ip } });
}

/** `n` wrong passwords for `email`, `parallel` at a time; every answer must be 401. */
async function guess(
  app: TestApp,
  email: string,
  n: number,
  options: { ip?: (i: number) => string; extra?: Record<string, unknown>; parallel?: number } = {},
) {
  const parallel = options.parallel ?? 5;
  for (let start = 0; start < n; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, n - start) }, (_, j) => start + j);
    const answers = await Promise.all(
      batch.map((i) => login(app, { email, password: `wrong guess ${i}`, ...options.extra }, options.ip?.(i))),
    );
    expect(answers.map((a) => a.status)).toEqual(batch.map(() => 401));
  }
}

function expectLimited(answer: { status: number; body: any; headers: Headers }) {
  expect([answer.status, answer.body.code]).toEqual([429, 'rate_limited']);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
}

describe('password guessing: one budget per account, known devices', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ TRUST_PROXY: '1' });
    b = await startSecondInstance(a, { TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('shares one budget of 20 per account between two instances, any ip, any spelling of the email', async () => {
    const x = randomBytes(4).toString('hex');
    const user = await newUser(a.url, { email: `k\u0130k\u0130-${x}@example.com` });
    const spellings = [`K\u0130K\u0130-${x}@example.com`, `k\u0130k\u0130-${x}@EXAMPLE.COM`, `K\u0130k\u0130-${x}@Example.com`, user.email];
    // ten guesses on each instance, each from its own ip and in its own spelling
    for (const [app, offset] of [
      [a, 0],
      [b, 10],
    ] as const) {
      for (let i = 0; i < 10; i++) {
        const answer = await login(
          app,
          { email: spellings[(offset + i) % spellings.length], password: `wrong ${i}` },
          `198.51.100.${offset + i}`,
        );
        expect(answer.status).toBe(401);
      }
    }
    // the 21st attempt, right password included, from a fresh ip, on either instance
    expectLimited(await login(a, { email: user.email, password: user.password }, '192.0.2.77'));
    expectLimited(await login(b, { email: spellings[0], password: user.password }, '192.0.2.78'));
    expect(await bucketHits(a.db, `login:account:${user.id}`)).toBe(22);
  });

  it('gives an email without an account the same budget, so a 429 tells nobody whether it exists', async () => {
    const ghost = `ghost-${randomBytes(4).toString('hex')}@example.com`;
    await guess(a, ghost, 20, { ip: (i) => `198.51.100.${100 + i}` });
    expectLimited(await login(b, { email: ghost.toUpperCase(), password: 'one more' }, '192.0.2.79'));
  });

  describe('known devices', () => {
    let owner: TestUser;
    let deviceToken: string;

    beforeAll(async () => {
      owner = await newUser(a.url);
      const first = await login(a, { email: owner.email, password: owner.password, deviceId: 'owner-laptop-1' });
      expect(first.status).toBe(200);
      deviceToken = first.body.deviceToken;
      expect(typeof deviceToken).toBe('string');
      // strangers spend the account's whole budget
      await guess(b, owner.email, 20, { ip: (i) => `198.51.100.${150 + i}` });
      expectLimited(await login(a, { email: owner.email, password: owner.password }));
    });

    it('lets the owner in from a device that signed in before, on either instance, whatever strangers did', async () => {
      for (const app of [a, b]) {
        const answer = await login(app, { email: owner.email, password: owner.password, deviceToken });
        expect(answer.status).toBe(200);
        // the session keeps the device's id, and a fresh device token comes back
        expect(answer.body.deviceId).toBe('owner-laptop-1');
        expect(answer.body.deviceToken).toEqual(expect.any(String));
      }
    });

    it('does not treat a token of another device, another account, or a tampered one as known', async () => {
      const other = await newUser(a.url);
      const otherToken = (await login(a, { email: other.email, password: other.password })).body.deviceToken;
      const [header, payload, signature] = deviceToken.split('.');
      const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BA' : 'AA'}`;
      for (const extra of [
        { deviceToken: otherToken },
        { deviceToken: tampered },
        { deviceToken, deviceId: 'another-device-9' },
        { deviceToken: 'garbage' },
      ]) {
        expectLimited(await login(a, { email: owner.email, password: owner.password, ...extra }));
      }
    });

    it('takes device tokens back when the owner logs out everywhere: the device is a stranger again', async () => {
      const user = await newUser(a.url);
      const first = (await login(a, { email: user.email, password: user.password, deviceId: 'kept-device-1' })).body;
      expect((await http(a.url, 'DELETE', '/auth/sessions', { token: first.accessToken })).status).toBe(204);
      await guess(a, user.email, 20, { ip: (i) => `198.51.100.${100 + i}` });
      expectLimited(await login(b, { email: user.email, password: user.password, deviceToken: first.deviceToken }));
      // "all but this one" keeps the device tokens
      const user2 = await newUser(a.url);
      const kept = (await login(a, { email: user2.email, password: user2.password })).body;
      expect((await http(a.url, 'DELETE', '/auth/sessions?keep=current', { token: kept.accessToken })).status).toBe(204);
      await guess(a, user2.email, 20, { ip: (i) => `198.51.100.${150 + i}` });
      expect((await login(b, { email: user2.email, password: user2.password, deviceToken: kept.deviceToken })).status).toBe(200);
    });

    it('gives a known device a budget of its own: 10 wrong passwords, then 429 for that device only', async () => {
      const user = await newUser(a.url);
      const tokens = await Promise.all(
        ['device-one-1', 'device-two-2'].map(
          async (deviceId) => (await login(a, { email: user.email, password: user.password, deviceId })).body.deviceToken,
        ),
      );
      await guess(a, user.email, 10, { extra: { deviceToken: tokens[0] } });
      expectLimited(await login(b, { email: user.email, password: user.password, deviceToken: tokens[0] }));
      // the other device, and strangers, still have their budgets
      expect((await login(b, { email: user.email, password: user.password, deviceToken: tokens[1] })).status).toBe(200);
      expect((await login(b, { email: user.email, password: user.password })).status).toBe(200);
    });
  });

  it('limits one ip to 200 wrong passwords across accounts, shared by the instances; known devices behind it still get in', async () => {
    const ip = '203.0.113.200';
    const owner = await newUser(a.url);
    const deviceToken = (await login(a, { email: owner.email, password: owner.password }, ip)).body.deviceToken;
    // 190 earlier failures from this ip, as the other instances would have counted them
    // (200 real argon2 checks would take the test minutes on a busy machine)
    await a.db.query(`UPDATE rate_limit_buckets SET hits = hits + 190 WHERE key = $1`, [`login:ip:${ip}`]);
    const victims = await Promise.all(Array.from({ length: 5 }, () => newUser(a.url)));
    for (const [i, victim] of victims.entries()) await guess(i % 2 ? a : b, victim.email, 2, { ip: () => ip });
    const fresh = await newUser(a.url);
    expectLimited(await login(a, { email: fresh.email, password: fresh.password }, ip));
    expectLimited(await login(b, { email: fresh.email, password: fresh.password }, ip));
    expect((await login(b, { email: fresh.email, password: fresh.password }, '203.0.113.201')).status).toBe(200);
    expect((await login(b, { email: owner.email, password: owner.password, deviceToken }, ip)).status).toBe(200);
  });

  it('counts registrations per ip in the database, whichever instance answers', async () => {
    const ip = '203.0.113.77';
    for (const app of [a, b]) {
      const email = `reg-${randomBytes(4).toString('hex')}@example.com`;
      expect(
        (
          await http(app.url, 'POST', '/auth/register', {
            body: { email, password: 'a long enough password' },
            headers: { 'x-forwarded-for': ip },
          })
        ).status,
      ).toBe(201);
    }
    expect(await bucketHits(a.db, `register:ip:${ip}`)).toBe(2);
  });

  it('rotates on one instance what the other issued, and reuse found on one ends the session on both', async () => {
    const user = await newUser(a.url);
    const session = await loginAs(a.url, user);
    const rotated = await http(b.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect(rotated.status).toBe(200);
    const next = await http(a.url, 'POST', '/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(next.status).toBe(200);
    // the first token again, long after: reuse (grace and unused-child retry do not apply: its child was used)
    const reused = await http(b.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
    expect([reused.status, reused.body.code]).toEqual([401, 'refresh_token_reused']);
    for (const app of [a, b])
      expect((await http(app.url, 'GET', '/auth/me', { token: next.body.accessToken })).body.code).toBe('session_revoked');
  });
});
