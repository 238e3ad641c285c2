import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { calculateJwkThumbprint, decodeJwt, exportJWK, type CryptoKey } from 'jose';
import path from 'node:path';
import { ISSUER } from './guard-fixtures.js';
import { buildClientPackage } from './support/client-build.js';
import { auditCount, familyRow } from './support/db-state.js';
import { newUser } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

/** What this test uses of the built client (typed here: the server's tsconfig has no DOM types). */
interface KeyPair {
  privateKey: { extractable: boolean };
  publicKey: CryptoKey;
}
interface AuthClient {
  login(input: {
    email: string;
    password: string;
  }): Promise<{ accessToken: string; refreshToken?: string; sessionId: string; tokenType?: string }>;
  me(): Promise<{ id: string; email: string }>;
  sessions(): Promise<{ id: string }[]>;
  getSession(): Promise<{ accessToken: string; refreshToken?: string; tokenType?: string } | null>;
  dispose(): void;
}
interface ClientModule {
  createAuthClient(options: Record<string, unknown>): AuthClient;
  generateDpopKeyPair(): Promise<KeyPair>;
}

/**
 * The client package with `dpop` on, against the real service (issuer http://auth.test). It is
 * loaded as built (the package's own tsconfig has the DOM types the server's lacks).
 */
describe('the client with dpop', () => {
  let t: TestApp;
  let keyPair: KeyPair;
  let jkt: string;
  let client: AuthClient;

  beforeAll(async () => {
    const built = buildClientPackage('dpop-node');
    const { createAuthClient, generateDpopKeyPair } = (await import(path.join(built, 'index.js'))) as ClientModule;
    // with server nonces on: the client must pick them up from DPoP-Nonce and sign with them
    // two seconds: `exp` is whole seconds, so a token lives between one and two, long enough for
    // the checks below to meet it unexpired (with one second it could expire at once)
    t = await startTestApp({ ACCESS_TOKEN_TTL: '2', DPOP_NONCE: 'on' });
    keyPair = await generateDpopKeyPair();
    jkt = await calculateJwkThumbprint(await exportJWK(keyPair.publicKey));
    const toTestApp: typeof fetch = (input, init) =>
      fetch(String(input instanceof Request ? input.url : input).replace(ISSUER, t.url), init);
    client = createAuthClient({
      baseUrl: ISSUER,
      mode: 'bearer',
      dpop: { keyPair },
      fetch: toTestApp,
      crossTab: false,
      deviceId: 'device-dpop-01',
    });
  });
  afterAll(async () => {
    client.dispose();
    await t.close();
  });

  it('keeps its private key out of reach', () => {
    expect(keyPair.privateKey.extractable).toBe(false);
  });

  it('binds the session at login, refreshes and calls the API with proofs, and its refresh token is useless elsewhere', async () => {
    const user = await newUser(t.url);
    const session = await client.login({ email: user.email, password: user.password });
    expect(session.tokenType).toBe('DPoP');
    expect(decodeJwt(session.accessToken).cnf).toEqual({ jkt });
    expect((await familyRow(t.db, session.sessionId))?.jkt).toBe(jkt);

    expect((await client.me()).email).toBe(user.email);

    // the two-second access token is past its refresh point (1.6 s): the next call refreshes first
    await new Promise((resolve) => setTimeout(resolve, 1700));
    expect((await client.me()).id).toBe(user.id);
    const refreshed = (await client.getSession())!;
    expect(refreshed.refreshToken).not.toBe(session.refreshToken);
    expect(refreshed.tokenType).toBe('DPoP');
    expect(await auditCount(t.db, { sessionId: session.sessionId, type: 'token_refreshed' })).toBeGreaterThanOrEqual(1);

    // the same refresh token copied to another program without the key
    // the first login attempt, without a nonce, created nothing
    expect(await auditCount(t.db, { userId: user.id, type: 'login_succeeded' })).toBe(1);
    const stolen = await http(t.url, 'POST', '/auth/refresh', { body: { refreshToken: refreshed.refreshToken } });
    expect([stolen.status, stolen.body.code]).toEqual([401, 'invalid_dpop_proof']);
    // ...and its access token sent as a plain bearer token
    const bearer = await http(t.url, 'GET', '/auth/me', { token: refreshed.accessToken });
    expect([bearer.status, bearer.body.code]).toEqual([401, 'invalid_dpop_proof']);
    // the device itself carries on
    expect((await client.sessions()).map((s) => s.id)).toContain(session.sessionId);
  });
});
