import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../src/observability/logger.js';
import { whileDatabaseRefuses } from './support/database.js';
import { newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

interface Line {
  level: string;
  time: string;
  msg?: string;
  reqId?: string;
  context?: string;
  [field: string]: unknown;
}

/** The service's log captured as written (debug level), to read back and to search for secrets. */
describe('JSON logs', () => {
  let t: TestApp;
  let raw = '';

  beforeAll(async () => {
    t = await startTestApp({}, { logger: createLogger('debug', { write: (chunk: string) => void (raw += chunk) }) });
  });
  afterAll(() => t.close());

  const lines = (): Line[] =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  const completed = (reqId: string) => lines().filter((l) => l.reqId === reqId && l.msg === 'request completed');

  it("writes every line as JSON, Nest's own framework lines included", () => {
    expect(raw.length).toBeGreaterThan(0);
    const all = lines(); // throws on a line that is not JSON
    for (const line of all) expect(line).toMatchObject({ level: expect.any(String), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(all.some((l) => l.context === 'InstanceLoader' && l.level === 'debug')).toBe(true);
  });

  it('writes one line per request with its id, method, route pattern, status, duration and user', async () => {
    const user = await newUser(t.url);
    const login = await http(t.url, 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'x-request-id': 'login-1' },
    });
    await http(t.url, 'GET', '/auth/me', { token: login.body.accessToken, headers: { 'x-request-id': 'me-1' } });
    await http(t.url, 'DELETE', `/auth/sessions/${login.body.sessionId}?keep=x`, {
      token: login.body.accessToken,
      headers: { 'x-request-id': 'delete-1' },
    });

    expect(completed('login-1')).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        route: '/auth/login',
        path: '/auth/login',
        statusCode: 200,
        durationMs: expect.any(Number),
      }),
    ]);
    expect(completed('me-1')).toEqual([expect.objectContaining({ method: 'GET', route: '/auth/me', statusCode: 200, userId: user.id })]);
    // the pattern as route, the path without its query string
    expect(completed('delete-1')).toEqual([
      expect.objectContaining({
        route: '/auth/sessions/:id',
        path: `/auth/sessions/${login.body.sessionId}`,
        statusCode: 204,
        userId: user.id,
      }),
    ]);
  });

  it('carries the request id on the lines code writes while serving the request', async () => {
    // a failed readiness check is logged by @nestjs/terminus through Nest's Logger
    const answer = await whileDatabaseRefuses(t.db, () => http(t.url, 'GET', '/health/ready', { headers: { 'x-request-id': 'ready-1' } }));
    expect(answer.status).toBe(503);
    const own = lines().filter((l) => l.reqId === 'ready-1');
    expect(own).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'error', msg: expect.stringMatching(/^Health Check has failed/) }),
        expect.objectContaining({ msg: 'request completed', statusCode: 503, route: '/health/ready' }),
      ]),
    );
  });

  it('never writes a password, token, cookie or Authorization value', async () => {
    const password = 'pw-secret-Zq8#Lm2$Vx';
    const user = await newUser(t.url, { password });
    const cookie = 'cookie-secret-Hj3kL9';
    const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password }, headers: { cookie: `sid=${cookie}` } });
    expect(login.status).toBe(200);
    const { accessToken, refreshToken } = login.body;
    const refreshed = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken } });
    expect(refreshed.status).toBe(200);
    await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken } }); // grace
    await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: `${password}-wrong` } });
    const newPassword = 'pw-new-secret-Tr5@Wq1';
    await http(t.url, 'POST', '/auth/password', { token: refreshed.body.accessToken, body: { currentPassword: password, newPassword } });
    const basic = Buffer.from('basic-user:basic-secret-Pp0').toString('base64');
    await http(t.url, 'GET', '/auth/me', { headers: { authorization: `Basic ${basic}` } });
    await http(t.url, 'GET', `/nope?token=${refreshToken}`, { headers: { authorization: `Bearer ${accessToken}` } });
    await http(t.url, 'POST', '/auth/login', { raw: `{"email":"x@example.com","password":"${password}"` }); // malformed JSON holding a password

    for (const secret of [
      password,
      `${password}-wrong`,
      newPassword,
      cookie,
      accessToken,
      refreshToken,
      refreshed.body.refreshToken,
      refreshed.body.accessToken,
      basic,
      'basic-secret-Pp0',
    ]) {
      expect({ secret, found: raw.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});
