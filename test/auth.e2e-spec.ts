import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  auditCount,
  auditDetails,
  disableUser,
  familyExists,
  familyRow,
  generationCount,
  generationsOf,
  isRevoked,
  setEmailVerified,
} from './support/db-state.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('auth over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
  });
  afterAll(() => t.close());

  describe('register', () => {
    it('creates a user and refuses the same email in another case', async () => {
      const created = await http(t.url, 'POST', '/auth/register', {
        body: { email: 'Case@Example.com', password: 'password 123', name: 'Case' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        email: 'Case@Example.com',
        name: 'Case',
        roles: ['user'],
        createdAt: expect.any(String),
      });
      const again = await http(t.url, 'POST', '/auth/register', { body: { email: 'case@example.COM', password: 'password 123' } });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('email_taken');
    });

    it('keeps passwords exactly as typed, spaces and Unicode included', async () => {
      const password = '  ünïcødé pass  ';
      const user = await newUser(t.url, { password });
      expect((await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password } })).status).toBe(200);
      const trimmed = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: password.trim() } });
      expect(trimmed.status).toBe(401);
    });

    it.each([
      ['a short password', { email: 'short@example.com', password: 'short' }],
      ['an unknown field', { email: 'extra@example.com', password: 'password 123', admin: true }],
      ['a wrong type', { email: 42, password: ['x'] }],
      ['no email', { password: 'password 123' }],
    ])('answers 400 validation_failed with details for %s', async (_, body) => {
      const response = await http(t.url, 'POST', '/auth/register', { body });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed' });
      expect(response.body.details.length).toBeGreaterThan(0);
    });

    it.each([['{"email":'], ['not json'], ['null'], ['[1,2]'], ['"string"']])(
      'answers 400 validation_failed for the body %s',
      async (raw) => {
        const response = await http(t.url, 'POST', '/auth/register', { raw });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('validation_failed');
      },
    );
  });

  describe('login', () => {
    it('gives the same answer for an unknown email and a wrong password', async () => {
      const user = await newUser(t.url);
      const wrong = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: 'not the password' } });
      const unknown = await http(t.url, 'POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'not the password' } });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('invalid_credentials');
    });

    it('returns a token pair that must not be cached, and records the session', async () => {
      const user = await newUser(t.url);
      const response = await http(t.url, 'POST', '/auth/login', {
        body: { email: user.email, password: user.password, deviceId: 'laptop-0001', deviceName: 'Laptop' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.body).toEqual({
        tokenType: 'Bearer',
        accessToken: expect.any(String),
        expiresIn: 600,
        refreshToken: expect.any(String),
        refreshExpiresIn: 1209600,
        sessionId: expect.any(String),
        deviceId: 'laptop-0001',
        deviceToken: expect.any(String),
      });
      expect(await familyRow(t.db, response.body.sessionId)).toEqual(
        expect.objectContaining({ user_id: user.id, device_id: 'laptop-0001', device_name: 'Laptop' }),
      );
      const stored = await generationsOf(t.db, response.body.sessionId);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash.toString()).not.toContain(response.body.refreshToken.split('.')[2]);
    });

    it('records a failed login against the account when the email exists', async () => {
      const user = await newUser(t.url);
      await http(t.url, 'POST', '/auth/login', { body: { email: user.email.toUpperCase(), password: 'not the password' } });
      expect(await auditCount(t.db, { type: 'login_failed', userId: user.id })).toBe(1);
    });

    it('generates a device id when the client sends none', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      expect(session.deviceId).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    });
  });

  describe('access tokens', () => {
    it('carry the documented header and claims and verify with a stock JWKS client', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const header = decodeProtectedHeader(session.accessToken);
      expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
      const jwks = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(session.accessToken, jwks, { issuer: 'http://auth.test', audience: 'api', typ: 'at+jwt' });
      expect(payload).toMatchObject({ sub: user.id, sid: session.sessionId, roles: ['user'], jti: expect.any(String) });
      expect((payload.exp as number) - (payload.iat as number)).toBe(600);
    });

    it('publishes the signing key and the envelope key', async () => {
      const { body } = await http(t.url, 'GET', '/.well-known/jwks.json');
      expect(body.keys).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ use: 'sig', alg: 'ES256', kty: 'EC', crv: 'P-256', kid: expect.any(String) }),
          expect.objectContaining({ use: 'enc', alg: 'RSA-OAEP-256', kty: 'RSA', kid: expect.any(String) }),
        ]),
      );
      for (const key of body.keys) expect(key.d).toBeUndefined();
    });

    it('GET /auth/me tells the owner whether the email is verified and whether the account has a password', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const me = await http(t.url, 'GET', '/auth/me', { token: session.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, email: user.email, emailVerified: false, hasPassword: true });
      await setEmailVerified(t.db, user.id);
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).body.emailVerified).toBe(true);
    });

    it('are refused once the user is disabled, even if a family survived the disabling', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      // as if a login raced the admin's disable: the user is disabled, the family remains
      await disableUser(t.db, user.id);
      const me = await http(t.url, 'GET', '/auth/me', { token: session.accessToken });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_revoked');
    });

    it('are refused when missing, tampered or from an unknown key', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const [h, p, s] = session.accessToken.split('.');
      const otherPayload = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'] }),
      ).toString('base64url');
      for (const token of [undefined, 'garbage', `${h}.${otherPayload}.${s}`, `${h}.${p}.${s.slice(0, -4)}AAAA`]) {
        const response = await http(t.url, 'GET', '/auth/me', { token });
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_token');
        expect(response.headers.get('www-authenticate')).toBe(token === undefined ? 'Bearer' : 'Bearer error="invalid_token"');
      }
    });
  });

  describe('refresh', () => {
    it('rotates: the new token works once, the family gains a child linked by parent_id', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const first = await refresh(t.url, session.refreshToken);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      expect(first.body.sessionId).toBe(session.sessionId);
      const second = await refresh(t.url, first.body.refreshToken);
      expect(second.status).toBe(200);
      const rows = await generationsOf(t.db, session.sessionId);
      expect(rows).toHaveLength(3);
      expect(rows[1].parent_id).toBe(rows[0].id);
      expect(rows[2].parent_id).toBe(rows[1].id);
      expect(rows.map((r) => r.rotated_at === null)).toEqual([false, false, true]);
    });

    it('deletes the whole family when a rotated token is presented again, and its access tokens stop working', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const rotated = await refresh(t.url, session.refreshToken);
      expect((await http(t.url, 'GET', '/auth/me', { token: rotated.body.accessToken })).status).toBe(200);

      const replay = await refresh(t.url, session.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('refresh_token_reused');

      expect(await familyExists(t.db, session.sessionId)).toBe(false);
      expect(await generationCount(t.db, session.sessionId)).toBe(0);
      const me = await http(t.url, 'GET', '/auth/me', { token: rotated.body.accessToken });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_revoked');
      expect((await refresh(t.url, rotated.body.refreshToken)).body.code).toBe('invalid_refresh_token');
      const audit = await auditDetails(t.db, { type: 'refresh_reuse_detected', sessionId: session.sessionId });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ generations: 2, judgedReuseBecause: 'grace_disabled' });
      expect(await isRevoked(t.db, session.sessionId)).toBe(true);
    });

    it('lets exactly one of 50 concurrent refreshes of one token rotate, and judges the rest reuse (grace off)', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const results = await Promise.all(Array.from({ length: 50 }, () => refresh(t.url, session.refreshToken)));
      const statuses = results.map((r) => r.status);
      // the first to lock the family rotates; every later one sees a rotated token
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 401)).toHaveLength(49);
      expect(results.some((r) => r.body?.code === 'refresh_token_reused')).toBe(true);
      expect(await auditCount(t.db, { type: 'refresh_reuse_detected', sessionId: session.sessionId })).toBe(1);
      expect(await generationCount(t.db, session.sessionId)).toBe(0);
    });

    it('refuses a token from another family, a tampered token and garbage', async () => {
      const a = await loginAs(t.url, await newUser(t.url));
      const b = await loginAs(t.url, await newUser(t.url));
      const [aFamily, aId] = a.refreshToken.split('.');
      const [, , bSecret] = b.refreshToken.split('.');
      const flipped = a.refreshToken.slice(0, -1) + (a.refreshToken.endsWith('A') ? 'B' : 'A');
      for (const token of [`${aFamily}.${aId}.${bSecret}`, flipped, 'garbage', '', 'x'.repeat(500)]) {
        const response = await refresh(t.url, token);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe('invalid_refresh_token');
      }
      // a wrong guess does not count as reuse: both families are intact
      expect((await refresh(t.url, a.refreshToken)).status).toBe(200);
      expect((await refresh(t.url, b.refreshToken)).status).toBe(200);
    });

    it.each([[{}], [{ refreshToken: null }], [{ refreshToken: 42 }], [{ refreshToken: 'x', deviceId: null }]])(
      'answers 400 validation_failed for %j',
      async (body) => {
        const response = await http(t.url, 'POST', '/auth/refresh', { body });
        expect(response.status).toBe(400);
        expect(response.body.code).toBe('validation_failed');
      },
    );
  });

  describe('logout', () => {
    it('deletes the current family only', async () => {
      const user = await newUser(t.url);
      const phone = await loginAs(t.url, user, { deviceId: 'phone-0001' });
      const laptop = await loginAs(t.url, user, { deviceId: 'laptop-0001' });
      const out = await http(t.url, 'POST', '/auth/logout', { token: phone.accessToken });
      expect(out.status).toBe(204);
      expect((await http(t.url, 'GET', '/auth/me', { token: phone.accessToken })).body.code).toBe('session_revoked');
      expect((await refresh(t.url, phone.refreshToken)).body.code).toBe('invalid_refresh_token');
      expect((await http(t.url, 'GET', '/auth/me', { token: laptop.accessToken })).status).toBe(200);
    });
  });

  it('answers unknown routes with 404 not_found', async () => {
    const response = await http(t.url, 'GET', '/nope');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'not_found', statusCode: 404 });
  });

  it('reports health', async () => {
    expect(await http(t.url, 'GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
