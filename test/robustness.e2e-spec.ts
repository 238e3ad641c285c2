import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newAdmin } from './support/admin.js';
import { loginAs, newUser } from './support/factories.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Every route of docs/api.md; `:id` is replaced by hostile values. */
const ROUTES: [string, string][] = [
  ['POST', '/auth/register'],
  ['POST', '/auth/login'],
  ['POST', '/auth/refresh'],
  ['POST', '/auth/logout'],
  ['GET', '/auth/me'],
  ['GET', '/auth/sessions'],
  ['DELETE', '/auth/sessions/:id'],
  ['DELETE', '/auth/sessions'],
  ['POST', '/auth/password'],
  ['GET', '/admin/users'],
  ['PATCH', '/admin/users/:id'],
  ['GET', '/admin/sessions'],
  ['GET', '/admin/sessions/:id'],
  ['DELETE', '/admin/sessions/:id'],
  ['DELETE', '/admin/users/:id/sessions'],
  ['GET', '/admin/audit'],
  ['GET', '/auth/revocations'],
  ['POST', '/auth/password/forgot'],
  ['POST', '/auth/password/reset'],
  ['POST', '/auth/email/verify'],
  ['POST', '/auth/email/verify/resend'],
  ['GET', '/reset-password'],
  ['GET', '/verify-email'],
];

const IDS = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '%00', 'x'.repeat(300)];
const QUERIES = [
  '',
  '?limit=-1',
  '?limit=abc',
  '?limit=100000',
  '?cursor=%%%',
  '?cursor=eyJ9',
  '?since=garbage',
  '?keep=everything',
  '?userId=nope',
  '?query=' + '%25'.repeat(50),
  '?type[]=x',
];
const BODIES: { raw?: string; contentType?: string }[] = [
  { raw: '{"email":' },
  { raw: 'null' },
  { raw: '[]' },
  { raw: '"text"' },
  { raw: '12' },
  { raw: '{"email":{"$ne":null},"password":{"a":1}}' },
  { raw: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(10_000) }) },
  { raw: JSON.stringify({ refreshToken: 'a'.repeat(100_000) }) },
  { raw: JSON.stringify({ envelope: 'a.b.c.d.e', refreshToken: null }) },
  { raw: JSON.stringify({ disabled: 'yes', roles: 'admin' }) },
  { raw: JSON.stringify({ roles: [1, {}, null] }) },
  { raw: JSON.stringify({ currentPassword: 5, newPassword: ['a'] }) },
  { raw: JSON.stringify({ token: 'x'.repeat(100_000), newPassword: 'password 123' }) },
  { raw: JSON.stringify({ token: { $gt: '' }, newPassword: 'password 123' }) },
  { raw: JSON.stringify({ email: '"quoted@"@example.com' }) },
  { raw: '\u0000\u0001binary', contentType: 'application/octet-stream' },
  { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { raw: '<xml/>', contentType: 'text/xml' },
  { raw: '{}', contentType: 'application/json; charset=utf-16' },
  { raw: JSON.stringify({ email: 'a@b.co', password: 'password 123', name: 'a\u0000b', deviceName: 'x\u0000' }) },
  { raw: '{"email":"a@b.co","password":"password 123","name":"\\ud800","deviceName":"\\udc00"}' },
  { raw: '{"email":"a@b\\ud800c.com","password":"password 123"}' },
  { raw: '['.repeat(5000) + ']'.repeat(5000) },
  { raw: '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) },
];

describe('hostile input', () => {
  let t: TestApp;
  let userToken: string;
  let adminToken: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS: 'off' });
    userToken = (await loginAs(t.url, await newUser(t.url))).accessToken;
    adminToken = (await loginAs(t.url, await newAdmin(t))).accessToken;
  });
  afterAll(() => t.close());

  async function send(method: string, path: string, body: { raw?: string; contentType?: string } | undefined, token?: string) {
    const headers: Record<string, string> = {};
    if (body) headers['content-type'] = body.contentType ?? 'application/json';
    if (token) headers.authorization = token.startsWith('Bearer') || token.startsWith('Basic') ? token : `Bearer ${token}`;
    const response = await fetch(t.url + path, { method, headers, body: method === 'GET' ? undefined : body?.raw });
    const text = await response.text();
    return { status: response.status, text };
  }

  it('answers 400 validation_failed for NUL, lone surrogates and deep nesting, before any work', async () => {
    const user = await newUser(t.url);
    const bodies = [
      JSON.stringify({ email: user.email, password: user.password, deviceName: 'phone\u0000' }),
      `{"email":"${user.email}","password":"${user.password}","deviceName":"\\udc00"}`,
      '{"email":"a@b\\ud800c.com","password":"password 123"}',
      '['.repeat(5000) + ']'.repeat(5000),
    ];
    for (const raw of bodies) {
      const response = await send('POST', '/auth/login', { raw });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text).code).toBe('validation_failed');
    }
  });

  it('answers 400 validation_failed for a URL that does not decode', async () => {
    const response = await send('GET', '/auth/sessions/%E0%A4%A', undefined, userToken);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).code).toBe('validation_failed');
  });

  it('never answers 5xx, and every error has the docs/api.md shape', async () => {
    const failures: string[] = [];
    const check = async (method: string, path: string, body?: { raw?: string; contentType?: string }, token?: string) => {
      const { status, text } = await send(method, path, body, token);
      let parsed: { code?: unknown; statusCode?: unknown } | undefined;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      const shaped = status < 400 || (typeof parsed?.code === 'string' && parsed.statusCode === status);
      if (status >= 500 || !shaped)
        failures.push(
          `${method} ${path} token=${String(token).slice(0, 20)} body=${body?.raw?.slice(0, 30)} -> ${status} ${text.slice(0, 120)}`,
        );
    };
    const badTokens = [undefined, 'Basic abc', 'Bearer', 'Bearer a.b.c', `Bearer ${userToken}x`, 'Bearer ' + 'A'.repeat(9000)];
    // Each dimension is varied on its own (ids, queries, bodies, tokens), as the user and as an admin.
    for (const [method, template] of ROUTES) {
      const paths = template.includes(':id') ? IDS.map((id) => template.replace(':id', encodeURIComponent(id))) : [template];
      for (const token of [userToken, adminToken]) {
        for (const path of paths) await check(method, path, undefined, token);
        for (const query of QUERIES) await check(method, paths[0] + query, undefined, token);
        if (method !== 'GET') for (const body of BODIES) await check(method, paths[0], body, token);
      }
      for (const token of badTokens) await check(method, paths[0], method === 'GET' ? undefined : BODIES[0], token);
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });
});
