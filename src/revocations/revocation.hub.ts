import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { OVERLAP_SECONDS } from './revocation-cursor.js';
import { parseRevocation, REVOCATIONS_CHANNEL, RevocationsRepository, type Listening, type Revocation } from './revocations.repository.js';

/** Revocations that became visible together, and the database time they are known up to (their cursor). */
export interface RevocationBatch {
  revoked: Revocation[];
  at: Date;
}

/** One open stream, as the hub sees it. */
export interface RevocationSubscriber {
  push(batch: RevocationBatch): void;
  /** The instance is shutting down: end the stream (the guard reconnects elsewhere or later). */
  close(): void;
}

/** How long boot waits for the first LISTEN before serving anyway (streams then catch up on reconnect). */
const FIRST_LISTEN_TIMEOUT_MS = 5000;

/**
 * This instance's end of the revocation push: one PostgreSQL connection LISTENs to the
 * notification the revoked_sessions trigger sends at commit (whichever instance ended the
 * family) and fans each batch out to the open streams. The table stays the source of truth:
 * a notification too large for NOTIFY, and any time the listening connection was lost, are
 * followed by a re-read of the table from before the gap.
 */
@Injectable()
export class RevocationHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RevocationHub.name);
  private readonly subscribers = new Set<RevocationSubscriber>();
  private listening?: Listening;
  /** The newest database time a batch covered: a re-read starts from here (minus the overlap). */
  private heardUpTo?: Date;
  private rereading?: Promise<void>;
  private rereadQueued = false;
  private lostSince?: number;

  constructor(private readonly repository: RevocationsRepository) {}

  async onModuleInit(): Promise<void> {
    let first!: () => void;
    const listening = new Promise<void>((resolve) => (first = resolve));
    this.listening = this.repository.listen(REVOCATIONS_CHANNEL, {
      onNotification: (payload) => this.onNotification(payload),
      onListening: (reconnected) => {
        first();
        if (!reconnected && this.lostSince === undefined) return;
        this.logger.log(
          `listening for revocations again after ${Math.round((Date.now() - (this.lostSince ?? Date.now())) / 1000)} s; re-reading the table`,
        );
        this.lostSince = undefined;
        this.reread();
      },
      onLost: (error) => {
        if (this.lostSince === undefined) this.logger.warn(`lost the revocation listener connection: ${String(error)}; reconnecting`);
        this.lostSince ??= Date.now();
      },
    });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, FIRST_LISTEN_TIMEOUT_MS).unref());
    await Promise.race([listening, timeout]);
  }

  async onModuleDestroy(): Promise<void> {
    for (const subscriber of this.subscribers) subscriber.close();
    this.subscribers.clear();
    await this.listening?.close();
  }

  /** Registers a stream; returns the function that unregisters it. */
  subscribe(subscriber: RevocationSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  get streamCount(): number {
    return this.subscribers.size;
  }

  private onNotification(payload: string): void {
    const batch = parsePayload(payload);
    if (!batch) {
      this.reread();
      return;
    }
    this.publish(batch);
  }

  private publish(batch: RevocationBatch): void {
    if (!this.heardUpTo || batch.at > this.heardUpTo) this.heardUpTo = batch.at;
    for (const subscriber of this.subscribers) subscriber.push(batch);
  }

  /** Reads the table from before what may have been missed; concurrent requests share one read plus one more. */
  private reread(): void {
    if (this.rereading) {
      this.rereadQueued = true;
      return;
    }
    const since = this.heardUpTo && new Date(this.heardUpTo.getTime() - OVERLAP_SECONDS * 1000);
    this.rereading = this.repository
      .findRevoked(since)
      .then(({ now, revoked }) => this.publish({ revoked, at: now }))
      .catch((error) => {
        // the listener's reconnection triggers another re-read; until then streams keep what they have
        this.logger.warn(`could not re-read revocations: ${String(error)}`);
      })
      .finally(() => {
        this.rereading = undefined;
        if (this.rereadQueued) {
          this.rereadQueued = false;
          this.reread();
        }
      });
  }
}

/** A trigger's payload: `[{ sid, until, at }]` or `[{ sub, notBefore, until, at }]`, or '' when the batch was too large to send. */
function parsePayload(payload: string): RevocationBatch | undefined {
  if (payload === '') return undefined;
  try {
    const entries = JSON.parse(payload) as Record<string, string>[];
    let at = 0;
    const revoked = entries.map((e) => {
      at = Math.max(at, Date.parse(e.at));
      return parseRevocation(e);
    });
    return { revoked, at: new Date(at) };
  } catch {
    return undefined;
  }
}
