import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { KeysRepository } from '../src/crypto/keys.repository.js';
import { KeysService } from '../src/crypto/keys.service.js';
import { loginAs, newUser, refresh } from './support/factories.js';
import { http, startTestApp, type TestApp } from './support/test-app.js';

describe('signing key rotation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL: '60' });
  });
  afterAll(() => t.close());

  const jwks = async () => (await http<JSONWebKeySet>(t.url, 'GET', '/.well-known/jwks.json')).body;
  const verify = async (token: string) =>
    jwtVerify(token, createLocalJWKSet(await jwks()), { issuer: 'http://auth.test', audience: 'api', typ: 'at+jwt' });

  it('stores private keys sealed, never in clear', async () => {
    const rows = await t.db.query(`SELECT private_key FROM crypto_keys`);
    for (const row of rows.rows) {
      // a PKCS#8 DER starts with a SEQUENCE (0x30 0x82); the sealed blob is iv|tag|ciphertext
      expect(row.private_key.subarray(0, 2).equals(Buffer.from([0x30, 0x82]))).toBe(false);
    }
  });

  it('publishes the next key before using it, then signs with it; old and new tokens both verify', async () => {
    const user = await newUser(t.url);
    const before = await loginAs(t.url, user);
    const oldKid = decodeProtectedHeader(before.accessToken).kid;

    const keys = t.app.get(KeysService);
    const [created] = await keys.rotateKeys(2);
    const published = (await jwks()).keys.map((k) => k.kid);
    expect(published).toContain(created.kid);
    // not active yet: tokens are still signed with the old key
    const during = await loginAs(t.url, user);
    expect(decodeProtectedHeader(during.accessToken).kid).toBe(oldKid);

    await new Promise((r) => setTimeout(r, 2100));
    const after = await refresh(t.url, before.refreshToken);
    expect(decodeProtectedHeader(after.body.accessToken).kid).toBe(created.kid);

    await expect(verify(before.accessToken)).resolves.toBeDefined();
    await expect(verify(after.body.accessToken)).resolves.toBeDefined();
    expect((await http(t.url, 'GET', '/auth/me', { token: before.accessToken })).status).toBe(200);
    expect((await http(t.url, 'GET', '/auth/me', { token: after.body.accessToken })).status).toBe(200);
  });

  it('keeps a retired key published until its last token expired, then drops it', async () => {
    const keys = t.app.get(KeysService);
    const session = await loginAs(t.url, await newUser(t.url));
    const retiredKid = decodeProtectedHeader(session.accessToken).kid!;
    await keys.rotateKeys(0);
    expect((await jwks()).keys.map((k) => k.kid)).toContain(retiredKid);

    // Pretend the retirement happened longer ago than ACCESS_TOKEN_TTL + skew: by then every
    // token the key signed (all issued before retirement) has expired.
    await t.db.query(`UPDATE crypto_keys SET retired_at = now() - interval '121 seconds' WHERE kid = $1`, [retiredKid]);
    await keys.reload();
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(retiredKid);
  });

  it('re-reads keys for unknown kids at most once a second, whatever the flood', async () => {
    const keys = t.app.get(KeysService);
    await new Promise((r) => setTimeout(r, 1100));
    const reads = jest.spyOn(t.app.get(KeysRepository), 'findPublished');
    try {
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => keys.verificationKey(`random-kid-${i}`)));
      expect(results.every((k) => k === undefined)).toBe(true);
      for (let i = 0; i < 50; i++) await keys.verificationKey(`another-${i}`);
      expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      reads.mockRestore();
    }
  });

  it('automatic rotation does nothing while the newest key is younger than the period', async () => {
    const keys = t.app.get(KeysService);
    expect(await keys.rotateKeys(0, 3600)).toEqual([]);
    const before = (await jwks()).keys.length;
    await t.db.query(`UPDATE crypto_keys SET activates_at = activates_at - interval '2 hours'`);
    const rotated = await keys.rotateKeys(0, 3600);
    expect(rotated.map((k) => k.use).sort()).toEqual(['enc', 'sig']);
    expect((await jwks()).keys.length).toBeGreaterThan(before);
  });

  it('signs tokens that verify again after a restart (keys persist in the database)', async () => {
    const kids = (await jwks()).keys.map((k) => k.kid).sort();
    const second = await t.app.get(KeysService);
    await second.reload();
    expect((await jwks()).keys.map((k) => k.kid).sort()).toEqual(kids);
  });
});
