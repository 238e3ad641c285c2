import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { exportJWK, type CryptoKey } from 'jose';
import { KeysService } from '../src/crypto/keys.service.js';
import { accessToken, forgedTokens, malformedSignedTokens, type SigningKey } from './guard-fixtures.js';
import { loginAs, newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/**
 * The service's own check of its access tokens (the passport-jwt JwtStrategy behind the guard
 * package's cache): tokens signed with the service's real signing key but wrong in header or
 * claims, and tokens anyone can make without that key, are all 401 invalid_token at a guarded
 * route, while a genuine one built the same way passes.
 */
describe('the service checking its own access tokens', () => {
  let t: TestApp;
  let key: SigningKey;
  let sub: string;
  let sid: string;

  beforeAll(async () => {
    // the fixtures' issuer and audience
    t = await startTestApp({ AUTH_ISSUER: 'http://auth.test', AUTH_AUDIENCE: 'api' });
    const session = await loginAs(t.url, await newUser(t.url));
    const me = await http(t.url, 'GET', '/auth/me', { token: session.accessToken });
    sub = me.body.id;
    sid = session.sessionId;
    // the service's active signing key, as only the service itself holds it
    const loaded = (
      t.app.get(KeysService) as unknown as {
        keys: { kid: string; use: string; activatesAt: Date; privateKey: CryptoKey; publicKey: CryptoKey }[];
      }
    ).keys;
    const signing = loaded.filter((k) => k.use === 'sig' && k.activatesAt.getTime() <= Date.now()).at(-1)!;
    key = {
      kid: signing.kid,
      privateKey: signing.privateKey,
      publicJwk: { ...(await exportJWK(signing.publicKey)), kid: signing.kid, alg: 'ES256', use: 'sig' },
    };
  });

  afterAll(() => t?.close());

  const me = (token: string) => http(t.url, 'GET', '/auth/me', { token });

  it('accepts a token signed with its key for a live session (the control for the refusals below)', async () => {
    const response = await me(await accessToken(key, { claims: { sub, sid } }));
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(sub);
  });

  it('refuses every token made without its private key with 401 invalid_token', async () => {
    const forged = await forgedTokens(key);
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(forged).map(async ([name, token]) => [name, (await me(token)).body.code])),
    );
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(forged).map((name) => [name, 'invalid_token'])));
  });

  it('refuses genuinely signed tokens with an unknown crit header or malformed claims with 401 invalid_token', async () => {
    const tokens = await malformedSignedTokens(key);
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(tokens).map(async ([name, token]) => [name, (await me(token)).body.code])),
    );
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(tokens).map((name) => [name, 'invalid_token'])));
  });

  it('refuses a genuinely signed token living longer than ACCESS_TOKEN_TTL, and answers token_expired for an expired one', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await me(await accessToken(key, { claims: { sub, sid, iat: now, exp: now + t.config.ACCESS_TOKEN_TTL + 1 } }))).body.code).toBe(
      'invalid_token',
    );
    expect((await me(await accessToken(key, { claims: { sub, sid, iat: now - 700, exp: now - 5 } }))).body.code).toBe('token_expired');
  });
});
