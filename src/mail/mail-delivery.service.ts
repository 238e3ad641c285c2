import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CryptoService } from '../crypto/crypto.service.js';
import { MailOutboxRepository, OutboxRow } from './mail-outbox.repository.js';
import { OUTBOX_SEAL } from './mail.service.js';
import { MAIL_TRANSPORT } from './mail.tokens.js';
import type { MailTransport, OutgoingMail } from './mail.transport.js';

/** Seconds between outbox polls (retries, and mail queued by other instances). */
const POLL_SECONDS = 5;
/** Seconds a claimed mail is left to its sender before another attempt may take it. */
const LEASE_SECONDS = 120;
const BATCH = 10;
/** Attempts before a mail is dropped (10 s, 20 s, 40 s ... capped at an hour apart: about 3 hours). */
export const MAX_ATTEMPTS = 10;

/** Seconds to wait after failed attempt number `attempts`. */
export function retryDelay(attempts: number): number {
  return Math.min(3600, 10 * 2 ** (attempts - 1));
}

/**
 * Sends what the outbox holds: woken after a commit that queued mail, and every few seconds
 * for retries and for mail queued by other instances. A failed send is logged and retried with
 * backoff; the user who triggered it got their answer long before.
 */
@Injectable()
export class MailDelivery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly outbox: MailOutboxRepository,
    private readonly crypto: CryptoService,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.wake(), POLL_SECONDS * 1000);
    this.timer.unref();
    this.wake(); // mail left by a previous run
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    this.transport.close();
  }

  /** Starts a delivery round now (or right after the current one). Never throws. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .catch((error) => this.logger.error(`outbox delivery failed: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Resolves once every mail due now has been tried (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
    await this.deliverDue();
  }

  private async deliverDue(): Promise<void> {
    for (;;) {
      const rows = await this.outbox.claimDue(BATCH, LEASE_SECONDS);
      for (const row of rows) await this.deliver(row);
      if (rows.length < BATCH || this.stopped) return;
    }
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let mail: OutgoingMail;
    try {
      mail = JSON.parse(this.crypto.open(OUTBOX_SEAL, row.payload, row.id).toString('utf8'));
    } catch {
      // sealed under another MASTER_KEY: no attempt can ever open it
      this.logger.error(`${row.kind} mail ${row.id} cannot be opened (MASTER_KEY changed?); dropped`);
      await this.outbox.delete(row.id);
      return;
    }
    try {
      const where = await this.transport.send(mail, row.id);
      await this.outbox.delete(row.id);
      this.logger.log(`${row.kind} mail ${row.id} ${where}`);
    } catch (error) {
      const reason = (error as Error).message;
      if (row.attempts >= MAX_ATTEMPTS) {
        this.logger.error(`${row.kind} mail ${row.id} failed ${row.attempts} times, dropped: ${reason}`);
        await this.outbox.delete(row.id);
      } else {
        const delay = retryDelay(row.attempts);
        this.logger.warn(`${row.kind} mail ${row.id} failed (attempt ${row.attempts}), retrying in ${delay} s: ${reason}`);
        await this.outbox.reschedule(row.id, delay, reason);
      }
    }
  }
}
