import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oauth from 'oauth4webapi';
import { auditCount, bucketHits, familyExists, revocationReason } from './support/db-state.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { oauthClient, oauthError } from './support/oauth-client.js';
import { INTROSPECT_LIMITS } from '../src/oauth/oauth.controller.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const INTROSPECTION_SECRET = 'introspection-secret-0123456789';

/** A form POST as a non-library client would send it. */
function form(base: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return http(base, 'POST', path, {
    raw: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

describe('OAuth endpoints driven by oauth4webapi', () => {
  let t: TestApp;
  let client: ReturnType<typeof oauthClient>;
  let as: oauth.AuthorizationServer;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0', INTROSPECTION_SECRET });
    client = oauthClient(t.url);
    as = await client.discover();
  });
  afterAll(() => t.close());

  const introspect = async (token: string) => {
    const response = await oauth.introspectionRequest(
      as,
      { client_id: 'resource-server' },
      oauth.ClientSecretBasic(INTROSPECTION_SECRET),
      token,
      client.options,
    );
    return oauth.processIntrospectionResponse(as, { client_id: 'resource-server' }, response);
  };

  describe('metadata (RFC 8414)', () => {
    it('validates with oauth4webapi discovery and names every endpoint', () => {
      expect(as).toMatchObject({
        issuer: 'http://auth.test',
        token_endpoint: 'http://auth.test/oauth/token',
        revocation_endpoint: 'http://auth.test/oauth/revoke',
        introspection_endpoint: 'http://auth.test/oauth/introspect',
        jwks_uri: 'http://auth.test/.well-known/jwks.json',
        grant_types_supported: ['refresh_token'],
        token_endpoint_auth_methods_supported: ['none'],
        dpop_signing_alg_values_supported: ['ES256', 'EdDSA', 'RS256', 'PS256'],
      });
    });

    it('is refused by discovery for another issuer', async () => {
      const response = await oauth.discoveryRequest(new URL('http://auth.test'), { algorithm: 'oauth2', ...client.options });
      await expect(oauth.processDiscoveryResponse(new URL('http://other.test'), response)).rejects.toThrow(/issuer/);
    });
  });

  describe('token (RFC 6749 §6)', () => {
    it('rotates a refresh token through the same path as /auth/refresh', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const result = await client.refresh(as, session.refreshToken);
      expect(result).toMatchObject({ token_type: 'bearer', expires_in: 600 });
      expect(result.refresh_token).not.toBe(session.refreshToken);
      expect((await http(t.url, 'GET', '/auth/me', { token: result.access_token })).status).toBe(200);
      // the new token keeps working at the JSON door too
      expect((await refresh(t.url, result.refresh_token!)).status).toBe(200);
      expect(await auditCount(t.db, { sessionId: session.sessionId, type: 'token_refreshed' })).toBe(2);
    });

    it('answers no-store and the RFC 6749 §5.1 fields', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const response = await form(t.url, '/oauth/token', { grant_type: 'refresh_token', refresh_token: session.refreshToken });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(response.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
      expect(response.body.token_type).toBe('Bearer');
    });

    it('ends the whole family when a rotated token comes back through it (invalid_grant)', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const first = await client.refresh(as, session.refreshToken);
      expect(await oauthError(client.refresh(as, session.refreshToken))).toEqual({ error: 'invalid_grant', status: 400 });
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
      expect(await oauthError(client.refresh(as, first.refresh_token!))).toEqual({ error: 'invalid_grant', status: 400 });
      expect(await auditCount(t.db, { sessionId: session.sessionId, type: 'refresh_reuse_detected' })).toBe(1);
    });

    it('answers invalid_grant for unknown and malformed tokens, and leaves the family alone', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      // the family's and generation's ids with a wrong secret
      const wrongSecret = session.refreshToken.replace(/[^.]+$/, 'A'.repeat(43));
      expect(await oauthError(client.refresh(as, wrongSecret))).toEqual({ error: 'invalid_grant', status: 400 });
      expect(await oauthError(client.refresh(as, 'garbage'))).toEqual({ error: 'invalid_grant', status: 400 });
      expect(await familyExists(t.db, session.sessionId)).toBe(true);
    });

    it.each([
      ['an unsupported grant', { grant_type: 'password', username: 'a', password: 'b' }, 'unsupported_grant_type'],
      ['no grant_type', { refresh_token: 'x' }, 'invalid_request'],
      ['no refresh_token', { grant_type: 'refresh_token' }, 'invalid_request'],
      ['an empty refresh_token', { grant_type: 'refresh_token', refresh_token: '' }, 'invalid_request'],
    ])('answers 400 %s with RFC 6749 §5.2 errors', async (_name, fields, error) => {
      const response = await form(t.url, '/oauth/token', fields as Record<string, string>);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error, error_description: expect.any(String) });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('refuses a repeated parameter and a JSON body as invalid_request', async () => {
      const repeated = await http(t.url, 'POST', '/oauth/token', {
        raw: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(repeated.status).toBe(400);
      expect(repeated.body.error).toBe('invalid_request');
      const json = await http(t.url, 'POST', '/oauth/token', { body: { grant_type: 'refresh_token', refresh_token: 'x' } });
      expect(json.status).toBe(400);
      expect(json.body.error).toBe('invalid_request');
    });
  });

  describe('form bodies stay on the OAuth routes', () => {
    it.each(['/auth/login', '/auth/refresh', '/auth/register', '/no/such/route'])(
      '%s refuses a form body exactly like any other non-JSON body',
      async (path) => {
        const asForm = await http(t.url, 'POST', path, {
          raw: 'email=a%40b.c&password=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
        const asText = await http(t.url, 'POST', path, { raw: 'email=a%40b.c&password=x', headers: { 'content-type': 'application/xml' } });
        expect(asForm.status).toBeGreaterThanOrEqual(400);
        expect(asForm.status).toBeLessThan(500);
        expect(asForm.status).toBe(asText.status);
        expect(asForm.body).toEqual(asText.body);
      },
    );
  });

  describe('revocation (RFC 7009)', () => {
    it('ends the whole family of a refresh token, whichever generation is revoked', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const rotated = await client.refresh(as, session.refreshToken);
      const response = await oauth.revocationRequest(as, client.client, oauth.None(), rotated.refresh_token!, client.options);
      await oauth.processRevocationResponse(response);
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
      expect((await http(t.url, 'GET', '/auth/me', { token: rotated.access_token })).body.code).toBe('session_revoked');
      expect(await revocationReason(t.db, session.sessionId)).toBe('oauth_revoke');
    });

    it('ends the family of an access token', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const response = await oauth.revocationRequest(as, client.client, oauth.None(), session.accessToken, {
        ...client.options,
        additionalParameters: { token_type_hint: 'access_token' },
      });
      await oauth.processRevocationResponse(response);
      expect(await familyExists(t.db, session.sessionId)).toBe(false);
    });

    it('answers 200 for an unknown token and changes nothing', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      for (const token of ['unknown', session.refreshToken.replace(/[^.]+$/, 'B'.repeat(43))]) {
        const response = await form(t.url, '/oauth/revoke', { token });
        expect(response.status).toBe(200);
      }
      expect(await familyExists(t.db, session.sessionId)).toBe(true);
    });

    it('needs a token', async () => {
      const response = await form(t.url, '/oauth/revoke', {});
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('invalid_request');
    });
  });

  describe('introspection (RFC 7662)', () => {
    it('describes a live access token and a live refresh token', async () => {
      const user = await newUser(t.url);
      const session = await loginAs(t.url, user);
      expect(await introspect(session.accessToken)).toMatchObject({
        active: true,
        token_type: 'Bearer',
        sub: user.id,
        sid: session.sessionId,
        iss: 'http://auth.test',
        aud: 'api',
        roles: ['user'],
      });
      expect(await introspect(session.refreshToken)).toMatchObject({
        active: true,
        token_type: 'refresh_token',
        sub: user.id,
        sid: session.sessionId,
      });
    });

    it('says inactive right after the session is killed, long before exp', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      expect((await introspect(session.accessToken)).active).toBe(true);
      expect((await http(t.url, 'POST', '/auth/logout', { token: session.accessToken })).status).toBe(204);
      expect(await introspect(session.accessToken)).toEqual({ active: false });
      expect(await introspect(session.refreshToken)).toEqual({ active: false });
    });

    it('says inactive for a rotated refresh token and for garbage', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      await client.refresh(as, session.refreshToken);
      expect(await introspect(session.refreshToken)).toEqual({ active: false });
      expect(await introspect('garbage')).toEqual({ active: false });
    });

    it('accepts the secret as a Bearer credential too', async () => {
      const session = await loginAs(t.url, await newUser(t.url));
      const response = await form(
        t.url,
        '/oauth/introspect',
        { token: session.accessToken },
        { authorization: `Bearer ${INTROSPECTION_SECRET}` },
      );
      expect(response.status).toBe(200);
      expect(response.body.active).toBe(true);
    });

    it.each([
      ['no credential', {}],
      ['a wrong secret', { authorization: `Basic ${Buffer.from('rs:wrong-secret-0123456789').toString('base64')}` }],
      ['a wrong bearer', { authorization: 'Bearer wrong-secret-0123456789' }],
    ])('answers 401 invalid_client to %s', async (_name, headers) => {
      const session = await loginAs(t.url, await newUser(t.url));
      const response = await form(t.url, '/oauth/introspect', { token: session.accessToken }, headers as Record<string, string>);
      expect(response.status).toBe(401);
      expect(response.body.error).toBe('invalid_client');
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
    });
  });
});

