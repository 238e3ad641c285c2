import { beforeAll, describe, expect, it } from '@jest/globals';
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { dpopProof, hmacProof, newDpopKey, unsignedProof, type DpopKey } from '../../../test/support/dpop.js';
import { accessTokenHash, judgeProof, MemoryReplayStore, verifyProof, type DpopRefusal, type ProofExpectations } from './dpop-proof.js';

const NOW = 1_800_000_000;
const CLOCK = { now: NOW, windowSeconds: 60 };
const URL_ = 'https://auth.example/oauth/token';
const JWK = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };

const header = (over: Record<string, unknown> = {}) => ({ typ: 'dpop+jwt', alg: 'ES256', jwk: JWK, ...over }) as ProtectedHeaderParameters;
const claims = (over: Record<string, unknown> = {}) => ({ jti: 'j-1', htm: 'POST', htu: URL_, iat: NOW, ...over }) as JWTPayload;
const expect_ = (over: Partial<ProofExpectations> = {}): ProofExpectations => ({ method: 'POST', url: URL_, ...over });

describe('judgeProof', () => {
  // [case, header, claims, expectations, verdict]
  const table: [string, ProtectedHeaderParameters, JWTPayload, ProofExpectations, 'accept' | DpopRefusal][] = [
    ['a well-formed proof', header(), claims(), expect_(), 'accept'],
    ['htu with a query and fragment (ignored)', header(), claims({ htu: `${URL_}?a=1#f` }), expect_(), 'accept'],
    ['htu with an upper-case host (normalised)', header(), claims({ htu: 'https://AUTH.example/oauth/token' }), expect_(), 'accept'],
    ['iat at the edge of the window', header(), claims({ iat: NOW - 60 }), expect_(), 'accept'],
    ['typ JWT', header({ typ: 'JWT' }), claims(), expect_(), 'wrong_typ'],
    ['no typ', header({ typ: undefined }), claims(), expect_(), 'wrong_typ'],
    ['alg none', header({ alg: 'none' }), claims(), expect_(), 'unsupported_alg'],
    ['alg HS256', header({ alg: 'HS256' }), claims(), expect_(), 'unsupported_alg'],
    ['alg ES512 (not offered)', header({ alg: 'ES512' }), claims(), expect_(), 'unsupported_alg'],
    ['no jwk', header({ jwk: undefined }), claims(), expect_(), 'no_jwk'],
    ['jwk not an object', header({ jwk: 'key' }), claims(), expect_(), 'no_jwk'],
    ['a private EC key in jwk', header({ jwk: { ...JWK, d: 'secret' } }), claims(), expect_(), 'private_key'],
    ['a symmetric key in jwk', header({ jwk: { kty: 'oct', k: 'secret' } }), claims(), expect_(), 'private_key'],
    ['no jti', header(), claims({ jti: undefined }), expect_(), 'bad_jti'],
    ['an empty jti', header(), claims({ jti: '' }), expect_(), 'bad_jti'],
    ['a jti of 257 characters', header(), claims({ jti: 'j'.repeat(257) }), expect_(), 'bad_jti'],
    ['another method', header(), claims({ htm: 'GET' }), expect_(), 'wrong_htm'],
    ['a lower-case method', header(), claims({ htm: 'post' }), expect_(), 'wrong_htm'],
    ['another path', header(), claims({ htu: 'https://auth.example/auth/refresh' }), expect_(), 'wrong_htu'],
    ['another host', header(), claims({ htu: 'https://evil.example/oauth/token' }), expect_(), 'wrong_htu'],
    ['another scheme', header(), claims({ htu: 'http://auth.example/oauth/token' }), expect_(), 'wrong_htu'],
    ['htu not a URL', header(), claims({ htu: 'oauth/token' }), expect_(), 'wrong_htu'],
    ['no iat', header(), claims({ iat: undefined }), expect_(), 'stale'],
    ['iat as a string', header(), claims({ iat: String(NOW) }), expect_(), 'stale'],
    ['iat past the window', header(), claims({ iat: NOW - 61 }), expect_(), 'stale'],
    ['iat beyond the window ahead', header(), claims({ iat: NOW + 61 }), expect_(), 'from_the_future'],
    ['no ath where an access token came', header(), claims(), expect_({ ath: 'abc' }), 'no_ath'],
    ['the hash of another access token', header(), claims({ ath: 'abd' }), expect_({ ath: 'abc' }), 'wrong_ath'],
    ['the right ath', header(), claims({ ath: 'abc' }), expect_({ ath: 'abc' }), 'accept'],
    ['no nonce where the server wants one', header(), claims(), expect_({ acceptsNonce: (n) => n === 'n-1' }), 'bad_nonce'],
    ['the server nonce', header(), claims({ nonce: 'n-1' }), expect_({ acceptsNonce: (n) => n === 'n-1' }), 'accept'],
  ];

  it.each(table)('%s', (_name, h, c, e, expected) => {
    const verdict = judgeProof(h, c, e, CLOCK);
    expect(verdict.kind === 'accept' ? 'accept' : verdict.reason).toBe(expected);
  });
});

