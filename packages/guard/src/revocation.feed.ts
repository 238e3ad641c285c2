import type { EventSourceMessage } from 'eventsource-parser';
import { readEventStream } from './event-stream.js';
import { describeError, every, getJson, type FetchLike, type GuardLogger } from './http-json.js';
import { RevocationSet } from './revocation.set.js';

export interface RevocationFeedOptions {
  /** GET /auth/revocations of the auth service. */
  url: string;
  /** REVOCATION_FEED_SECRET of the auth service, when it sets one. */
  secret?: string;
  pollSeconds: number;
  /**
   * GET /auth/revocations/stream: revocations pushed as they commit. While it is open the feed
   * is not polled; while it is down the feed is polled every `pollSeconds` and the stream is
   * reopened with backoff, resuming from the cursor. Unset: polling only.
   */
  streamUrl?: string;
  /** Refuse every token once the last sign of life (an answer, an event, a heartbeat) is older than this; unset: never. */
  maxStalenessSeconds?: number;
  /** The guard's clock tolerance: entries outlive their `until` by this much. */
  toleranceSeconds: number;
  timeoutMs?: number;
  fetch?: FetchLike;
  logger: GuardLogger;
}

/** An entry of the feed: a family that ended, or a user whose tokens before `notBefore` are outdated. */
export type FeedEntry = { sid: string; until: string } | { sub: string; notBefore: string; until: string };

interface FeedPage {
  cursor: string;
  revoked: FeedEntry[];
}

/** While the feed is down, repeat the warning this often rather than on every poll. */
const WARN_EVERY_MS = 30_000;
/** Heartbeat asked of the stream, at most; shorter when maxStalenessSeconds needs it. */
const HEARTBEAT_SECONDS = 10;
/** A stream silent for this many heartbeats is dead, even if its connection never closed. */
const SILENT_HEARTBEATS = 3;
/** Delays before reopening the stream: from 250 ms, doubling, up to 30 s, with jitter. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 30_000;

/**
 * The guard's knowledge of ended sessions, kept in a RevocationSet. With `streamUrl`, the auth
 * service pushes each revocation as it commits (Server-Sent Events); the stream is reopened with
 * backoff after any break and resumes from the last cursor, so nothing is missed, and while it
 * is down the feed is polled every `pollSeconds` instead. When neither answers the guard keeps
 * what it knows and logs a warning; with `maxStalenessSeconds` it reports itself stale once its
 * knowledge is older than that.
 */
export class RevocationFeed {
  readonly revoked: RevocationSet;
  private cursor?: string;
  private lastSync?: number;
  private failingSince?: number;
  private lastWarning = 0;
  private polling?: Promise<boolean>;
  private stopPolling?: () => void;
  private streaming?: AbortController;
  private streamOpen = false;
  private streamFailingSince?: number;
  private lastStreamWarning = 0;
  private readonly fetchImpl: FetchLike;
  private readonly heartbeatSeconds: number;

  constructor(private readonly options: RevocationFeedOptions) {
    this.revoked = new RevocationSet(options.toleranceSeconds * 1000);
    this.fetchImpl = options.fetch ?? (fetch as FetchLike);
    const max = options.maxStalenessSeconds;
    this.heartbeatSeconds = Math.max(1, Math.min(HEARTBEAT_SECONDS, max === undefined ? HEARTBEAT_SECONDS : Math.floor(max / 2)));
  }

  /** Polls once, then streams (or polls every pollSeconds while there is no stream). Never throws: a failure is logged. */
  async start(): Promise<void> {
    await this.poll();
    this.stopPolling ??= every(this.options.pollSeconds, async () => {
      if (this.streamOpen) this.revoked.prune(Date.now());
      else await this.poll();
    });
    if (this.options.streamUrl && !this.streaming) {
      this.streaming = new AbortController();
      void this.stream(this.options.streamUrl, this.streaming.signal);
    }
  }

  stop(): void {
    this.stopPolling?.();
    this.stopPolling = undefined;
    this.streaming?.abort(new Error('stopped'));
    this.streaming = undefined;
  }

  isRevoked(sid: string, now = Date.now()): boolean {
    return this.revoked.has(sid, now);
  }

  /** Whether a token of `sub` issued at `issuedAt` (unix seconds) predates a change of the user's roles or claims. */
  isOutdated(sub: string, issuedAt: number, now = Date.now()): boolean {
    return this.revoked.isOutdated(sub, issuedAt, now);
  }

  /** True when maxStalenessSeconds is set and the last sign of life of the feed is older (or never happened). */
  isStale(now = Date.now()): boolean {
    const max = this.options.maxStalenessSeconds;
    if (max === undefined) return false;
    return this.lastSync === undefined || now - this.lastSync > max * 1000;
  }

  /** Whether revocations are being pushed right now (else the feed is polled). */
  get isStreaming(): boolean {
    return this.streamOpen;
  }

