import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditDetails, disableUser, familyRow, generationCount } from './support/db-state.js';
import { loginAs, newUser, type TestUser } from './support/factories.js';
import { http, startTestApp, type HttpResult, type TestApp } from './support/test-app.js';

const APP_ORIGIN = 'http://app.test:5102';
/** The refresh cookie's name over http (the test apps' issuer): no __Host- prefix. */
const COOKIE = 'refresh';

/** The refresh cookie a response set, parsed into its attributes (undefined when none). */
function setCookie(response: HttpResult): { value: string; attributes: string[] } | undefined {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: pair.slice(COOKIE.length + 1), attributes };
}

/** A cookie-mode request as the browser app on APP_ORIGIN sends it. */
function cookieRequest(t: TestApp, path: string, options: { cookie?: string; origin?: string; body?: unknown; token?: string } = {}) {
  const headers: Record<string, string> = { 'x-auth-mode': 'cookie', origin: options.origin ?? APP_ORIGIN };
  if (options.cookie !== undefined) headers.cookie = `${COOKIE}=${options.cookie}`;
  return http(t.url, 'POST', path, { headers, body: options.body, token: options.token });
}

async function cookieLogin(t: TestApp, user: TestUser, extra: Record<string, unknown> = {}) {
  const response = await cookieRequest(t, '/auth/login', { body: { email: user.email, password: user.password, ...extra } });
  expect(response.status).toBe(200);
  const cookie = setCookie(response);
  if (!cookie) throw new Error('login set no refresh cookie');
  return { body: response.body, cookie: cookie.value };
}

