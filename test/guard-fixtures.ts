import { createHmac, randomUUID } from 'node:crypto';
import { CompactSign, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTHeaderParameters } from 'jose';
import type { FetchLike } from '../packages/guard/src/http-json.js';

export const ISSUER = 'http://auth.test';
export const AUDIENCE = 'api';

/** An ES256 key pair published under `kid`, like the auth service's. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'ES256' } };
}

/** An RSA envelope key as the auth service publishes it (use enc): the guard must ignore it. */
export async function newEnvelopeJwk(kid: string = randomUUID()): Promise<JWK> {
  const { publicKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  return { ...(await exportJWK(publicKey)), kid, use: 'enc', alg: 'RSA-OAEP-256' };
}

export interface TokenOverrides {
  header?: Partial<JWTHeaderParameters>;
  claims?: Record<string, unknown>;
  /** Sign with this key instead (a forged token) while naming the original kid. */
  signWith?: CryptoKey;
}

/** An access token as the auth service issues it, with any part overridden. */
export async function accessToken(key: SigningKey, overrides: TokenOverrides = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: randomUUID(),
    sid: randomUUID(),
    jti: randomUUID(),
    roles: ['user'],
    iat: now,
    exp: now + 600,
    ...overrides.claims,
  };
  const payload = Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  const header = { alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...overrides.header } as JWTHeaderParameters;
  for (const [name, value] of Object.entries(header)) if (value === undefined) delete (header as Record<string, unknown>)[name];
  return new SignJWT(payload).setProtectedHeader(header).sign(overrides.signWith ?? key.privateKey);
}

/**
 * Genuinely signed tokens whose claims or header a verifier must still refuse: the payload is
 * written as raw JSON text, so numbers JSON.stringify cannot produce (1e400) survive.
 */
export async function malformedSignedTokens(key: SigningKey): Promise<Record<string, string>> {
  const now = Math.floor(Date.now() / 1000);
  const base = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: randomUUID(),
    sid: randomUUID(),
    jti: randomUUID(),
    roles: ['user'],
    iat: now,
    exp: now + 600,
  };
  const sign = (payloadText: string, header: Record<string, unknown> = {}, crit: Record<string, boolean> = {}) =>
    new CompactSign(new TextEncoder().encode(payloadText))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header })
      .sign(key.privateKey, { crit });
  const json = (claims: Record<string, unknown>) => JSON.stringify({ ...base, ...claims });
  return {
    'sid not a UUID': await sign(json({ sid: "x' OR 1=1" })),
    'sub not a UUID': await sign(json({ sub: 'user-1' })),
    'sid an upper-case UUID': await sign(json({ sid: randomUUID().toUpperCase() })),
    'iat not an integer': await sign(json({ iat: now + 0.5 })),
    'iat a string': await sign(json({ iat: String(now) })),
    'exp 1e400 (Infinity once parsed)': await sign(json({ exp: 0 }).replace('"exp":0', '"exp":1e400')),
    'exp not an integer': await sign(json({ exp: now + 600.5 })),
    'exp beyond iat + the largest lifetime': await sign(json({ exp: now + 86400 + 1 })),
    'exp before iat': await sign(json({ iat: now + 60, exp: now + 30 })),
    'an unknown crit header': await sign(json({}), { crit: ['x-unknown'], 'x-unknown': true }, { 'x-unknown': true }),
  };
}

/** Tokens an attacker can make without our private key, each of which must be refused. */
export async function forgedTokens(key: SigningKey): Promise<Record<string, string>> {
  const intruder = await newSigningKey(key.kid);
  const genuine = await accessToken(key);
  const [, payload] = genuine.split('.');
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  // "alg confusion": HS256 keyed with the public key, which anyone can fetch from the JWKS
  const hmacHeader = encode({ alg: 'HS256', typ: 'at+jwt', kid: key.kid });
  const hmacWith = (secret: string) =>
    `${hmacHeader}.${payload}.${createHmac('sha256', secret).update(`${hmacHeader}.${payload}`).digest('base64url')}`;
  const now = Math.floor(Date.now() / 1000);
  return {
    'signed with another key': await accessToken(key, { signWith: intruder.privateKey }),
    'alg none': `${encode({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${payload}.`,
    'HS256 keyed with the public JWK': hmacWith(JSON.stringify(key.publicJwk)),
    'HS256 keyed with the public x coordinate': hmacWith(String(key.publicJwk.x)),
    'wrong aud': await accessToken(key, { claims: { aud: 'another-api' } }),
    'wrong iss': await accessToken(key, { claims: { iss: 'http://evil.test' } }),
    'no typ': await accessToken(key, { header: { typ: undefined } }),
    'typ JWT (an ID token, say)': await accessToken(key, { header: { typ: 'JWT' } }),
    'nbf in the future': await accessToken(key, { claims: { nbf: now + 300 } }),
    'an unknown kid': await accessToken(key, { header: { kid: 'no-such-key' } }),
    'no kid': await accessToken(key, { header: { kid: undefined } }),
    'no sid': await accessToken(key, { claims: { sid: undefined } }),
    'no exp': await accessToken(key, { claims: { exp: undefined } }),
    'roles not a list': await accessToken(key, { claims: { roles: 'admin' } }),
    'a tampered payload': `${genuine.split('.')[0]}.${encode({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['admin'] })}.${genuine.split('.')[2]}`,
    garbage: 'not.a.jwt',
  };
}

/** A JWKS endpoint in memory: `keys` can change between calls; `calls` counts requests. */
export interface FakeJwks {
  fetch: FetchLike;
  keys: JWK[];
  calls: number;
  down: boolean;
}

export function fakeJwks(keys: JWK[]): FakeJwks {
  const state: FakeJwks = {
    keys,
    calls: 0,
    down: false,
    fetch: (async () => {
      state.calls++;
      if (state.down) throw new TypeError('fetch failed');
      return { ok: true, status: 200, json: async () => ({ keys: state.keys }) };
    }) as FetchLike,
  };
  return state;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A logger that remembers what it was told. */
export function recordingLogger(): { log(message: string): void; warn(message: string): void; lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { lines, warnings, log: (m) => void lines.push(m), warn: (m) => void warnings.push(m) };
}
