import { describeError, every, getJson, type FetchLike, type GuardLogger } from './http-json.js';
import { RevocationSet } from './revocation.set.js';

export interface RevocationFeedOptions {
  /** GET /auth/revocations of the auth service. */
  url: string;
  /** REVOCATION_FEED_SECRET of the auth service, when it sets one. */
  secret?: string;
  pollSeconds: number;
  /** Refuse every token once the last successful poll is older than this; unset: never. */
  maxStalenessSeconds?: number;
  /** The guard's clock tolerance: entries outlive their `until` by this much. */
  toleranceSeconds: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger: GuardLogger;
}

interface FeedPage {
  cursor: string;
  revoked: { sid: string; until: string }[];
}

/** While the feed is down, repeat the warning this often rather than on every poll. */
const WARN_EVERY_MS = 30_000;

/**
 * The guard's knowledge of ended sessions: polls the auth service's revocation feed every
 * `pollSeconds` with the cursor of the previous answer and keeps the result in a RevocationSet.
 * When the feed is unreachable it keeps what it knows and logs a warning; with
 * `maxStalenessSeconds` it reports itself stale once its knowledge is older than that.
 */
export class RevocationFeed {
  readonly revoked: RevocationSet;
  private cursor?: string;
  private lastSync?: number;
  private failingSince?: number;
  private lastWarning = 0;
  private polling?: Promise<boolean>;
  private stopPolling?: () => void;
  private readonly fetchImpl: FetchLike;

  constructor(private readonly options: RevocationFeedOptions) {
    this.revoked = new RevocationSet(options.toleranceSeconds * 1000);
    this.fetchImpl = options.fetch ?? (fetch as FetchLike);
  }

  /** Polls once, then every pollSeconds. Never throws: a failure is logged. */
  async start(): Promise<void> {
    await this.poll();
    this.stopPolling ??= every(this.options.pollSeconds, () => this.poll());
  }

  stop(): void {
    this.stopPolling?.();
    this.stopPolling = undefined;
  }

  isRevoked(sid: string, now = Date.now()): boolean {
    return this.revoked.has(sid, now);
  }

  /** True when maxStalenessSeconds is set and the last successful poll is older (or never happened). */
  isStale(now = Date.now()): boolean {
    const max = this.options.maxStalenessSeconds;
    if (max === undefined) return false;
    return this.lastSync === undefined || now - this.lastSync > max * 1000;
  }

  /** One poll; concurrent callers share it. Resolves to whether it succeeded. */
  poll(): Promise<boolean> {
    this.polling ??= this.fetchPage().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async fetchPage(): Promise<boolean> {
    const url = new URL(this.options.url);
    if (this.cursor) url.searchParams.set('since', this.cursor);
    const headers: Record<string, string> = this.options.secret ? { authorization: `Bearer ${this.options.secret}` } : {};
    try {
      const page = parsePage(await getJson(this.fetchImpl, url.toString(), this.options.timeoutMs ?? 5000, headers));
      const now = Date.now();
      for (const { sid, until } of page.revoked) this.revoked.add(sid, Date.parse(until), now);
      this.revoked.prune(now);
      this.cursor = page.cursor;
      this.lastSync = now;
      if (this.failingSince !== undefined) {
        this.options.logger.log(`revocation feed reachable again after ${Math.round((now - this.failingSince) / 1000)} s`);
        this.failingSince = undefined;
      }
      return true;
    } catch (error) {
      this.warn(error);
      return false;
    }
  }

  private warn(error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const known = this.lastSync === undefined ? 'nothing learned yet' : `knowledge from ${new Date(this.lastSync).toISOString()}`;
    const policy = this.options.maxStalenessSeconds === undefined
      ? 'still serving with what is known'
      : `tokens are refused once the knowledge is older than ${this.options.maxStalenessSeconds} s`;
    this.options.logger.warn(`revocation feed ${this.options.url} unreachable: ${describeError(error)}; ${known}, ${policy}`);
  }
}

function parsePage(body: unknown): FeedPage {
  const page = body as Partial<FeedPage> | null;
  if (typeof page?.cursor !== 'string' || !Array.isArray(page.revoked)) throw new Error('the response is not a revocation feed page');
  for (const entry of page.revoked) {
    if (typeof entry?.sid !== 'string' || typeof entry.until !== 'string' || Number.isNaN(Date.parse(entry.until))) {
      throw new Error('the response has a malformed entry');
    }
  }
  return page as FeedPage;
}
