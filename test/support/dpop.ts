import { createHmac, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { accessTokenHash } from '@auth-service/guard';

/** A client's DPoP key pair (ES256 unless said), as a browser or app would hold it. */
export interface DpopKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
  jkt: string;
  alg: string;
}

export async function newDpopKey(alg = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicKey, publicJwk, privateJwk: await exportJWK(privateKey), jkt: await calculateJwkThumbprint(publicJwk), alg };
}

export interface ProofOptions {
  htm?: string;
  /** The URL the proof is for. */
  htu: string;
  /** The access token sent with it (sets ath). */
  accessToken?: string;
  iat?: number;
  jti?: string;
  /** Header members to override (typ, jwk, ...); undefined removes one. */
  header?: Record<string, unknown>;
  /** Claims to override; undefined removes one. */
  claims?: Record<string, unknown>;
}

function proofParts(key: DpopKey, options: ProofOptions) {
  const claims: Record<string, unknown> = {
    htm: options.htm ?? 'POST',
    htu: options.htu,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
    jti: options.jti ?? randomUUID(),
    ...(options.accessToken ? { ath: accessTokenHash(options.accessToken) } : {}),
    ...options.claims,
  };
  const header: Record<string, unknown> = { alg: key.alg, typ: 'dpop+jwt', jwk: key.publicJwk, ...options.header };
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return { claims: drop(claims), header: drop(header) };
}

/** A DPoP proof signed with `key` (RFC 9449 §4.2), any part overridable. */
export async function dpopProof(key: DpopKey, options: ProofOptions): Promise<string> {
  const { claims, header } = proofParts(key, options);
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned proof (`alg: none`). */
export function unsignedProof(key: DpopKey, options: ProofOptions): string {
  const { claims, header } = proofParts(key, options);
  return `${encode({ ...header, alg: 'none' })}.${encode(claims)}.`;
}

/** A proof "signed" with HS256 under a secret anyone could choose. */
export function hmacProof(key: DpopKey, options: ProofOptions, secret = 'shared secret'): string {
  const { claims, header } = proofParts(key, options);
  const signingInput = `${encode({ ...header, alg: 'HS256' })}.${encode(claims)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