describe('cookie mode', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${APP_ORIGIN},https://other.test` });
  });
  afterAll(() => t.close());

  it('login sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on / and leaves it and the device token out of the body', async () => {
    const user = await newUser(t.url);
    const response = await cookieRequest(t, '/auth/login', { body: { email: user.email, password: user.password } });
    expect(response.status).toBe(200);
    expect(response.body.refreshToken).toBeUndefined();
    expect(response.body.deviceToken).toBeUndefined();
    expect(response.body).toMatchObject({ tokenType: 'Bearer', sessionId: expect.any(String), deviceId: expect.any(String) });
    const cookie = setCookie(response)!;
    expect(cookie.value).toMatch(/\S{20,}/);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', `Max-Age=${response.body.refreshExpiresIn}`]),
    );
    expect(cookie.attributes.some((a) => /^Domain=/i.test(a))).toBe(false);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // the cookie holds a working refresh token of this session
    const plain = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: decodeURIComponent(cookie.value) } });
    expect(plain.status).toBe(200);
    expect(plain.body.sessionId).toBe(response.body.sessionId);
  });

  it('refreshes from the cookie with an empty body or a deviceId, rotating the cookie', async () => {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url), { deviceId: 'browser-0001' });
    const first = await cookieRequest(t, '/auth/refresh', { cookie });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).toBeUndefined();
    expect(first.body.sessionId).toBe(body.sessionId);
    const rotated = setCookie(first)!;
    expect(rotated.value).not.toBe(cookie);
    const second = await cookieRequest(t, '/auth/refresh', { cookie: rotated.value, body: { deviceId: 'browser-0001' } });
    expect(second.status).toBe(200);
    expect(await generationCount(t.db, body.sessionId)).toBe(3);
    expect((await http(t.url, 'GET', '/auth/me', { token: second.body.accessToken })).status).toBe(200);
  });

  it('answers a retried refresh inside the grace with the same child cookie', async () => {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url));
    const [a, b] = await Promise.all([cookieRequest(t, '/auth/refresh', { cookie }), cookieRequest(t, '/auth/refresh', { cookie })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(setCookie(a)!.value).toBe(setCookie(b)!.value);
    expect(await generationCount(t.db, body.sessionId)).toBe(2);
  });

  /** A session whose login cookie was rotated and whose child was rotated too: the first cookie is spent. */
  async function spentCookie() {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url));
    const rotated = await cookieRequest(t, '/auth/refresh', { cookie });
    expect((await cookieRequest(t, '/auth/refresh', { cookie: setCookie(rotated)!.value })).status).toBe(200);
    return { sessionId: body.sessionId as string, cookie };
  }

  it('deletes the family and clears the cookie when a rotated cookie comes back outside the grace', async () => {
    const { sessionId, cookie } = await spentCookie();
    const reuse = await cookieRequest(t, '/auth/refresh', { cookie });
    expect([reuse.status, reuse.body.code]).toEqual([401, 'refresh_token_reused']);
    expect(await generationCount(t.db, sessionId)).toBe(0);
    const cleared = setCookie(reuse)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['Path=/']));
    expect(cleared.attributes.some((a) => a === 'Max-Age=0' || a.startsWith('Expires=Thu, 01 Jan 1970'))).toBe(true);
  });

  it('clears the cookie on device_mismatch and on an unknown or missing cookie', async () => {
    const { cookie } = await cookieLogin(t, await newUser(t.url), { deviceId: 'browser-0002' });
    const mismatch = await cookieRequest(t, '/auth/refresh', { cookie, body: { deviceId: 'browser-9999' } });
    expect(mismatch.body.code).toBe('device_mismatch');
    expect(setCookie(mismatch)!.value).toBe('');
    const unknown = await cookieRequest(t, '/auth/refresh', { cookie: 'not-a-token' });
    expect([unknown.status, unknown.body.code]).toEqual([401, 'invalid_refresh_token']);
    expect(setCookie(unknown)!.value).toBe('');
    const missing = await cookieRequest(t, '/auth/refresh');
    expect([missing.status, missing.body.code]).toEqual([401, 'invalid_refresh_token']);
  });

  it('refuses a foreign Origin with 403 csrf_failed, leaving the cookie and the family as they were', async () => {
    const user = await newUser(t.url);
    const { body, cookie } = await cookieLogin(t, user);
    for (const path of ['/auth/refresh', '/auth/logout', '/auth/login']) {
      const login = path === '/auth/login' ? { email: user.email, password: user.password } : undefined;
      const response = await cookieRequest(t, path, { cookie, origin: 'https://evil.test', body: login });
      expect([path, response.status, response.body.code]).toEqual([path, 403, 'csrf_failed']);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    expect(await generationCount(t.db, body.sessionId)).toBe(1);
    // the cookie still works from the app's origin
    expect((await cookieRequest(t, '/auth/refresh', { cookie })).status).toBe(200);
  });

  it("accepts the service's own origin and requests without an Origin", async () => {
    const user = await newUser(t.url);
    const login = await cookieRequest(t, '/auth/login', { origin: t.url, body: { email: user.email, password: user.password } });
    const own = await cookieRequest(t, '/auth/refresh', { cookie: setCookie(login)!.value, origin: t.url });
    expect(own.status).toBe(200);
    const headers = { 'x-auth-mode': 'cookie', cookie: `${COOKIE}=${setCookie(own)!.value}` };
    expect((await http(t.url, 'POST', '/auth/refresh', { headers })).status).toBe(200);
  });

  it('never reads the cookie without X-Auth-Mode: cookie', async () => {
    const { cookie } = await cookieLogin(t, await newUser(t.url));
    const bodyless = await http(t.url, 'POST', '/auth/refresh', { headers: { cookie: `${COOKIE}=${cookie}`, origin: APP_ORIGIN } });
    expect([bodyless.status, bodyless.body.code]).toEqual([400, 'validation_failed']);
    const empty = await http(t.url, 'POST', '/auth/refresh', { headers: { cookie: `${COOKIE}=${cookie}` }, body: {} });
    expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
    expect(bodyless.headers.getSetCookie()).toEqual([]);
    const wrongMode = await http(t.url, 'POST', '/auth/refresh', { headers: { cookie: `${COOKIE}=${cookie}`, 'x-auth-mode': 'cookies' } });
    expect([wrongMode.status, wrongMode.body.code]).toEqual([400, 'validation_failed']);
  });

  it('refuses a refreshToken or envelope in the body in cookie mode', async () => {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url));
    for (const path of ['/auth/refresh', '/auth/logout']) {
      const response = await cookieRequest(t, path, { cookie, body: { refreshToken: 'x' } });
      expect([path, response.status, response.body.code]).toEqual([path, 400, 'validation_failed']);
    }
    expect(await generationCount(t.db, body.sessionId)).toBe(1);
  });

  it('judges a rotated cookie presented to logout as reuse, as for a body token', async () => {
    const { sessionId, cookie } = await spentCookie();
    const logout = await cookieRequest(t, '/auth/logout', { cookie });
    expect([logout.status, logout.body.code]).toEqual([401, 'refresh_token_reused']);
    expect(setCookie(logout)!.value).toBe('');
    expect(await generationCount(t.db, sessionId)).toBe(0);
  });

  it('logs out with the cookie alone, ending the family and clearing the cookie', async () => {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url));
    const logout = await cookieRequest(t, '/auth/logout', { cookie });
    expect(logout.status).toBe(204);
    expect(setCookie(logout)!.value).toBe('');
    expect(await generationCount(t.db, body.sessionId)).toBe(0);
    expect((await http(t.url, 'GET', '/auth/me', { token: body.accessToken })).body.code).toBe('session_revoked');
    const [revoked] = await auditDetails(t.db, { type: 'session_revoked', sessionId: body.sessionId });
    expect(revoked).toMatchObject({ reason: 'logout' });
    // the cookie is judged as a body refreshToken is: an ended family's token is refused, and cleared
    const again = await cookieRequest(t, '/auth/logout', { cookie });
    expect([again.status, again.body.code]).toEqual([401, 'invalid_refresh_token']);
    expect(setCookie(again)!.value).toBe('');
    const none = await cookieRequest(t, '/auth/logout');
    expect([none.status, none.body.code]).toEqual([401, 'invalid_refresh_token']);
  });

  it('logs out with a Bearer in cookie mode too (clearing the cookie), and keeps requiring a token outside cookie mode', async () => {
    const user = await newUser(t.url);
    const { body, cookie } = await cookieLogin(t, user);
    const logout = await cookieRequest(t, '/auth/logout', { token: body.accessToken, cookie });
    expect(logout.status).toBe(204);
    expect(setCookie(logout)!.value).toBe('');
    expect(await generationCount(t.db, body.sessionId)).toBe(0);
    const bare = await http(t.url, 'POST', '/auth/logout');
    expect([bare.status, bare.body.code]).toEqual([401, 'invalid_token']);
    const other = await loginAs(t.url, user);
    expect((await http(t.url, 'POST', '/auth/logout', { token: other.accessToken })).status).toBe(204);
  });

  describe('one family per origin (API.md "Browser cookies")', () => {
    const originOf = async (id: string) => (await familyRow(t.db, id))?.origin;

    it('binds a cookie-mode family to the origin it started from, and refuses it from every other allowed origin', async () => {
      const { body, cookie } = await cookieLogin(t, await newUser(t.url));
      expect(await originOf(body.sessionId)).toBe(APP_ORIGIN);
      for (const [path, origin] of [
        ['/auth/refresh', 'https://other.test'],
        ['/auth/logout', 'https://other.test'],
        ['/auth/refresh', t.url],
      ]) {
        const response = await cookieRequest(t, path, { cookie, origin });
        expect([path, origin, response.status, response.body.code]).toEqual([path, origin, 403, 'csrf_failed']);
        expect(response.headers.getSetCookie()).toEqual([]);
      }
      // nothing changed: no rotation, no ending, and the app's own origin still refreshes
      expect(await generationCount(t.db, body.sessionId)).toBe(1);
      expect((await cookieRequest(t, '/auth/refresh', { cookie })).status).toBe(200);
    });

    it("binds the console's family (the service's own origin) so that an allowed app origin cannot mint tokens from it", async () => {
      const user = await newUser(t.url);
      const login = await cookieRequest(t, '/auth/login', { origin: t.url, body: { email: user.email, password: user.password } });
      expect(await originOf(login.body.sessionId)).toBe(t.url);
      const cookie = setCookie(login)!.value;
      const stolen = await cookieRequest(t, '/auth/refresh', { cookie, origin: APP_ORIGIN });
      expect([stolen.status, stolen.body.code, stolen.body.accessToken]).toEqual([403, 'csrf_failed', undefined]);
      expect(await generationCount(t.db, login.body.sessionId)).toBe(1);
    });

    it("binds a cookie-mode login without an Origin to the service's own origin; a body login to none", async () => {
      const user = await newUser(t.url);
      const bare = await http(t.url, 'POST', '/auth/login', {
        headers: { 'x-auth-mode': 'cookie' },
        body: { email: user.email, password: user.password },
      });
      expect(await originOf(bare.body.sessionId)).toBe('http://auth.test');
      expect((await cookieRequest(t, '/auth/refresh', { cookie: setCookie(bare)!.value })).body.code).toBe('csrf_failed');
      expect(await originOf((await loginAs(t.url, user)).sessionId)).toBeNull();
    });
  });

  it('reads Content-Type: application/json with an empty body as {} on refresh and logout in cookie mode', async () => {
    const { body, cookie } = await cookieLogin(t, await newUser(t.url));
    const headers = { 'x-auth-mode': 'cookie', origin: APP_ORIGIN, 'content-type': 'application/json' };
    const refreshed = await http(t.url, 'POST', '/auth/refresh', { headers: { ...headers, cookie: `${COOKIE}=${cookie}` }, raw: '' });
    expect(refreshed.status).toBe(200);
    const logout = await http(t.url, 'POST', '/auth/logout', {
      headers: { ...headers, cookie: `${COOKIE}=${setCookie(refreshed)!.value}` },
      raw: '',
    });
    expect(logout.status).toBe(204);
    expect(await generationCount(t.db, body.sessionId)).toBe(0);
    // a route whose body is required still refuses it
    const login = await http(t.url, 'POST', '/auth/login', { headers, raw: '' });
    expect([login.status, login.body.code]).toEqual([400, 'validation_failed']);
  });

  it("logs out the cookie's family in cookie mode even with another session's Bearer token", async () => {
    const user = await newUser(t.url);
    const { body, cookie } = await cookieLogin(t, user);
    const other = await loginAs(t.url, user);
    const logout = await cookieRequest(t, '/auth/logout', { token: other.accessToken, cookie });
    expect(logout.status).toBe(204);
    expect(setCookie(logout)!.value).toBe('');
    expect(await generationCount(t.db, body.sessionId)).toBe(0);
    expect(await generationCount(t.db, other.sessionId)).toBe(1);
  });

  it('clears the cookie when the account is disabled', async () => {
    const user = await newUser(t.url);
    const { cookie } = await cookieLogin(t, user);
    await disableUser(t.db, user.id);
    const response = await cookieRequest(t, '/auth/refresh', { cookie });
    expect(response.status).toBeGreaterThanOrEqual(401);
    expect(['account_disabled', 'invalid_refresh_token']).toContain(response.body.code);
    expect(setCookie(response)!.value).toBe('');
  });
});

