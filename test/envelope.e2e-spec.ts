import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { KeysService } from '../src/crypto/keys.service.js';
import { loginAs, newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

async function encKey(base: string): Promise<JWK> {
  const { body } = await http(base, 'GET', '/.well-known/jwks.json');
  return body.keys.find((k: JWK) => k.use === 'enc' && k.alg === 'RSA-OAEP-256');
}

async function seal(jwk: JWK, plaintext: unknown, header: { alg?: string; enc?: string } = {}): Promise<string> {
  const key = await importJWK(jwk, header.alg ?? 'RSA-OAEP-256');
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(plaintext)))
    .setProtectedHeader({ alg: header.alg ?? 'RSA-OAEP-256', enc: header.enc ?? 'A256GCM', kid: jwk.kid })
    .encrypt(key);
}

const now = () => Math.floor(Date.now() / 1000);

describe('encrypted refresh envelope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refreshes with an envelope made by a stock JOSE library from the published key', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-env-01' });
    const envelope = await seal(await encKey(t.url), { refreshToken: session.refreshToken, deviceId: 'phone-env-01', ts: now() });
    const response = await http(t.url, 'POST', '/auth/refresh', { body: { envelope } });
    expect(response.status).toBe(200);
    expect(response.body.sessionId).toBe(session.sessionId);
    expect(response.body.refreshToken).not.toBe(session.refreshToken);
  });

  it('ends the family when the envelope carries another device id', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-env-02' });
    const envelope = await seal(await encKey(t.url), { refreshToken: session.refreshToken, deviceId: 'stolen-env-02', ts: now() });
    const response = await http(t.url, 'POST', '/auth/refresh', { body: { envelope } });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('device_mismatch');
  });

  describe('refuses with 400 envelope_invalid, never a 500', () => {
    let session: Awaited<ReturnType<typeof loginAs>>;
    let jwk: JWK;
    const payload = () => ({ refreshToken: session.refreshToken, deviceId: 'phone-env-03', ts: now() });

    beforeAll(async () => {
      session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-env-03' });
      jwk = await encKey(t.url);
    });

    const cases: [string, () => Promise<string>][] = [
      [
        'another RSA key under our kid',
        async () => {
          const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as JWK;
          return seal({ ...other, kid: jwk.kid }, payload());
        },
      ],
      ['alg RSA-OAEP (SHA-1)', () => seal(jwk, payload(), { alg: 'RSA-OAEP' })],
      [
        'a header rewritten to alg RSA1_5',
        async () => {
          const parts = (await seal(jwk, payload())).split('.');
          parts[0] = Buffer.from(JSON.stringify({ alg: 'RSA1_5', enc: 'A256GCM', kid: jwk.kid })).toString('base64url');
          return parts.join('.');
        },
      ],
      [
        'alg dir',
        async () => {
          const parts = (await seal(jwk, payload())).split('.');
          parts[0] = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: jwk.kid })).toString('base64url');
          return parts.join('.');
        },
      ],
      ['enc A128GCM', () => seal(jwk, payload(), { enc: 'A128GCM' })],
      ['enc A256CBC-HS512', () => seal(jwk, payload(), { enc: 'A256CBC-HS512' })],
      [
        'a tampered ciphertext',
        async () => {
          const parts = (await seal(jwk, payload())).split('.');
          const ct = Buffer.from(parts[3], 'base64url');
          ct[0] ^= 1;
          parts[3] = ct.toString('base64url');
          return parts.join('.');
        },
      ],
      [
        'a tampered encrypted key',
        async () => {
          const parts = (await seal(jwk, payload())).split('.');
          const ek = Buffer.from(parts[1], 'base64url');
          ek[10] ^= 1;
          parts[1] = ek.toString('base64url');
          return parts.join('.');
        },
      ],
      ['a stale ts', () => seal(jwk, { ...payload(), ts: now() - 300 })],
      ['a ts from the future', () => seal(jwk, { ...payload(), ts: now() + 300 })],
      ['no deviceId', () => seal(jwk, { refreshToken: session.refreshToken, ts: now() })],
      ['a string ts', () => seal(jwk, { ...payload(), ts: String(now()) })],
      ['a JSON array', () => seal(jwk, [1, 2, 3])],
      ['garbage', async () => 'not.a.jwe.at.all'],
      ['an unknown kid', async () => await seal({ ...jwk, kid: 'nope' }, payload())],
      [
        'no kid',
        async () => {
          const key = await importJWK(jwk, 'RSA-OAEP-256');
          return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload())))
            .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
            .encrypt(key);
        },
      ],
      ['a JWS instead of a JWE', async () => 'eyJhbGciOiJFUzI1NiJ9.eyJ4IjoxfQ.c2ln'],
    ];

    it.each(cases)('%s', async (_, make) => {
      const response = await http(t.url, 'POST', '/auth/refresh', { body: { envelope: await make() } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('envelope_invalid');
    });

    it('and the family is untouched by any of them', async () => {
      const response = await http(t.url, 'POST', '/auth/refresh', {
        body: { refreshToken: session.refreshToken, deviceId: 'phone-env-03' },
      });
      expect(response.status).toBe(200);
    });
  });

  it('refuses an envelope together with a plain token', async () => {
    const response = await http(t.url, 'POST', '/auth/refresh', { body: { envelope: 'x', refreshToken: 'y' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('still accepts envelopes made with the previous key after a rotation', async () => {
    const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-env-04' });
    const previous = await encKey(t.url);
    await t.app.get(KeysService).rotateKeys(0);
    const current = await encKey(t.url);
    expect(current.kid).not.toBe(previous.kid);
    const envelope = await seal(previous, { refreshToken: session.refreshToken, deviceId: 'phone-env-04', ts: now() });
    expect((await http(t.url, 'POST', '/auth/refresh', { body: { envelope } })).status).toBe(200);
  });
});

describe('REFRESH_ENVELOPE modes', () => {
  it('required: refuses a plain body with envelope_required, accepts an envelope', async () => {
    const t = await startTestApp({ REFRESH_ENVELOPE: 'required' });
    try {
      const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-req-01' });
      const plain = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } });
      expect(plain.status).toBe(400);
      expect(plain.body.code).toBe('envelope_required');
      const envelope = await seal(await encKey(t.url), { refreshToken: session.refreshToken, deviceId: 'phone-req-01', ts: now() });
      expect((await http(t.url, 'POST', '/auth/refresh', { body: { envelope } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('required holds on every refresh path: a cookie-mode refresh and /oauth/token are refused too, and nothing rotates', async () => {
    const t = await startTestApp({ REFRESH_ENVELOPE: 'required' });
    try {
      const user = await newUser(t.url);
      const login = await http(t.url, 'POST', '/auth/login', {
        body: { email: user.email, password: user.password },
        headers: { 'x-auth-mode': 'cookie' },
      });
      expect(login.status).toBe(200);
      const cookie = /^([^=]+=[^;]+)/.exec(login.headers.getSetCookie().find((c) => c.includes('refresh'))!)![1];
      const byCookie = await http(t.url, 'POST', '/auth/refresh', { headers: { 'x-auth-mode': 'cookie', cookie } });
      expect([byCookie.status, byCookie.body.code]).toEqual([400, 'envelope_required']);
      // not an ending: the cookie is left as it was
      expect(byCookie.headers.getSetCookie()).toEqual([]);

      const session = await loginAs(t.url, user);
      const form = await fetch(`${t.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken }),
      });
      expect(form.status).toBe(400);
      expect(await form.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('REFRESH_ENVELOPE') });
      const rotated = await t.db.query('SELECT 1 FROM refresh_tokens WHERE family_id = ANY($1::uuid[]) AND rotated_at IS NOT NULL', [
        [session.sessionId, login.body.sessionId],
      ]);
      expect(rotated.rowCount).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('off: refuses envelopes, accepts a plain body', async () => {
    const t = await startTestApp({ REFRESH_ENVELOPE: 'off' });
    try {
      const session = await loginAs(t.url, await newUser(t.url), { deviceId: 'phone-off-01' });
      const envelope = await seal(await encKey(t.url), { refreshToken: session.refreshToken, deviceId: 'phone-off-01', ts: now() });
      const refused = await http(t.url, 'POST', '/auth/refresh', { body: { envelope } });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('envelope_invalid');
      expect((await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