describe('verifyProof', () => {
  let key: DpopKey;
  const now = () => ({ now: Math.floor(Date.now() / 1000), windowSeconds: 60 });
  const refusal = async (proof: unknown, expected = expect_()) => {
    const verdict = await verifyProof(proof, expected, now());
    return verdict.kind === 'accept' ? 'accept' : verdict.reason;
  };

  beforeAll(async () => {
    key = await newDpopKey();
  });

  it('accepts a proof signed by the key it embeds and names that key by its thumbprint', async () => {
    const verdict = await verifyProof(await dpopProof(key, { htu: URL_ }), expect_(), now());
    expect(verdict).toEqual(expect.objectContaining({ kind: 'accept', jkt: key.jkt }));
  });

  it.each(['EdDSA', 'RS256', 'PS256'])('accepts %s', async (alg) => {
    const other = await newDpopKey(alg);
    expect(await refusal(await dpopProof(other, { htu: URL_ }))).toBe('accept');
  });

  it('refuses a missing header, garbage and several proofs joined by a comma', async () => {
    const proof = await dpopProof(key, { htu: URL_ });
    expect(await refusal(undefined)).toBe('missing');
    expect(await refusal('not a jwt')).toBe('malformed');
    expect(await refusal(['a', 'b'])).toBe('malformed');
    expect(await refusal(`${proof}, ${proof}`)).toBe('malformed');
  });

  it('refuses alg none and HS256, whatever key they embed', async () => {
    expect(await refusal(unsignedProof(key, { htu: URL_ }))).toBe('unsupported_alg');
    expect(await refusal(hmacProof(key, { htu: URL_ }))).toBe('unsupported_alg');
  });

  it('refuses a proof whose jwk is the private key', async () => {
    expect(await refusal(await dpopProof(key, { htu: URL_, header: { jwk: key.privateJwk } }))).toBe('private_key');
  });

  it('refuses a proof signed by another key than it embeds', async () => {
    const other = await newDpopKey();
    expect(await refusal(await dpopProof(key, { htu: URL_, header: { jwk: other.publicJwk } }))).toBe('bad_signature');
  });

  it('refuses a tampered payload', async () => {
    const [h, , s] = (await dpopProof(key, { htu: URL_ })).split('.');
    const forged = Buffer.from(JSON.stringify({ htm: 'POST', htu: URL_, iat: Math.floor(Date.now() / 1000), jti: 'forged' })).toString(
      'base64url',
    );
    expect(await refusal(`${h}.${forged}.${s}`)).toBe('bad_signature');
  });

  it('binds a proof to an access token by its hash', async () => {
    const proof = await dpopProof(key, { htu: URL_, accessToken: 'token-a' });
    expect(await refusal(proof, expect_({ ath: accessTokenHash('token-a') }))).toBe('accept');
    expect(await refusal(proof, expect_({ ath: accessTokenHash('token-b') }))).toBe('wrong_ath');
  });
});

describe('MemoryReplayStore', () => {
  it('accepts a jti once per key until it expires', () => {
    const store = new MemoryReplayStore();
    const later = Date.now() / 1000 + 60;
    expect(store.remember('k1', 'j', later)).toBe(true);
    expect(store.remember('k1', 'j', later)).toBe(false);
    expect(store.remember('k2', 'j', later)).toBe(true);
    expect(store.remember('k1', 'old', Date.now() / 1000 - 1)).toBe(true);
    expect(store.remember('k1', 'old', later)).toBe(true);
  });

  it('forgets the oldest entries past its size', () => {
    const store = new MemoryReplayStore(2);
    const later = Date.now() / 1000 + 60;
    store.remember('k', 'a', later);
    store.remember('k', 'b', later);
    store.remember('k', 'c', later);
    expect(store.remember('k', 'c', later)).toBe(false);
    expect(store.remember('k', 'a', later)).toBe(true);
  });
});