  /** One poll; concurrent callers share it. Resolves to whether it succeeded. */
  poll(): Promise<boolean> {
    this.polling ??= this.fetchPage().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async fetchPage(): Promise<boolean> {
    const url = new URL(this.options.url);
    if (this.cursor) url.searchParams.set('since', this.cursor);
    try {
      const page = parsePage(await getJson(this.fetchImpl, url.toString(), this.options.timeoutMs ?? 5000, this.authorization()));
      this.learn(page.revoked, page.cursor);
      return true;
    } catch (error) {
      this.warn(this.options.url, error);
      return false;
    }
  }

  /** Keeps the stream open until stopped: reopens it with backoff, from the cursor, after every break. */
  private async stream(streamUrl: string, signal: AbortSignal): Promise<void> {
    let delay = RECONNECT_MIN_MS;
    while (!signal.aborted) {
      const url = new URL(streamUrl);
      url.searchParams.set('heartbeat', String(this.heartbeatSeconds));
      const headers = this.authorization();
      if (this.cursor) headers['last-event-id'] = this.cursor;
      let opened = false;
      try {
        await readEventStream(this.fetchImpl, url.toString(), headers, this.heartbeatSeconds * SILENT_HEARTBEATS * 1000, signal, {
          onOpen: () => {
            opened = true;
            this.streamOpen = true;
            this.alive();
            if (this.streamFailingSince !== undefined) {
              this.options.logger.log(`revocation stream open again after ${Math.round((Date.now() - this.streamFailingSince) / 1000)} s`);
              this.streamFailingSince = undefined;
            }
          },
          onEvent: (event) => this.onStreamEvent(event),
          onAlive: () => this.alive(),
        });
      } catch (error) {
        if (signal.aborted) break;
        this.warnStream(streamUrl, error);
      } finally {
        this.streamOpen = false;
      }
      if (signal.aborted) break;
      // catch up at once by polling, then keep polling until the stream is back
      if (opened) {
        delay = RECONNECT_MIN_MS;
        void this.poll();
      }
      await sleep(delay * (0.5 + Math.random() / 2), signal);
      delay = Math.min(delay * 2, RECONNECT_MAX_MS);
    }
  }

  private onStreamEvent(event: EventSourceMessage): void {
    if (event.event !== 'revoked' || !event.id) return;
    try {
      const { revoked } = parsePage({ cursor: event.id, ...JSON.parse(event.data) });
      this.learn(revoked, event.id);
    } catch (error) {
      this.warnStream(this.options.streamUrl ?? this.options.url, error);
    }
  }

  private learn(revoked: FeedPage['revoked'], cursor: string): void {
    const now = Date.now();
    for (const entry of revoked) {
      if ('sid' in entry) this.revoked.add(entry.sid, Date.parse(entry.until), now);
      else this.revoked.addOutdated(entry.sub, Date.parse(entry.notBefore), Date.parse(entry.until), now);
    }
    this.revoked.prune(now);
    this.cursor = cursor;
    this.alive(now);
  }

  private alive(now = Date.now()): void {
    this.lastSync = now;
    if (this.failingSince !== undefined) {
      this.options.logger.log(`revocation feed reachable again after ${Math.round((now - this.failingSince) / 1000)} s`);
      this.failingSince = undefined;
    }
  }

  private authorization(): Record<string, string> {
    return this.options.secret ? { authorization: `Bearer ${this.options.secret}` } : {};
  }

  /** The stream broke or cannot open: polling covers it, so this is only worth a note now and then. */
  private warnStream(url: string, error: unknown): void {
    const now = Date.now();
    this.streamFailingSince ??= now;
    if (now - this.lastStreamWarning < WARN_EVERY_MS) return;
    this.lastStreamWarning = now;
    this.options.logger.warn(
      `revocation stream ${url} unavailable: ${describeError(error)}; polling every ${this.options.pollSeconds} s meanwhile`,
    );
  }

  private warn(url: string, error: unknown): void {
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    const known = this.lastSync === undefined ? 'nothing learned yet' : `knowledge from ${new Date(this.lastSync).toISOString()}`;
    const policy =
      this.options.maxStalenessSeconds === undefined
        ? 'still serving with what is known'
        : `tokens are refused once the knowledge is older than ${this.options.maxStalenessSeconds} s`;
    this.options.logger.warn(`revocation feed ${url} unreachable: ${describeError(error)}; ${known}, ${policy}`);
  }
}

function parsePage(body: unknown): FeedPage {
  const page = body as Partial<FeedPage> | null;
  if (typeof page?.cursor !== 'string' || !Array.isArray(page.revoked)) throw new Error('the response is not a revocation feed page');
  for (const entry of page.revoked as Record<string, unknown>[]) {
    const valid =
      typeof entry?.until === 'string' &&
      !Number.isNaN(Date.parse(entry.until)) &&
      (typeof entry.sid === 'string' ||
        (typeof entry.sub === 'string' && typeof entry.notBefore === 'string' && !Number.isNaN(Date.parse(entry.notBefore))));
    if (!valid) throw new Error('the response has a malformed entry');
  }
  return page as FeedPage;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
