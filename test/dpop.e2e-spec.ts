import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import { CryptoService } from '../src/crypto/crypto.service.js';
import { AuthGuardModule, CurrentUser, type AuthenticatedUser } from '@auth-service/guard';
import { ISSUER } from './guard-fixtures.js';
import { dpopProof, hmacProof, newDpopKey, unsignedProof, type DpopKey, type ProofOptions } from './support/dpop.js';
import { auditDetails, bucketHits, familyCount, familyRow } from './support/db-state.js';
import { newUser, type Session, type TestUser } from './support/factories.js';
import { oauthClient, oauthError } from './support/oauth-client.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

const LOGIN = `${ISSUER}/auth/login`;
const REFRESH = `${ISSUER}/auth/refresh`;
const ME = `${ISSUER}/auth/me`;

describe('DPoP-bound sessions (RFC 9449)', () => {
  let t: TestApp;
  let key: DpopKey;
  let thief: DpopKey;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE: '0' });
    [key, thief] = await Promise.all([newDpopKey(), newDpopKey()]);
  });
  afterAll(() => t.close());

  const familyJkt = async (id: string): Promise<string | null | undefined> => (await familyRow(t.db, id))?.jkt;

  /** Logs in with a proof of `with`: the family is bound to that key. */
  async function boundLogin(with_: DpopKey = key, user?: TestUser): Promise<Session & { tokenType: string }> {
    const u = user ?? (await newUser(t.url));
    const response = await http(t.url, 'POST', '/auth/login', {
      body: { email: u.email, password: u.password },
      headers: { dpop: await dpopProof(with_, { htu: LOGIN }) },
    });
    expect(response.status).toBe(200);
    return response.body;
  }

  async function refreshWith(refreshToken: string, proof?: string) {
    return http(t.url, 'POST', '/auth/refresh', { body: { refreshToken }, headers: proof ? { dpop: proof } : {} });
  }

  describe('login', () => {
    it('binds the family to the key of the proof and the access token to it (cnf.jkt)', async () => {
      const session = await boundLogin();
      expect(session.tokenType).toBe('DPoP');
      expect(decodeJwt(session.accessToken).cnf).toEqual({ jkt: key.jkt });
      expect(await familyJkt(session.sessionId)).toBe(key.jkt);
    });

    it('without a proof stays a bearer session', async () => {
      const user = await newUser(t.url);
      const response = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect(response.body.tokenType).toBe('Bearer');
      expect(decodeJwt(response.body.accessToken).cnf).toBeUndefined();
      expect(await familyJkt(response.body.sessionId)).toBeNull();
    });

    it('with an invalid proof is refused and creates nothing', async () => {
      const user = await newUser(t.url);
      const response = await http(t.url, 'POST', '/auth/login', {
        body: { email: user.email, password: user.password },
        headers: { dpop: await dpopProof(key, { htu: REFRESH }) },
      });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_dpop_proof');
      expect(await familyCount(t.db, user.id)).toBe(0);
    });

    it('judges the proof before the password: a bad proof answers the same for a right and a wrong password, audited, and spends no guess', async () => {
      const user = await newUser(t.url);
      const attempt = async (password: string) =>
        http(t.url, 'POST', '/auth/login', {
          body: { email: user.email, password },
          headers: { dpop: await dpopProof(key, { htu: REFRESH }) },
        });
      const right = await attempt(user.password);
      const wrong = await attempt('not the password at all');
      expect([right.status, right.body.code]).toEqual([401, 'invalid_dpop_proof']);
      expect([wrong.status, wrong.body]).toEqual([right.status, right.body]);
      const audited = await auditDetails(t.db, { type: 'login_failed', userId: user.id });
      expect(audited.map((detail) => detail.reason)).toEqual(['invalid_dpop_proof', 'invalid_dpop_proof']);
      // the password was never tried: the account's guess budget is untouched
      expect(await bucketHits(t.db, `login:account:${user.id}`)).toBeUndefined();
    });
  });

  describe('refresh of a bound family', () => {
    it('rotates with proofs of its key, at /auth/refresh and at /oauth/token (oauth4webapi)', async () => {
      const session = await boundLogin();
      const first = await refreshWith(session.refreshToken, await dpopProof(key, { htu: REFRESH }));
      expect(first.status).toBe(200);
      expect(first.body.tokenType).toBe('DPoP');
      expect(decodeJwt(first.body.accessToken).cnf).toEqual({ jkt: key.jkt });

      const client = oauthClient(t.url);
      const as = await client.discover();
      const handle = oauth.DPoP(client.client, { privateKey: key.privateKey, publicKey: key.publicKey });
      const second = await client.refresh(as, first.body.refreshToken, handle);
      expect(second.token_type).toBe('dpop');
      expect(decodeJwt(second.access_token).cnf).toEqual({ jkt: key.jkt });
      const third = await client.refresh(as, second.refresh_token!, handle);
      expect(third.refresh_token).toBeDefined();
    });

    it('without a proof is 401 invalid_dpop_proof and ends nothing', async () => {
      const session = await boundLogin();
      const response = await refreshWith(session.refreshToken);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_dpop_proof');
      const client = oauthClient(t.url);
      expect(await oauthError(client.refresh(await client.discover(), session.refreshToken))).toEqual({
        error: 'invalid_dpop_proof',
        status: 400,
      });
      // the token is still the family's newest and rotates once a proof comes with it
      expect((await refreshWith(session.refreshToken, await dpopProof(key, { htu: REFRESH }))).status).toBe(200);
    });

    it('with a valid proof of another key ends the family as theft', async () => {
      const session = await boundLogin();
      const response = await refreshWith(session.refreshToken, await dpopProof(thief, { htu: REFRESH }));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('device_mismatch');
      expect(await familyJkt(session.sessionId)).toBeUndefined();
      expect(await auditDetails(t.db, { sessionId: session.sessionId, type: 'device_mismatch' })).toEqual([
        expect.objectContaining({ binding: 'dpop', expectedJkt: key.jkt, presentedJkt: thief.jkt, reason: 'dpop_key_mismatch' }),
      ]);
      expect(
        (
          await http(t.url, 'GET', '/auth/me', {
            headers: {
              authorization: `DPoP ${session.accessToken}`,
              dpop: await dpopProof(key, { htm: 'GET', htu: ME, accessToken: session.accessToken }),
            },
          })
        ).body.code,
      ).toBe('session_revoked');
    });

    const now = () => Math.floor(Date.now() / 1000);
    it.each<[string, (k: DpopKey) => Promise<string> | string]>([
      ['a proof for another URL', (k) => dpopProof(k, { htu: LOGIN })],
      ['a proof for another host', (k) => dpopProof(k, { htu: 'http://evil.test/auth/refresh' })],
      ['a proof for another method', (k) => dpopProof(k, { htm: 'GET', htu: REFRESH })],
      ['a stale proof', (k) => dpopProof(k, { htu: REFRESH, iat: now() - 120 })],
      ['a proof from the future', (k) => dpopProof(k, { htu: REFRESH, iat: now() + 120 })],
      ['an alg none proof', (k) => unsignedProof(k, { htu: REFRESH })],
      ['an HS256 proof', (k) => hmacProof(k, { htu: REFRESH })],
      ['a proof embedding the private key', (k) => dpopProof(k, { htu: REFRESH, header: { jwk: k.privateJwk } })],
      ['a proof with typ JWT', (k) => dpopProof(k, { htu: REFRESH, header: { typ: 'JWT' } })],
      ['a proof without jti', (k) => dpopProof(k, { htu: REFRESH, claims: { jti: undefined } })],
    ])('refuses %s with 401 invalid_dpop_proof and ends nothing', async (_name, make) => {
      const session = await boundLogin();
      const response = await refreshWith(session.refreshToken, await make(key));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_dpop_proof');
      expect(await familyJkt(session.sessionId)).toBe(key.jkt);
    });

    it('refuses a replayed proof (same jti), even for the right key and URL', async () => {
      const session = await boundLogin();
      const proof = await dpopProof(key, { htu: REFRESH });
      const first = await refreshWith(session.refreshToken, proof);
      expect(first.status).toBe(200);
      const replay = await refreshWith(first.body.refreshToken, proof);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('invalid_dpop_proof');
      expect(replay.body.message).toMatch(/already used/);
      expect((await t.db.query('SELECT count(*)::int AS n FROM dpop_proofs WHERE jkt = $1', [key.jkt])).rows[0].n).toBeGreaterThan(0);
    });
  });

  describe('refresh of a bearer family with a proof', () => {
    it('binds the new access token to the key but leaves the family unbound', async () => {
      const user = await newUser(t.url);
      const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      const response = await refreshWith(login.body.refreshToken, await dpopProof(key, { htu: REFRESH }));
      expect(response.status).toBe(200);
      expect(response.body.tokenType).toBe('DPoP');
      expect(decodeJwt(response.body.accessToken).cnf).toEqual({ jkt: key.jkt });
      expect(await familyJkt(login.body.sessionId)).toBeNull();
      expect((await refreshWith(response.body.refreshToken)).status).toBe(200);
    });
  });

  describe("the service's own guard", () => {
    const me = (token: string, headers: Record<string, string>) =>
      http(t.url, 'GET', '/auth/me', { headers: { authorization: `DPoP ${token}`, ...headers } });

    it('accepts a bound token with a matching proof, from oauth4webapi too', async () => {
      const session = await boundLogin();
      expect(
        (await me(session.accessToken, { dpop: await dpopProof(key, { htm: 'GET', htu: ME, accessToken: session.accessToken }) })).status,
      ).toBe(200);
      const client = oauthClient(t.url);
      const handle = oauth.DPoP(client.client, { privateKey: key.privateKey, publicKey: key.publicKey });
      const response = await oauth.protectedResourceRequest(session.accessToken, 'GET', new URL(ME), new Headers(), null, {
        ...client.options,
        DPoP: handle,
      });
      expect(response.status).toBe(200);
    });

    it.each<[string, (s: Session) => Promise<Record<string, string>>]>([
      ['sent as a Bearer token', async (s) => ({ authorization: `Bearer ${s.accessToken}` })],
      ['without a proof', async () => ({})],
      ['with a proof without ath', async () => ({ dpop: await dpopProof(key, { htm: 'GET', htu: ME }) })],
      [
        'with a proof for another token',
        async () => ({ dpop: await dpopProof(key, { htm: 'GET', htu: ME, accessToken: 'another.token.value' }) }),
      ],
      ['with a proof of another key', async (s) => ({ dpop: await dpopProof(thief, { htm: 'GET', htu: ME, accessToken: s.accessToken }) })],
      [
        'with a proof for another URL',
        async (s) => ({ dpop: await dpopProof(key, { htm: 'GET', htu: `${ISSUER}/auth/sessions`, accessToken: s.accessToken }) }),
      ],
    ])('refuses a bound token %s (401 invalid_dpop_proof)', async (_name, headers) => {
      const session = await boundLogin();
      const response = await me(session.accessToken, await headers(session));
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_dpop_proof');
      expect(response.headers.get('www-authenticate')).toBe('DPoP error="invalid_dpop_proof", algs="ES256 EdDSA RS256 PS256"');
    });

    it('refuses a replayed proof', async () => {
      const session = await boundLogin();
      const dpop = await dpopProof(key, { htm: 'GET', htu: ME, accessToken: session.accessToken });
      expect((await me(session.accessToken, { dpop })).status).toBe(200);
      expect((await me(session.accessToken, { dpop })).body.code).toBe('invalid_dpop_proof');
    });

    it('refuses a bearer token sent with the DPoP scheme', async () => {
      const user = await newUser(t.url);
      const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      const response = await me(login.body.accessToken, {
        dpop: await dpopProof(key, { htm: 'GET', htu: ME, accessToken: login.body.accessToken }),
      });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    });
  });

  @Controller()
  class ResourceController {
    @Get('me')
    me(@CurrentUser() user: AuthenticatedUser) {
      return user;
    }
  }

  describe('a guard without dpop.publicUrl', () => {
    it('refuses to start when told to accept DPoP-bound tokens without it, saying what to set', () => {
      const options = { issuer: ISSUER, audience: 'api', jwksUri: `${t.url}/.well-known/jwks.json` };
      expect(() => AuthGuardModule.forRoot({ ...options, dpop: {} as { publicUrl: string } })).toThrow(
        /dpop\.publicUrl is required to accept DPoP-bound tokens/,
      );
      expect(() => AuthGuardModule.forRoot({ ...options, dpop: { publicUrl: 'api.example.com' } })).toThrow(
        /dpop\.publicUrl must be an absolute http\(s\) URL/,
      );
    });

    it('refuses DPoP-bound tokens, even with a proof for the URL its Host header names (never trusts the Host header)', async () => {
      @Module({
        imports: [
          AuthGuardModule.forRoot({
            issuer: ISSUER,
            audience: 'api',
            jwksUri: `${t.url}/.well-known/jwks.json`,
            global: true,
            revocations: false,
          }),
        ],
        controllers: [ResourceController],
      })
      class HostOnlyModule {}
      const app = await NestFactory.create(HostOnlyModule, new FastifyAdapter(), { logger: false });
      await app.listen(0, '127.0.0.1');
      try {
        const address = app.getHttpServer().address();
        const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        const session = await boundLogin();
        const dpop = await dpopProof(key, { htm: 'GET', htu: `${url}/me`, accessToken: session.accessToken });
        const response = await http(url, 'GET', '/me', { headers: { authorization: `DPoP ${session.accessToken}`, dpop } });
        expect([response.status, response.body.code]).toEqual([401, 'invalid_token']);
        expect(response.body.message).toMatch(/dpop\.publicUrl/);
        const user = await newUser(t.url);
        const bearer = (await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body;
        expect((await http(url, 'GET', '/me', { token: bearer.accessToken })).status).toBe(200);
      } finally {
        await app.close();
      }
    });
  });

  describe.each([
    ['express', 'http://api.test/v1', '/me', 'http://api.test/v1/me'],
    ['fastify', 'http://api.test', '/me', 'http://api.test/me'],
  ] as const)('the guard other services import (%s, publicUrl %s)', (adapter, publicUrl, path, htu) => {
    let resource: { app: INestApplication; url: string };

    beforeAll(async () => {
      @Module({
        imports: [
          AuthGuardModule.forRoot({
            issuer: ISSUER,
            audience: 'api',
            jwksUri: `${t.url}/.well-known/jwks.json`,
            global: true,
            dpop: { publicUrl },
          }),
        ],
        controllers: [ResourceController],
      })
      class ResourceModule {}
      const app = await NestFactory.create(ResourceModule, adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
        logger: false,
      });
      await app.listen(0, '127.0.0.1');
      const address = app.getHttpServer().address();
      resource = { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
    });
    afterAll(() => resource.app.close());

    const call = async (session: Session, proof: Partial<ProofOptions> & { key?: DpopKey } = {}, scheme = 'DPoP') => {
      const dpop = await dpopProof(proof.key ?? key, {
        htm: 'GET',
        htu: htu ?? `${resource.url}${path}`,
        accessToken: session.accessToken,
        ...proof,
      });
      return http(resource.url, 'GET', path, { headers: { authorization: `${scheme} ${session.accessToken}`, dpop } });
    };

    it('accepts a bound token with a proof of its key and hands the thumbprint to the route', async () => {
      const session = await boundLogin();
      const response = await call(session);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ sessionId: session.sessionId, jkt: key.jkt });
    });

    it('refuses a bound token without a proof, as Bearer, with another key, or replayed', async () => {
      const session = await boundLogin();
      const bare = await http(resource.url, 'GET', path, { headers: { authorization: `DPoP ${session.accessToken}` } });
      expect(bare.body.code).toBe('invalid_dpop_proof');
      expect(bare.headers.get('www-authenticate')).toMatch(/^DPoP error="invalid_dpop_proof"/);
      expect((await call(session, {}, 'Bearer')).body.code).toBe('invalid_dpop_proof');
      expect((await call(session, { key: thief })).body.code).toBe('invalid_dpop_proof');
      expect((await call(session, { htu: 'http://elsewhere.test/me' })).body.code).toBe('invalid_dpop_proof');
      const jti = 'the-same-jti';
      expect((await call(session, { jti })).status).toBe(200);
      const replay = await call(session, { jti });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('invalid_dpop_proof');
    });

    it('still accepts bearer tokens as before', async () => {
      const user = await newUser(t.url);
      const login = await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
      expect((await http(resource.url, 'GET', path, { token: login.body.accessToken })).status).toBe(200);
    });
  });
});

