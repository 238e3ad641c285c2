import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, SignJWT, type JWTHeaderParameters } from 'jose';
import type pg from 'pg';
import { CryptoService } from '../src/crypto/crypto.service.js';
import { resolveMasterKey } from '../src/crypto/master-key.js';
import { forgedTokens, newSigningKey, sleep } from './guard-fixtures.js';
import { freePort, runScript, startProcess, type RunningProcess } from './guard-processes.js';
import { connect, freshDatabase } from './support/database.js';
import { loginAs, newUser, type Session } from './support/factories.js';
import { http } from './support/test-app.js';

/**
 * The auth service and the example resource service as separate processes, built code, the
 * way they run in production: nothing shared but HTTP and the database of the auth service.
 */
const MASTER_KEY = 'b'.repeat(64);
const FEED_SECRET = 'cross-process-feed-secret';
const ADMIN = { email: 'admin@example.com', password: 'admin password 0001' };

describe('the example service guarded by the auth service, across processes', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;
  let authEnv: Record<string, string>;
  let auth: RunningProcess;
  let example: RunningProcess;
  let authUrl: string;
  let exampleUrl: string;
  let adminSession: Session;

  const startAuth = () => startProcess('dist/src/main.js', authEnv, `${authUrl}/health`);

  beforeAll(async () => {
    database = await freshDatabase();
    db = await connect(database.url);
    const [authPort, examplePort] = [await freePort(), await freePort()];
    authUrl = `http://127.0.0.1:${authPort}`;
    exampleUrl = `http://127.0.0.1:${examplePort}`;
    authEnv = {
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'auth-guard-e2e-')),
      PORT: String(authPort),
      HOST: '127.0.0.1',
      AUTH_ISSUER: authUrl,
      MASTER_KEY,
      REVOCATION_FEED_SECRET: FEED_SECRET,
      RATE_LIMITS: 'off',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
    auth = await startAuth();
    example = await startProcess(
      'dist/examples/resource-service/main.js',
      {
        PORT: String(examplePort),
        HOST: '127.0.0.1',
        AUTH_URL: authUrl,
        REVOCATION_FEED_SECRET: FEED_SECRET,
      },
      `${exampleUrl}/public`,
    );
    adminSession = await loginAs(authUrl, { id: '', ...ADMIN });
  });

  afterAll(async () => {
    await example?.stop();
    await auth?.stop();
    await db?.end();
    await database?.drop();
    if (authEnv?.DATA_DIR) rmSync(authEnv.DATA_DIR, { recursive: true, force: true });
  });

  /** Signs with the auth service's real private key (read from its database), for tokens only a bug could produce. */
  async function genuineKey(): Promise<{ kid: string; key: KeyObject }> {
    const { rows } = await db.query(`SELECT kid, private_key FROM crypto_keys WHERE use = 'sig' ORDER BY activates_at DESC LIMIT 1`);
    const crypto = new CryptoService(resolveMasterKey(MASTER_KEY, '/nonexistent'));
    const der = crypto.open('key-at-rest', rows[0].private_key, rows[0].kid);
    return { kid: rows[0].kid, key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }) };
  }

  async function signGenuine(claims: Record<string, unknown>, header: Partial<JWTHeaderParameters> = {}): Promise<string> {
    const { kid, key } = await genuineKey();
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      iss: authUrl,
      aud: 'api',
      sub: adminSession.sessionId,
      sid: adminSession.sessionId,
      jti: 'j',
      roles: ['admin'],
      iat: now,
      exp: now + 600,
      ...claims,
    };
    const fullHeader = { alg: 'ES256', typ: 'at+jwt', kid, ...header } as JWTHeaderParameters;
    for (const [name, value] of Object.entries(fullHeader)) if (value === undefined) delete (fullHeader as Record<string, unknown>)[name];
    return new SignJWT(payload).setProtectedHeader(fullHeader).sign(key);
  }

  /** Asks the example service with `token` every 50 ms until it stops answering 200; returns the answer and the time it took. */
  async function untilRefused(token: string, since: number, limitMs = 6_000) {
    for (;;) {
      const response = await http(exampleUrl, 'GET', '/me', { token });
      if (response.status !== 200 || Date.now() - since > limitMs) return { response, ms: Date.now() - since };
      await sleep(50);
    }
  }

  it('answers the protected route with the user, and the public route without a token', async () => {
    const user = await newUser(authUrl);
    const session = await loginAs(authUrl, user);
    const me = await http(exampleUrl, 'GET', '/me', { token: session.accessToken });
    expect(me).toMatchObject({ status: 200, body: { userId: user.id, sessionId: session.sessionId, roles: ['user'] } });
    expect((await http(exampleUrl, 'GET', '/public')).status).toBe(200);
    expect((await http(exampleUrl, 'GET', '/me')).body).toMatchObject({ statusCode: 401, code: 'invalid_token' });
  });

  it('keeps the admin-only route to admins', async () => {
    const user = await loginAs(authUrl, await newUser(authUrl));
    expect((await http(exampleUrl, 'GET', '/admin', { token: user.accessToken })).body).toMatchObject({
      statusCode: 403,
      code: 'forbidden',
    });
    expect((await http(exampleUrl, 'GET', '/admin', { token: adminSession.accessToken })).status).toBe(200);
  });

  it('refuses forged tokens: another key, alg none, HS256 keyed with the public key', async () => {
    const jwks = (await http(authUrl, 'GET', '/.well-known/jwks.json')).body.keys;
    const published = jwks.find((k: { use: string }) => k.use === 'sig');
    const impostor = await newSigningKey(published.kid);
    const forged = await forgedTokens({ ...impostor, publicJwk: published });
    for (const name of [
      'signed with another key',
      'alg none',
      'HS256 keyed with the public JWK',
      'HS256 keyed with the public x coordinate',
      'a tampered payload',
    ]) {
      const response = await http(exampleUrl, 'GET', '/admin', { token: forged[name] });
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 401, code: 'invalid_token' });
    }
  });

  it('refuses tokens signed with the genuine key but with a wrong aud, no typ, another issuer, or an enc key kid', async () => {
    const encKid = ((await http(authUrl, 'GET', '/.well-known/jwks.json')).body.keys as { use: string; kid: string }[]).find(
      (k) => k.use === 'enc',
    )!.kid;
    const cases = {
      'wrong aud': await signGenuine({ aud: 'another-api' }),
      'no typ': await signGenuine({}, { typ: undefined }),
      'typ JWT': await signGenuine({}, { typ: 'JWT' }),
      'another issuer': await signGenuine({ iss: 'http://evil.test' }),
      'the enc key kid': await signGenuine({}, { kid: encKid }),
    };
    for (const [name, token] of Object.entries(cases)) {
      const response = await http(exampleUrl, 'GET', '/me', { token });
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 401, code: 'invalid_token' });
    }
    // the same key with sound claims passes: the refusals above are for the claims
    expect((await http(exampleUrl, 'GET', '/me', { token: await signGenuine({}) })).status).toBe(200);
  });

  it('answers 401 token_expired for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const response = await http(exampleUrl, 'GET', '/me', { token: await signGenuine({ iat: now - 700, exp: now - 100 }) });
    expect(response.body).toMatchObject({ statusCode: 401, code: 'token_expired' });
  });

  it('refuses the still-unexpired access token of a session an admin killed within 3 s', async () => {
    const session = await loginAs(authUrl, await newUser(authUrl));
    expect((await http(exampleUrl, 'GET', '/me', { token: session.accessToken })).status).toBe(200);
    const killed = await http(authUrl, 'DELETE', `/admin/sessions/${session.sessionId}`, { token: adminSession.accessToken });
    expect(killed.status).toBe(204);
    const { response, ms } = await untilRefused(session.accessToken, Date.now());
    expect(response.body).toMatchObject({ statusCode: 401, code: 'session_revoked' });
    expect(ms).toBeLessThan(3_000);
  });

  it('refuses the token of a logged-out session within 3 s, and other sessions go on', async () => {
    const user = await newUser(authUrl);
    const [phone, laptop] = [await loginAs(authUrl, user), await loginAs(authUrl, user)];
    expect((await http(authUrl, 'POST', '/auth/logout', { token: phone.accessToken })).status).toBe(204);
    const { response, ms } = await untilRefused(phone.accessToken, Date.now());
    expect(response.body.code).toBe('session_revoked');
    expect(ms).toBeLessThan(3_000);
    expect((await http(exampleUrl, 'GET', '/me', { token: laptop.accessToken })).status).toBe(200);
  });

  it('verifies tokens of a key published by keys:rotate without a restart, and still those of the old key', async () => {
    const before = await loginAs(authUrl, await newUser(authUrl));
    const oldKid = decodeProtectedHeader(before.accessToken).kid;
    const out = await runScript('dist/scripts/rotate-keys.js', ['--now'], {
      DATABASE_URL: database.url,
      MASTER_KEY,
      DATA_DIR: authEnv.DATA_DIR,
    });
    const newKid = /new sig key ([A-Za-z0-9_-]+)/.exec(out)?.[1];
    expect(newKid).toBeDefined();
    expect(newKid).not.toBe(oldKid);
    // the running auth service picks the new key up from the database within seconds, then signs with it
    let session: Session;
    const deadline = Date.now() + 45_000;
    do {
      await sleep(500);
      session = await loginAs(authUrl, await newUser(authUrl));
    } while (decodeProtectedHeader(session.accessToken).kid !== newKid && Date.now() < deadline);
    expect(decodeProtectedHeader(session.accessToken).kid).toBe(newKid);
    expect((await http(exampleUrl, 'GET', '/me', { token: session.accessToken })).status).toBe(200);
    expect((await http(exampleUrl, 'GET', '/me', { token: before.accessToken })).status).toBe(200);
  }, 60_000);

  it('keeps serving while the auth service is down, warns, and catches up with revocations once it is back', async () => {
    const user = await newUser(authUrl);
    const seen = await loginAs(authUrl, user);
    const unseen = await loginAs(authUrl, user);
    expect((await http(exampleUrl, 'GET', '/me', { token: seen.accessToken })).status).toBe(200);

    await auth.stop();
    await sleep(3_000); // at least one failed poll
    expect(example.output()).toMatch(/revocation feed .* unreachable/);
    expect((await http(exampleUrl, 'GET', '/me', { token: seen.accessToken })).status).toBe(200);
    // never seen before, but its key is known: verified locally without the auth service
    expect((await http(exampleUrl, 'GET', '/me', { token: unseen.accessToken })).status).toBe(200);
    expect((await http(exampleUrl, 'GET', '/me', { token: 'not.a.token' })).status).toBe(401);

    auth = await startAuth();
    expect((await http(authUrl, 'POST', '/auth/logout', { token: seen.accessToken })).status).toBe(204);
    const { response, ms } = await untilRefused(seen.accessToken, Date.now());
    expect(response.body.code).toBe('session_revoked');
    expect(ms).toBeLessThan(3_000);
    expect(example.output()).toMatch(/revocation feed reachable again/);
    expect((await http(exampleUrl, 'GET', '/me', { token: unseen.accessToken })).status).toBe(200);
  }, 60_000);
});
