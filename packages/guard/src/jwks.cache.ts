import { KeyObject } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { ACCEPTED_ALGORITHMS, type VerificationKey } from './access-token-verifier.js';
import { describeError, every, getJson, type FetchLike, type GuardLogger } from './http-json.js';

export interface JwksCacheOptions {
  uri: string;
  /** However many unknown kids arrive, at most one refetch per this many seconds. Default 5. */
  minRefetchSeconds?: number;
  /** Refetch this often anyway, to learn pre-published keys and forget retired ones. Default 60. */
  refreshSeconds?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger: GuardLogger;
}

/**
 * The auth service's signing keys by kid, from its JWKS: fetched once, refetched when a token
 * names an unknown kid (a rotation), refreshed periodically. Unknown kids are rate-limited, so
 * a flood of tokens with random kids costs the auth server one request per `minRefetchSeconds`
 * at most. When the JWKS cannot be fetched the keys already known stay in use.
 *
 * Only signing keys are kept (`use: "sig"` or no `use`) with an `alg` from the asymmetric
 * allow-list; the envelope key (`use: "enc"`, RSA-OAEP-256) and anything else are ignored.
 */
export class JwksCache {
  private keys = new Map<string, VerificationKey>();
  private fetching?: Promise<void>;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private stopRefresh?: () => void;
  private readonly minRefetchMs: number;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: JwksCacheOptions) {
    this.minRefetchMs = (options.minRefetchSeconds ?? 5) * 1000;
    this.fetchImpl = options.fetch ?? (fetch as FetchLike);
  }

  /** Fetches the keys and starts the periodic refresh. Never throws: a failure is logged. */
  async start(): Promise<void> {
    await this.refresh();
    this.stopRefresh ??= every(this.options.refreshSeconds ?? 60, () => this.refresh());
  }

  stop(): void {
    this.stopRefresh?.();
    this.stopRefresh = undefined;
  }

  /**
   * The key for `kid`; refetches the JWKS for an unknown kid. Within `minRefetchSeconds` of the
   * last fetch the lookup waits for that period to end instead of failing: a key used the moment
   * it was published (a rotation with no activation delay) is still found, while a flood of
   * made-up kids still costs one request per period, shared by every caller waiting.
   */
  async resolve(kid: string): Promise<VerificationKey | undefined> {
    const known = this.keys.get(kid);
    if (known) return known;
    const wait = this.lastAttempt + this.minRefetchMs - Date.now();
    if (!this.fetching && wait > 0) {
      const before = this.lastAttempt;
      await new Promise((resolve) => setTimeout(resolve, wait).unref?.());
      // another caller fetched while we waited: its answer is ours
      if (this.lastAttempt !== before) {
        await this.fetching;
        return this.keys.get(kid);
      }
    }
    await this.refresh();
    return this.keys.get(kid);
  }

  /** Concurrent callers share one request. */
  refresh(): Promise<void> {
    this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  get kids(): string[] {
    return [...this.keys.keys()];
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttempt = Date.now();
    try {
      const body = await getJson(this.fetchImpl, this.options.uri, this.options.timeoutMs ?? 5000);
      const published = (body as { keys?: unknown } | null)?.keys;
      if (!Array.isArray(published)) throw new Error('the response has no "keys" array');
      const keys = new Map<string, VerificationKey>();
      for (const jwk of published) {
        const key = await importSigningKey(jwk);
        if (key) keys.set(key.kid, key);
      }
      this.keys = keys;
    } catch (error) {
      this.options.logger.warn(`could not fetch the JWKS from ${this.options.uri}: ${describeError(error)}; keeping ${this.keys.size} known key(s)`);
    }
  }
}

async function importSigningKey(jwk: unknown): Promise<(VerificationKey & { kid: string }) | undefined> {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kid, alg, use } = jwk as JWK;
  if (typeof kid !== 'string' || typeof alg !== 'string' || (use !== undefined && use !== 'sig')) return undefined;
  if (!(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) return undefined;
  try {
    // jose checks that the key fits its alg (an ES256 key must be on P-256, and so on)
    const imported = await importJWK(jwk as JWK, alg);
    if (imported instanceof Uint8Array) return undefined; // a symmetric key has no place in a JWKS
    return { kid, alg, key: imported instanceof KeyObject ? imported : KeyObject.from(imported) };
  } catch {
    return undefined;
  }
}
