import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, type JWK, type JWTVerifyGetKey } from 'jose';
import {
  accessToken,
  AUDIENCE,
  forgedTokens,
  ISSUER,
  malformedSignedTokens,
  newSigningKey,
  sleep,
  type SigningKey,
} from '../../../test/guard-fixtures.js';
import { AccessTokenVerifier, bearerToken, verifyAccessToken } from './access-token-verifier.js';
import { GuardError } from './errors.js';

/** A key getter over the published JWKS that counts its lookups. */
function counting(published: JWK[], lookups: string[]): JWTVerifyGetKey {
  const local = createLocalJWKSet({ keys: published });
  return (header, token) => {
    lookups.push(String(header.kid));
    return local(header, token);
  };
}

/** The verifier under test, checking with jose against `published`. */
function makeSut(published: JWK[], options: { clockToleranceSeconds?: number; cacheSize?: number; maxLifetimeSeconds?: number } = {}) {
  const lookups: string[] = [];
  const { cacheSize, ...checkOptions } = options;
  const check = verifyAccessToken({ issuer: ISSUER, audience: AUDIENCE, keys: counting(published, lookups), ...checkOptions });
  const sut = new AccessTokenVerifier({ check, cacheSize, clockToleranceSeconds: options.clockToleranceSeconds });
  return { sut, lookups };
}

async function refusalOf(result: unknown): Promise<string> {
  try {
    await result;
  } catch (error) {
    if (error instanceof GuardError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('AccessTokenVerifier', () => {
  let key: SigningKey;
  let published: JWK[];

  beforeAll(async () => {
    key = await newSigningKey();
    published = [key.publicJwk];
  });

  it('accepts a genuine access token and hands out the caller', async () => {
    const { sut } = makeSut(published);
    const sub = randomUUID();
    const sid = randomUUID();
    const token = await accessToken(key, { claims: { sub, sid, jti: 'token-1', roles: ['user', 'admin'] } });
    const user = await sut.verify(token);
    expect(user).toEqual({
      userId: sub,
      sessionId: sid,
      tokenId: 'token-1',
      roles: ['user', 'admin'],
      claims: {},
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
  });

  it('accepts typ application/at+jwt, the same media type spelled in full', async () => {
    const { sut } = makeSut(published);
    expect(await refusalOf(sut.verify(await accessToken(key, { header: { typ: 'application/AT+JWT' } })))).toBe('accepted');
  });

  it('refuses every forged or foreign token with 401 invalid_token', async () => {
    const { sut } = makeSut(published);
    const forged = await forgedTokens(key);
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(forged).map(async ([name, token]) => [name, await refusalOf(sut.verify(token))])),
    );
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(forged).map((name) => [name, 'invalid_token'])));
  });

  it('refuses genuinely signed tokens with malformed claims or an unknown crit header with 401 invalid_token', async () => {
    const { sut } = makeSut(published);
    const tokens = await malformedSignedTokens(key);
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(tokens).map(async ([name, token]) => [name, await refusalOf(sut.verify(token))])),
    );
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(tokens).map((name) => [name, 'invalid_token'])));
  });

  it('honours maxLifetimeSeconds: a token living longer than it is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await accessToken(key, { claims: { iat: now, exp: now + 601 } });
    expect(await refusalOf(makeSut(published).sut.verify(token))).toBe('accepted');
    expect(await refusalOf(makeSut(published, { maxLifetimeSeconds: 600 }).sut.verify(token))).toBe('invalid_token');
  });

  it('refuses a token under an alg its key is not published for', async () => {
    const { sut } = makeSut([{ ...key.publicJwk, alg: 'ES384' }]);
    expect(await refusalOf(sut.verify(await accessToken(key)))).toBe('invalid_token');
  });

  it('answers token_expired for an expired token, and honours the clock tolerance', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await accessToken(key, { claims: { iat: now - 700, exp: now - 5 } });
    expect(await refusalOf(makeSut(published).sut.verify(expired))).toBe('token_expired');
    expect(await refusalOf(makeSut(published, { clockToleranceSeconds: 30 }).sut.verify(expired))).toBe('accepted');
  });

  it('checks a token once, however many requests bring it at the same time, then answers from the cache synchronously', async () => {
    const { sut, lookups } = makeSut(published);
    const token = await accessToken(key);
    const users = await Promise.all(Array.from({ length: 50 }, () => sut.verify(token)));
    expect(new Set(users.map((u) => u.tokenId)).size).toBe(1);
    expect(lookups).toHaveLength(1);
    const again = sut.verify(token);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toEqual(users[0]);
    expect(lookups).toHaveLength(1);
  });

  it('does not cache refusals: a token refused for an unknown key passes once the key is known', async () => {
    let known = false;
    const keys: JWTVerifyGetKey = (header, token) => createLocalJWKSet({ keys: known ? published : [] })(header, token);
    const sut = new AccessTokenVerifier({ check: verifyAccessToken({ issuer: ISSUER, audience: AUDIENCE, keys }) });
    const token = await accessToken(key);
    expect(await refusalOf(sut.verify(token))).toBe('invalid_token');
    known = true;
    expect(await refusalOf(sut.verify(token))).toBe('accepted');
  });

  it('drops a cached token at its exp', async () => {
    const { sut } = makeSut(published);
    const now = Math.floor(Date.now() / 1000);
    // exp is in whole seconds: two of them leave at least one for the first check
    const token = await accessToken(key, { claims: { exp: now + 2 } });
    expect(await refusalOf(sut.verify(token))).toBe('accepted');
    await sleep((now + 2) * 1000 - Date.now() + 50);
    expect(await refusalOf(sut.verify(token))).toBe('token_expired');
  });

  it.each([['a b.c.d'], ['a.b.c.d'], ['a.b'], ['ä.b.c'], ['a.b.c\n']])(
    'refuses the malformed token %p before any key lookup',
    async (token) => {
      const { sut, lookups } = makeSut(published);
      expect(await refusalOf(sut.verify(token))).toBe('invalid_token');
      expect(lookups).toEqual([]);
    },
  );

  it('keys the cache by the whole token: a cached signature with another payload is still refused', async () => {
    const { sut } = makeSut(published);
    const token = await accessToken(key, { claims: { roles: ['user'] } });
    await sut.verify(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    expect(await refusalOf(sut.verify(`${header}.${elevated}.${signature}`))).toBe('invalid_token');
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi ', 'abc.def.ghi'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', 'a b'],
    ['Bearer  ', undefined],
    [undefined, undefined],
    [['Bearer a.b.c'], undefined],
  ])('reads %p as %p', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
});