describe('DPoP server nonces (DPOP_NONCE=on)', () => {
  let t: TestApp;
  let key: DpopKey;

  beforeAll(async () => {
    t = await startTestApp({ DPOP_NONCE: 'on' });
    key = await newDpopKey();
  });
  afterAll(() => t.close());

  const login = async (user: TestUser, nonce?: string) =>
    http(t.url, 'POST', '/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { dpop: await dpopProof(key, { htu: LOGIN, claims: { nonce } }) },
    });

  it('asks for a nonce with use_dpop_nonce and a DPoP-Nonce header, then accepts the proof that carries it', async () => {
    const user = await newUser(t.url);
    const first = await login(user);
    expect([first.status, first.body.code]).toEqual([401, 'use_dpop_nonce']);
    const nonce = first.headers.get('dpop-nonce');
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const second = await login(user, nonce!);
    expect(second.status).toBe(200);
    expect(second.body.tokenType).toBe('DPoP');
    // every answer hands out a fresh nonce for the next proof
    expect(second.headers.get('dpop-nonce')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a nonce it did not issue, and one issued too long ago', async () => {
    const user = await newUser(t.url);
    const crypto = t.app.get(CryptoService);
    const old = crypto.seal('dpop-nonce', Buffer.from(String(Math.floor(Date.now() / 1000) - 301)), 'dpop-nonce').toString('base64url');
    for (const nonce of ['made-up-nonce', old]) {
      const response = await login(user, nonce);
      expect([response.status, response.body.code]).toEqual([401, 'use_dpop_nonce']);
    }
  });

  it('lets oauth4webapi retry a refresh with the nonce, as isDPoPNonceError tells it to', async () => {
    const user = await newUser(t.url);
    const nonce = (await login(user)).headers.get('dpop-nonce')!;
    const session = (await login(user, nonce)).body;
    const client = oauthClient(t.url);
    const as = await client.discover();
    const handle = oauth.DPoP(client.client, { privateKey: key.privateKey, publicKey: key.publicKey });
    let error: unknown;
    try {
      await client.refresh(as, session.refreshToken, handle);
    } catch (e) {
      error = e;
    }
    expect(oauth.isDPoPNonceError(error)).toBe(true);
    const tokens = await client.refresh(as, session.refreshToken, handle);
    expect(tokens.token_type).toBe('dpop');
  });

  it('still refreshes bearer sessions without any proof', async () => {
    const user = await newUser(t.url);
    const session = (await http(t.url, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).body;
    expect((await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(200);
  });
});
