import { createHash } from 'node:crypto';
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';

/**
 * DPoP proofs (RFC 9449): a JWT the client signs with its own key for each request, carrying
 * the public key in its header. Used by the auth service (token requests, its own guard) and by
 * the guard other services import, so both sides judge proofs by the same rules.
 */

/** Asymmetric algorithms only: `none` and the HS* family can prove no key possession. */
export const DPOP_ALGORITHMS = ['ES256', 'EdDSA', 'RS256', 'PS256'] as const;

/** Members of a private or symmetric JWK: a proof that carries one leaks the client's secret. */
const SECRET_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** jti values longer than this are refused rather than stored. */
const MAX_JTI_LENGTH = 256;
/** Proofs are small; anything longer is refused before any parsing. */
const MAX_PROOF_LENGTH = 8192;

export type DpopRefusal =
  | 'missing'
  | 'malformed'
  | 'wrong_typ'
  | 'unsupported_alg'
  | 'no_jwk'
  | 'private_key'
  | 'bad_jti'
  | 'wrong_htm'
  | 'wrong_htu'
  | 'stale'
  | 'from_the_future'
  | 'no_ath'
  | 'wrong_ath'
  | 'bad_nonce'
  | 'bad_signature'
  | 'replayed';

/** What the request a proof comes with must match. */
export interface ProofExpectations {
  /** The request's method (`htm`). */
  method: string;
  /** The request's URL as the client addressed it (`htu`); query and fragment are ignored. */
  url: string;
  /** base64url SHA-256 of the access token sent with the proof (`ath`), for resource requests. */
  ath?: string;
  /** Server nonce policy: when set, the proof's `nonce` must satisfy it. */
  acceptsNonce?: (nonce: unknown) => boolean;
}

export interface ProofClock {
  /** Unix seconds. */
  now: number;
  /** How far `iat` may be from `now`, either way. */
  windowSeconds: number;
}

/** The pure verdict on a proof's header and claims. */
export type ProofJudgement = { kind: 'accept'; jti: string; iat: number } | { kind: 'refuse'; reason: DpopRefusal };

/** A proof that passed every check, signature included: the key's thumbprint and the replay key. */
export type ProofVerdict = { kind: 'accept'; jkt: string; jti: string; iat: number } | { kind: 'refuse'; reason: DpopRefusal };

/**
 * Every rule a DPoP proof must satisfy that needs no cryptography, as one list of checks:
 * `typ`, an asymmetric `alg`, a public `jwk`, `jti`, `htm`, `htu`, `iat` inside the window,
 * `ath` when an access token comes with it, and the nonce when the server asks for one. The
 * signature is checked only after this accepts.
 */
export function judgeProof(
  header: ProtectedHeaderParameters,
  claims: JWTPayload,
  expected: ProofExpectations,
  clock: ProofClock,
): ProofJudgement {
  const refuse = (reason: DpopRefusal): ProofJudgement => ({ kind: 'refuse', reason });
  if (header.typ !== 'dpop+jwt') return refuse('wrong_typ');
  if (!(DPOP_ALGORITHMS as readonly unknown[]).includes(header.alg)) return refuse('unsupported_alg');
  const jwk = header.jwk;
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return refuse('no_jwk');
  if (SECRET_JWK_MEMBERS.some((member) => member in jwk)) return refuse('private_key');
  const { jti, htm, htu, iat, ath, nonce } = claims as Record<string, unknown>;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) return refuse('bad_jti');
  if (htm !== expected.method) return refuse('wrong_htm');
  if (typeof htu !== 'string' || !sameResource(htu, expected.url)) return refuse('wrong_htu');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return refuse('stale');
  if (iat < clock.now - clock.windowSeconds) return refuse('stale');
  if (iat > clock.now + clock.windowSeconds) return refuse('from_the_future');
  if (expected.ath !== undefined) {
    if (ath === undefined) return refuse('no_ath');
    if (ath !== expected.ath) return refuse('wrong_ath');
  }
  if (expected.acceptsNonce && !expected.acceptsNonce(nonce)) return refuse('bad_nonce');
  return { kind: 'accept', jti, iat };
}

/**
 * Judges a `DPoP` header value and, if the rules pass, verifies its signature with the key it
 * embeds (jose, our allow-list of algorithms). Replay of `jti` is the caller's to check, with
 * a store shared as widely as the caller can (PostgreSQL for the auth service).
 */
export async function verifyProof(proof: unknown, expected: ProofExpectations, clock: ProofClock): Promise<ProofVerdict> {
  if (proof === undefined) return { kind: 'refuse', reason: 'missing' };
  // several DPoP headers arrive joined by commas, which is no compact JWS either
  if (typeof proof !== 'string' || proof.length > MAX_PROOF_LENGTH || !COMPACT_JWS.test(proof))
    return { kind: 'refuse', reason: 'malformed' };
  let header: ProtectedHeaderParameters;
  let claims: JWTPayload;
  try {
    header = decodeProtectedHeader(proof);
    claims = decodeJwt(proof);
  } catch {
    return { kind: 'refuse', reason: 'malformed' };
  }
  const judgement = judgeProof(header, claims, expected, clock);
  if (judgement.kind === 'refuse') return judgement;
  try {
    await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_ALGORITHMS] });
    const jkt = await calculateJwkThumbprint(header.jwk!, 'sha256');
    return { kind: 'accept', jkt, jti: judgement.jti, iat: judgement.iat };
  } catch {
    return { kind: 'refuse', reason: 'bad_signature' };
  }
}

/** `ath`: base64url SHA-256 of the access token's ASCII. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

/** RFC 9449 compares htu without query and fragment, after URL normalisation. */
function sameResource(htu: string, expected: string): boolean {
  if (!URL.canParse(htu) || !URL.canParse(expected)) return false;
  const a = new URL(htu);
  const b = new URL(expected);
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}

/** Where a verifier remembers the `jti`s it has accepted, until their proofs are stale. */
export interface ReplayStore {
  /** Records the proof; false when this key already used this `jti` (a replay). */
  remember(jkt: string, jti: string, expiresAtSeconds: number): Promise<boolean> | boolean;
}

/**
 * A replay store in this process's memory, for services without a shared database: a proof
 * replayed against another instance of the service is not caught, which the short window
 * bounds. At most `maxEntries` proofs are kept; past that the oldest are forgotten first.
 */
export class MemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  remember(jkt: string, jti: string, expiresAtSeconds: number): boolean {
    const now = Date.now() / 1000;
    const key = `${jkt} ${jti}`;
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    // entries were inserted roughly in expiry order: drop expired ones from the front
    for (const [oldKey, expiresAt] of this.seen) {
      if (expiresAt > now && this.seen.size < this.maxEntries) break;
      this.seen.delete(oldKey);
    }
    this.seen.delete(key);
    this.seen.set(key, expiresAtSeconds);
    return true;
  }
}
