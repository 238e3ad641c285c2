import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWK } from 'jose';
import { fakeJwks, newEnvelopeJwk, newSigningKey, recordingLogger, sleep, type SigningKey } from '../../../test/guard-fixtures.js';
import { Jwks } from './jwks.js';

function makeSut(keys: JWK[], options: { minRefetchSeconds?: number; refreshSeconds?: number } = {}) {
  const jwks = fakeJwks(keys);
  const logger = recordingLogger();
  const sut = new Jwks({ uri: 'http://auth.test/.well-known/jwks.json', fetch: jwks.fetch, logger, ...options });
  return { sut, jwks, logger };
}

/** The key jose would verify a token with `alg` and `kid` by, or undefined when there is none. */
async function keyFor(sut: Jwks, kid: string, alg = 'ES256'): Promise<unknown> {
  return Promise.resolve(sut.getKey({ alg, kid }, { payload: '', signature: '' })).then(
    (key) => key,
    () => undefined,
  );
}

describe('Jwks', () => {
  let first: SigningKey;
  let second: SigningKey;

  beforeAll(async () => {
    [first, second] = await Promise.all([newSigningKey(), newSigningKey()]);
  });

  it('fetches once and answers every later lookup of a known kid from memory', async () => {
    const { sut, jwks } = makeSut([first.publicJwk]);
    await sut.start();
    for (let i = 0; i < 100; i++) expect(await keyFor(sut, first.kid)).toMatchObject({ type: 'public' });
    expect(jwks.calls).toBe(1);
    sut.stop();
  });

  it('verifies with signing keys only, each under the alg it is published for', async () => {
    const envelope = await newEnvelopeJwk();
    const noUse = { ...second.publicJwk, kid: 'mislabelled', alg: 'RS256' };
    const hmac: JWK = { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' };
    const { sut } = makeSut([first.publicJwk, envelope, noUse, hmac]);
    await sut.refresh();
    expect(await keyFor(sut, first.kid)).toBeDefined();
    expect(await keyFor(sut, first.kid, 'ES384')).toBeUndefined();
    expect(await keyFor(sut, envelope.kid!, 'RSA-OAEP-256')).toBeUndefined();
    expect(await keyFor(sut, envelope.kid!, 'RS256')).toBeUndefined();
    expect(await keyFor(sut, 'mislabelled', 'ES256')).toBeUndefined();
    expect(await keyFor(sut, 'mislabelled', 'RS256')).toBeUndefined();
    expect(await keyFor(sut, 'hmac', 'HS256')).toBeUndefined();
  });

  it('refetches on an unknown kid, so a rotated key is picked up without a restart', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0 });
    await sut.refresh();
    jwks.keys = [first.publicJwk, second.publicJwk];
    expect(await keyFor(sut, second.kid)).toBeDefined();
    expect(jwks.calls).toBe(2);
  });

  it('lets a flood of random kids cost one request per minRefetchSeconds at most', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0.3 });
    await sut.refresh();
    const flood = await Promise.all(Array.from({ length: 1_000 }, (_, i) => keyFor(sut, `random-${i}`)));
    expect(flood.every((key) => key === undefined)).toBe(true);
    // the fetch just made counts: the flood waited for its period to end, then shared one request
    expect(jwks.calls).toBe(2);
    await sleep(350);
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => keyFor(sut, `again-${i}`)));
    expect(jwks.calls).toBe(3); // concurrent unknown kids share one request
    expect(await keyFor(sut, first.kid)).toBeDefined();
  });

  it('finds a key used the moment it is published, even right after a fetch', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0.3 });
    await sut.refresh();
    jwks.keys = [first.publicJwk, second.publicJwk];
    const started = Date.now();
    expect(await keyFor(sut, second.kid)).toBeDefined();
    expect(jwks.calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('keeps the known keys and warns when the JWKS cannot be fetched or makes no sense', async () => {
    const { sut, jwks, logger } = makeSut([first.publicJwk], { minRefetchSeconds: 0 });
    await sut.refresh();
    jwks.down = true;
    expect(await keyFor(sut, 'unknown')).toBeUndefined();
    await sut.refresh();
    expect(await keyFor(sut, first.kid)).toBeDefined();
    jwks.down = false;
    jwks.keys = 'not a list' as unknown as JWK[];
    await sut.refresh();
    expect(await keyFor(sut, first.kid)).toBeDefined();
    expect(logger.warnings).toEqual([expect.stringContaining('fetch failed'), expect.stringContaining('malformed')]);
  });

  it('tries no other fetch within minRefetchSeconds of a failed one, whatever arrives meanwhile', async () => {
    const { sut, jwks } = makeSut([first.publicJwk], { minRefetchSeconds: 0.3 });
    jwks.down = true;
    await sut.refresh();
    expect(jwks.calls).toBe(1);
    for (let i = 0; i < 100; i++) expect(await keyFor(sut, `random-${i}`)).toBeUndefined();
    expect(jwks.calls).toBe(1);
    jwks.down = false;
    await sleep(350);
    expect(await keyFor(sut, first.kid)).toBeDefined();
    expect(jwks.calls).toBe(2);
  });

  it('forgets keys the auth service no longer publishes at the periodic refresh', async () => {
    const { sut, jwks } = makeSut([first.publicJwk, second.publicJwk], { refreshSeconds: 0.1, minRefetchSeconds: 0.1 });
    await sut.start();
    jwks.keys = [second.publicJwk];
    await sleep(300);
    expect(sut.kids).toEqual([second.kid]);
    expect(await keyFor(sut, first.kid)).toBeUndefined();
    expect(jwks.calls).toBeGreaterThanOrEqual(2);
    sut.stop();
  });
});
