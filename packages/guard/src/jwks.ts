import { createRemoteJWKSet, customFetch, errors, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import { describeError, every, type FetchLike, type GuardLogger } from './http-json.js';

export interface JwksOptions {
  uri: string;
  /** However many unknown kids arrive, at most one refetch per this many seconds. Default 5. */
  minRefetchSeconds?: number;
  /** Refetch this often anyway, to learn pre-published keys and forget retired ones. Default 60. */
  refreshSeconds?: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger: GuardLogger;
}

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;

/**
 * The auth service's signing keys, from its JWKS, through jose's `createRemoteJWKSet`: it picks
 * the key by kid and alg (a key is used only for the alg it is published with, on its curve, with
 * `use: "sig"` or none), shares one request among concurrent lookups and refetches for an unknown
 * kid at most once per cooldown (`minRefetchSeconds`). This wrapper adds what jose leaves out:
 *
 * - An unknown kid within the cooldown waits for the cooldown to end and looks again, instead of
 *   failing: a key used the moment it is published (a rotation with no activation delay) is
 *   found, while a flood of made-up kids still costs one request per period, which every waiter
 *   shares.
 * - The keys are refreshed in the background every `refreshSeconds`, and a failed fetch keeps the
 *   keys already known (jose's own expiry would refetch on the request path and refuse every new
 *   token while the auth service is down). After a failed fetch no other is tried within the
 *   cooldown, so an outage is not met with one request per incoming token.
 */
export class Jwks {
  private readonly remote: RemoteJwks;
  private readonly cooldownMs: number;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  /** JWKS bodies read so far: a waiter whose miss came before the latest has its answer. */
  private fetches = 0;
  private failedAt = Number.NEGATIVE_INFINITY;
  private stopRefresh?: () => void;

  constructor(private readonly options: JwksOptions) {
    this.cooldownMs = (options.minRefetchSeconds ?? 5) * 1000;
    const fetchImpl = options.fetch ?? (fetch as FetchLike);
    this.remote = createRemoteJWKSet(new URL(options.uri), {
      cooldownDuration: this.cooldownMs,
      cacheMaxAge: Number.POSITIVE_INFINITY,
      timeoutDuration: options.timeoutMs ?? 5000,
      [customFetch]: (async (url, init) => {
        if (Date.now() < this.failedAt + this.cooldownMs) throw new Error('the last attempt failed less than minRefetchSeconds ago');
        try {
          const response = await fetchImpl(url, { headers: Object.fromEntries(init.headers), signal: init.signal });
          // jose reads the body next and starts its cooldown when it has: so does the wait below
          const json = async () => {
            const body = await response.json();
            this.fetchedAt = Date.now();
            this.fetches++;
            return body;
          };
          return { status: response.status, json };
        } catch (error) {
          this.failedAt = Date.now();
          throw error;
        }
      }) as FetchImplementation,
    });
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

  /** Refetches now (concurrent callers share one request); on failure logs and keeps the known keys. */
  async refresh(): Promise<void> {
    try {
      await this.remote.reload();
    } catch (error) {
      this.failedAt = Date.now();
      const known = this.remote.jwks()?.keys.length ?? 0;
      this.options.logger.warn(`could not fetch the JWKS from ${this.options.uri}: ${describeError(error)}; keeping ${known} known key(s)`);
    }
  }

  /** The key getter for jose's `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const before = this.fetches;
    try {
      return await this.remote(header, token);
    } catch (error) {
      // a JWKS read since the lookup began (jose's refetch for it, or another) is the answer
      if (!(error instanceof errors.JWKSNoMatchingKey) || !this.remote.coolingDown || this.fetches !== before) throw error;
    }
    // Unknown kid within the cooldown: wait for it to end; the first waiter to look again makes
    // jose refetch, and the others share that request (or find it done). A refetch already under
    // way is awaited.
    while (this.fetches === before && this.remote.coolingDown && !this.remote.reloading)
      await sleep(this.fetchedAt + this.cooldownMs - Date.now());
    if (this.remote.reloading) await this.remote.reload().catch(() => undefined);
    return this.remote(header, token);
  };

  /** The kids of the keys jose holds now (for logs and tests). */
  get kids(): string[] {
    return (this.remote.jwks()?.keys ?? []).flatMap((jwk) => (typeof jwk.kid === 'string' ? [jwk.kid] : []));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)).unref?.());
}