describe('introspection limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ INTROSPECTION_SECRET });
  });
  afterAll(() => t.close());

  it('refuses an ip that keeps guessing the secret with 429, the right secret included, and counts every call', async () => {
    const session = await loginAs(t.url, await newUser(t.url));
    const right = { authorization: `Bearer ${INTROSPECTION_SECRET}` };
    expect((await form(t.url, '/oauth/introspect', { token: session.accessToken }, right)).status).toBe(200);
    for (let i = 0; i < INTROSPECT_LIMITS.deniedPerIp; i++) {
      expect(
        (await form(t.url, '/oauth/introspect', { token: session.accessToken }, { authorization: `Bearer wrong-guess-${i}-0123456789` }))
          .status,
      ).toBe(401);
    }
    const limited = await form(t.url, '/oauth/introspect', { token: session.accessToken }, right);
    expect([limited.status, limited.body.error]).toEqual([429, 'temporarily_unavailable']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await bucketHits(t.db, 'introspect:ip:127.0.0.1')).toBe(INTROSPECT_LIMITS.deniedPerIp + 2);
  });
});

describe('OAuth endpoints without INTROSPECTION_SECRET', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('neither advertises nor answers introspection', async () => {
    const as = await oauthClient(t.url).discover();
    expect(as.introspection_endpoint).toBeUndefined();
    const response = await form(t.url, '/oauth/introspect', { token: 'x' }, { authorization: 'Bearer anything-at-all-1234' });
    expect(response.status).toBe(404);
  });
});
