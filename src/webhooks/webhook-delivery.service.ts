import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { MetricsService } from '../observability/metrics.service.js';
import { nextAttempt } from './webhook-schedule.js';
import { sendWebhook } from './webhook-sender.js';
import { type LeasedMessage, WebhooksRepository } from './webhooks.repository.js';

/** Seal purpose of the endpoints' signing secrets. */
export const WEBHOOK_SECRET_SEAL = 'webhook-secret';

/** How often each instance looks for due messages; `wake()` after a commit sends at once. */
const POLL_MS = 1000;
/** Messages leased per round (each round sends them concurrently). */
const BATCH = 20;
/** How often finished messages past AUDIT_RETENTION are deleted, and how many per statement. */
const PRUNE_MS = 3600_000;
const PRUNE_BATCH = 1000;

/**
 * Delivers the webhook outbox in the background, at least once: every instance polls, leases
 * due messages (WebhooksRepository.lease: SKIP LOCKED, in order per user), sends them with a
 * timeout and records the outcome; a failure is retried on the WEBHOOK_RETRY_DELAYS schedule
 * until WEBHOOK_RETRY_FOR has passed. Nothing here runs on a request's path, so a slow or dead
 * receiver never slows a login or a refresh.
 */
@Injectable()
export class WebhookDelivery implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDelivery.name);
  private timer?: NodeJS.Timeout;
  private pruneTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly repository: WebhooksRepository,
    private readonly crypto: CryptoService,
    private readonly metrics: MetricsService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    this.pruneTimer = setInterval(() => {
      this.prune().catch((error) =>
        this.logger.warn(`webhook log pruning failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, PRUNE_MS);
    this.pruneTimer.unref();
  }

  /**
   * Deletes delivered and failed messages older than AUDIT_RETENTION (the delivery log keeps
   * what the audit trail keeps); returns how many. Pending ones stay until delivered or given up.
   */
  async prune(): Promise<number> {
    let total = 0;
    for (let n = PRUNE_BATCH; n === PRUNE_BATCH && !this.stopped; ) {
      n = await this.repository.deleteFinished(this.config.AUDIT_RETENTION, PRUNE_BATCH);
      total += n;
    }
    return total;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.pruneTimer);
    await this.running;
  }

  /** Looks for due messages now (after a commit that wrote some); concurrent calls share one round plus one more. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((error) => this.logger.warn(`webhook delivery round failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Leases and sends until nothing is due. */
  private async round(): Promise<void> {
    while (!this.stopped) {
      const leased = await this.repository.lease(BATCH, this.config.WEBHOOK_TIMEOUT + 30);
      if (leased.length === 0) return;
      await Promise.all(leased.map((message) => this.attempt(message)));
    }
  }

  private async attempt(message: LeasedMessage): Promise<void> {
    const secret = this.crypto.open(WEBHOOK_SECRET_SEAL, message.secretSealed, message.endpointId).toString('utf8');
    const result = await sendWebhook(
      { id: message.id, url: message.url, secret, body: JSON.stringify(message.payload) },
      { timeoutMs: this.config.WEBHOOK_TIMEOUT * 1000, allowPrivate: this.config.webhooksAllowPrivate },
    );
    if (result.delivered) {
      await this.repository.recordAttempt(message.id, { ...result, retryAt: null });
      this.metrics.webhookDelivery('delivered');
      return;
    }
    const verdict = nextAttempt(message.attempts, message.createdAt, new Date(), {
      delaysMs: this.config.webhookRetryDelaysMs,
      retryForMs: this.config.WEBHOOK_RETRY_FOR * 1000,
    });
    await this.repository.recordAttempt(message.id, { ...result, retryAt: verdict.kind === 'retry' ? verdict.at : null });
    this.metrics.webhookDelivery(verdict.kind === 'retry' ? 'retry' : 'failed');
    if (verdict.kind === 'retry' && verdict.at.getTime() - Date.now() < POLL_MS) {
      // a short delay (tests, the first retry) should not wait for the next poll
      setTimeout(() => this.wake(), Math.max(0, verdict.at.getTime() - Date.now())).unref();
    }
  }
}