describe('the refresh cookie over https', () => {
  it('is __Host- prefixed with Path=/ and no Domain, so a sibling subdomain can neither plant nor shadow it', async () => {
    const t = await startTestApp({ AUTH_ISSUER: 'https://auth.example.com', CORS_ORIGINS: APP_ORIGIN });
    try {
      const user = await newUser(t.url);
      const login = await cookieRequest(t, '/auth/login', { body: { email: user.email, password: user.password } });
      const line = login.headers.getSetCookie().find((c) => c.startsWith('__Host-refresh='))!;
      expect(line).toBeDefined();
      const attributes = line.split(';').map((a) => a.trim());
      expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'Secure', 'HttpOnly']));
      expect(attributes.some((a) => /^Domain=/i.test(a))).toBe(false);
      const refreshed = await http(t.url, 'POST', '/auth/refresh', {
        headers: { 'x-auth-mode': 'cookie', origin: APP_ORIGIN, cookie: line.split(';')[0] },
      });
      expect(refreshed.status).toBe(200);
      // the plain name is not read over https: a cookie a sibling planted under it is ignored
      const planted = await http(t.url, 'POST', '/auth/refresh', {
        headers: { 'x-auth-mode': 'cookie', origin: APP_ORIGIN, cookie: `refresh=${line.split(';')[0].split('=')[1]}` },
      });
      expect(planted.body.code).toBe('invalid_refresh_token');
    } finally {
      await t.close();
    }
  });
});

