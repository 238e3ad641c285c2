import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { KeysService } from '../src/crypto/keys.service.js';
import { usersWithEmail } from './support/db-state.js';
import { loginAs, newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/** A raw HTTP/1.1 request with headers fetch refuses to send (Expect). */
function rawPost(base: string, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      base + path,
      { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('hardening findings', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS: 'off' });
  });
  afterAll(() => t.close());

  describe('Expect header', () => {
    it.each(['*', 'something-else', '100-continue, x'])(
      'serves a request with Expect: %s as if the header were absent',
      async (expectation) => {
        const user = await newUser(t.url);
        const response = await rawPost(
          t.url,
          '/auth/login',
          { expect: expectation },
          JSON.stringify({ email: user.email, password: user.password }),
        );
        expect(response.status).toBe(200);
        expect(JSON.parse(response.text).tokenType).toBe('Bearer');
      },
    );

    it('still answers a bad body under Expect: * with the docs/api.md error body', async () => {
      const response = await rawPost(t.url, '/auth/login', { expect: '*' }, '{"email":');
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    });
  });

  describe('__proto__ and constructor keys', () => {
    it.each([
      ['__proto__', '"__proto__":{"roles":["admin"]}'],
      ['constructor', '"constructor":{"prototype":{}}'],
    ])('refuses a register body holding %s with 400 validation_failed, creating nobody', async (_, extra) => {
      const email = `proto-${Date.now()}-${Math.random().toString(16).slice(2)}@example.com`;
      const response = await http(t.url, 'POST', '/auth/register', {
        raw: `{"email":"${email}","password":"a long enough password",${extra}}`,
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(await usersWithEmail(t.db, email)).toBe(0);
    });
  });

  describe('validly signed access tokens with malformed claims', () => {
    it.each([
      ['a non-UUID sid', (userId: string) => ({ sub: userId, sid: 'not-a-uuid' })],
      ['a SQL-ish sid', (userId: string) => ({ sub: userId, sid: "' OR 1=1 --" })],
      ['a non-UUID sub', () => ({ sub: 'admin', sid: '00000000-0000-4000-8000-000000000000' })],
    ])('answers 401 invalid_token, never 500, for %s', async (_, claims) => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      const { token } = await t.app.get(KeysService).signAccessToken({ ...claims(user.id), roles: ['user'] });
      const response = await http(t.url, 'GET', '/auth/me', { token });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
      // the genuine token of the same user still works
      expect((await http(t.url, 'GET', '/auth/me', { token: session.accessToken })).status).toBe(200);
    });
  });
});
