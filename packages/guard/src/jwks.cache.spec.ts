import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWK } from 'jose';
import { fakeJwks, newEnvelopeJwk, newSigningKey, recordingLogger, sleep, type SigningKey } from '../../../test/guard-fixtures.js';
import { JwksCache } from './jwks.cache.js';

function makeSut(keys: JWK[], options: { minRefetchSeconds?: number; refreshSeconds?: number } = {}) {
  const jwks = fakeJwks(keys);
  const logger = recordingLogger();
  const sut = new JwksCache({ uri: 'http://auth.test/.well-known/jwks.json', fetch: jwks.fetch, logger, ...options });
  return { sut, jwks, logger };
}

describe('JwksCache', () => {
  let first: SigningKey;
  let second: SigningKey;

  beforeAll(async () => {
    [first, second] = await Promise.all([newSigningKey(), newSigningKey()]);
  });

  it('fetches once and answers every later lookup of a known kid from memory', async () => {
    const { sut, jwks } = makeSut([first.publicJwk]);
    await sut.start();
    for (let i = 0; i < 100; i++) expect(await sut.resolve(first.kid)).toMatchObject({ alg: 'ES256', key: expect.objectContaining({ type: 'public' }) });
    expect(jwks.calls).toBe(1);
    sut.stop();
  });

  it('keeps signing keys only: the envelope key, keys without alg and foreign algs are ignored', async () => {
    const envelope = await newEnvelopeJwk();
    const noAlg = { ...second.publicJwk, kid: 'no-alg', alg: undefined };
    const hmac: JWK = { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' };
    const mislabelled = { ...second.publicJwk, kid: 'mislabelled', alg: 'RS256' };
    const { sut } = makeSut([first.publicJwk, envelope, noAlg, hmac, mislabelled, { kid: 'junk' }]);
    await sut.refresh();
    expect(sut.kids).toEqual([first.kid]);
  });

  it('refetches on an unknown kid, so a rotated key is picked up without a restart', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0 });
    await sut.refresh();
    jwks.keys = [first.publicJwk, second.publicJwk];
    expect(await sut.resolve(second.kid)).toBeDefined();
    expect(jwks.calls).toBe(2);
  });

  it('lets a flood of random kids cost one request per minRefetchSeconds at most', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0.3 });
    await sut.refresh();
    const flood = await Promise.all(Array.from({ length: 1_000 }, (_, i) => sut.resolve(`random-${i}`)));
    expect(flood.every((key) => key === undefined)).toBe(true);
    // the fetch just made counts: the flood waited for its period to end, then shared one request
    expect(jwks.calls).toBe(2);
    await sleep(350);
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => sut.resolve(`again-${i}`)));
    expect(jwks.calls).toBe(3); // concurrent unknown kids share one request
    expect(await sut.resolve(first.kid)).toBeDefined();
  });

  it('finds a key used the moment it is published, even right after a fetch', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0.3 });
    await sut.refresh();
    jwks.keys = [first.publicJwk, second.publicJwk];
    expect(await sut.resolve(second.kid)).toBeDefined();
    expect(jwks.calls).toBe(2);
  });

  it('keeps the known keys and warns when the JWKS cannot be fetched or makes no sense', async () => {
    const { sut, jwks, logger } = makeSut([first.publicJwk], { minRefetchSeconds: 0 });
    await sut.refresh();
    jwks.down = true;
    expect(await sut.resolve('unknown')).toBeUndefined();
    expect(await sut.resolve(first.kid)).toBeDefined();
    jwks.down = false;
    jwks.keys = 'not a list' as unknown as JWK[];
    await sut.refresh();
    expect(await sut.resolve(first.kid)).toBeDefined();
    expect(logger.warnings).toEqual([expect.stringContaining('fetch failed'), expect.stringContaining('no "keys" array')]);
  });

  it('forgets keys the auth service no longer publishes at the periodic refresh', async () => {
    const { sut, jwks } = makeSut([first.publicJwk, second.publicJwk], { refreshSeconds: 0.1 });
    await sut.start();
    jwks.keys = [second.publicJwk];
    await sleep(300);
    expect(sut.kids).toEqual([second.kid]);
    expect(jwks.calls).toBeGreaterThanOrEqual(2);
    sut.stop();
  });
});