describe('CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: APP_ORIGIN });
  });
  afterAll(() => t.close());

  const preflight = (origin: string, headers = 'content-type,x-auth-mode,authorization') =>
    fetch(`${t.url}/auth/refresh`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': headers },
    });

  it('answers a preflight from an allowed origin with credentials, the allowed headers and a max age', async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-auth-mode', 'x-request-id', 'dpop']));
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/Origin/i);
  });

  it('gives a refused origin no Access-Control-Allow-Origin, on the preflight and on the request', async () => {
    const response = await preflight('https://evil.test');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.status).toBeGreaterThanOrEqual(400);
    const simple = await http(t.url, 'GET', '/.well-known/jwks.json', { headers: { origin: 'https://evil.test' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('exposes Retry-After and X-Request-Id to an allowed origin', async () => {
    const response = await http(t.url, 'GET', '/.well-known/jwks.json', { headers: { origin: APP_ORIGIN } });
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
  });

  it('allows no origin at all when CORS_ORIGINS is unset', async () => {
    const bare = await startTestApp();
    try {
      const response = await fetch(`${bare.url}/auth/login`, {
        method: 'OPTIONS',
        headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await bare.close();
    }
  });

  describe('the device cookie (OWASP device cookies)', () => {
    const DEVICE_COOKIE = '__Secure-device';
    const deviceCookieOf = (response: HttpResult) => {
      const line = response.headers.getSetCookie().find((c) => c.startsWith(`${DEVICE_COOKIE}=`));
      if (!line) return undefined;
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      return { value: pair.slice(DEVICE_COOKIE.length + 1), attributes };
    };
    const login = (user: TestUser, headers: Record<string, string>) =>
      http(t.url, 'POST', '/auth/login', { headers, body: { email: user.email, password: user.password } });

    it("is set by a cookie-mode login, and lets its device in after strangers spent the account's budget", async () => {
      const user = await newUser(t.url);
      const first = await cookieRequest(t, '/auth/login', { body: { email: user.email, password: user.password } });
      const device = deviceCookieOf(first)!;
      expect(device.attributes).toEqual(
        expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/auth/login', `Max-Age=${365 * 24 * 3600}`]),
      );
      expect(device.value.length).toBeGreaterThan(20);
      expect(first.body.deviceToken).toBeUndefined();

      for (let i = 0; i < 20; i++)
        expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: `stranger ${i}` } })).status).toBe(401);
      expect((await login(user, {})).status).toBe(429);
      const cookie = `${DEVICE_COOKIE}=${device.value}`;
      // the cookie is read only in cookie mode
      expect((await login(user, { cookie })).status).toBe(429);
      const again = await login(user, { cookie, 'x-auth-mode': 'cookie', origin: APP_ORIGIN });
      expect(again.status).toBe(200);
      expect(deviceCookieOf(again)).toBeDefined();
    });
  });
});
