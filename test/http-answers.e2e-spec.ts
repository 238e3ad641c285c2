// The answers a newcomer trips over first: a body that is not JSON, one too large, a known
// path with the wrong method, and validation messages (one per field).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('HTTP answers of docs/api.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function send(method: string, path: string, body?: string, contentType?: string) {
    const response = await fetch(t.url + path, { method, body, headers: contentType ? { 'content-type': contentType } : {} });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  describe('415 unsupported_media_type', () => {
    it.each(['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'application/octet-stream', 'text/xml'])(
      'refuses a JSON body sent as %s instead of ignoring it',
      async (contentType) => {
        const user = await newUser(t.url);
        const response = await send('POST', '/auth/login', JSON.stringify({ email: user.email, password: user.password }), contentType);
        expect(response.status).toBe(415);
        expect(response.body).toEqual({
          statusCode: 415,
          error: 'Unsupported Media Type',
          code: 'unsupported_media_type',
          message: 'The body must be JSON (Content-Type: application/json)',
        });
      },
    );

    it('refuses a body sent with no Content-Type at all', async () => {
      const user = await newUser(t.url);
      const body = new TextEncoder().encode(JSON.stringify({ email: user.email, password: user.password }));
      const response = await fetch(`${t.url}/auth/login`, { method: 'POST', body });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { code: string }).code).toBe('unsupported_media_type');
    });

    it('accepts application/json with a charset', async () => {
      const user = await newUser(t.url);
      const response = await send(
        'POST',
        '/auth/login',
        JSON.stringify({ email: user.email, password: user.password }),
        'application/json; charset=utf-8',
      );
      expect(response.status).toBe(200);
    });
  });

  describe('413 payload_too_large', () => {
    it('refuses a 2 MB body, saying the limit', async () => {
      const body = JSON.stringify({ email: 'big@example.com', password: 'a long enough password', name: 'x'.repeat(2 * 1024 * 1024) });
      const response = await send('POST', '/auth/register', body, 'application/json');
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        code: 'payload_too_large',
        message: 'The body is larger than the limit of 64 KiB',
      });
    });

    it('accepts a body just under the limit (and judges its fields)', async () => {
      const body = JSON.stringify({ email: 'big@example.com', password: 'a long enough password', name: 'x'.repeat(60 * 1024) });
      const response = await send('POST', '/auth/register', body, 'application/json');
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'name', message: expect.stringContaining('name') }]);
    });
  });

  describe('405 method_not_allowed', () => {
    it.each([
      ['GET', '/auth/login', 'POST'],
      ['PUT', '/auth/refresh', 'POST'],
      ['PUT', '/auth/me', 'DELETE, GET, HEAD'], // DELETE since account deletion
      ['POST', '/auth/sessions', 'DELETE, GET, HEAD'],
      ['GET', '/auth/sessions/0b6c2a51-9f0e-4c43-8d2f-1d1e2b3c4d5e', 'DELETE'],
      ['POST', '/admin/users/0b6c2a51-9f0e-4c43-8d2f-1d1e2b3c4d5e', 'DELETE, GET, HEAD, PATCH'], // GET for the console, DELETE for admin deletion
      ['PUT', '/admin/users', 'GET, HEAD, POST'], // POST since admin-created users
      ['POST', '/.well-known/jwks.json', 'GET, HEAD'],
    ])('%s %s answers 405 with Allow: %s', async (method, path, allow) => {
      const response = await send(method, path);
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      expect(response.body).toMatchObject({ statusCode: 405, error: 'Method Not Allowed', code: 'method_not_allowed' });
    });

    it('the methods in Allow are answered', async () => {
      const response = await send('GET', '/auth/login');
      for (const method of response.headers.get('allow')!.split(', ')) {
        expect((await send(method, '/auth/login', '{}', 'application/json')).status).not.toBe(405);
      }
    });

    it('an unknown path is still 404 not_found', async () => {
      for (const path of ['/nowhere', '/auth/login/extra', '/auth/sessions/a/b']) {
        const response = await send('GET', path);
        expect(response.status).toBe(404);
        expect(response.headers.get('allow')).toBeNull();
        expect(response.body.code).toBe('not_found');
      }
    });
  });

  describe('validation messages', () => {
    it('an empty login body gives one message per field', async () => {
      const response = await http(t.url, 'POST', '/auth/login', { body: {} });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'email', message: 'email is required' },
        { field: 'password', message: 'password is required' },
      ]);
    });

    it('a field breaking several rules gets one message', async () => {
      const response = await http(t.url, 'POST', '/auth/register', { body: { email: 42, password: 'short' } });
      expect(response.status).toBe(400);
      expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['email', 'password']);
      expect(response.body.details[1]).toEqual({ field: 'password', message: 'password must be 8 to 128 characters' });
    });
  });
});
