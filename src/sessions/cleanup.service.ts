import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository.js';
import { RateLimitRepository } from '../common/rate-limit.repository.js';
import { AppConfig } from '../config/app-config.js';
import { DpopRepository } from '../oauth/dpop.repository.js';
import { MetricsService } from '../observability/metrics.service.js';
import { RevocationsRepository } from '../revocations/revocations.repository.js';
import { CleanupRepository } from './cleanup.repository.js';
import { AdvisoryLock } from '../database/advisory-locks.js';

/** Advisory lock held by the instance running cleanup. */
export const CLEANUP_LOCK = AdvisoryLock.Cleanup;
/** Rows per statement: each statement stays short, so no refresh waits on it for long. */
const BATCH = 1000;
/** Batches per step and run at most, so one run ends even while rows keep coming. */
const MAX_BATCHES = 1000;
/** A family is deleted for idleness only this long after its idle expiry (see deleteExpiredFamilies). */
const IDLE_MARGIN_SECONDS = 60;
/** Remembered DPoP proofs are deleted only this long after they turned stale (clock differences). */
const DPOP_PROOF_MARGIN_SECONDS = 60;

/** What one run deleted; `ran` is false when another instance held the lock. */
export interface CleanupReport {
  ran: boolean;
  expiredFamilies: number;
  prunedGenerations: number;
  clearedGraceTokens: number;
  lapsedRevocations: number;
  auditEvents: number;
  lapsedRateLimits: number;
  staleDpopProofs: number;
}

/**
 * Keeps storage bounded: every CLEANUP_INTERVAL seconds, deletes expired families, rotated
 * generations older than REUSE_DETECTION_WINDOW, grace tokens past the grace, revocations no
 * guard needs, audit events older than AUDIT_RETENTION, rate-limit windows that ended and stale
 * DPoP proofs. One instance at a time runs it
 * (advisory lock); the others skip that tick.
 */
@Injectable()
export class CleanupService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CleanupService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<CleanupReport>;
  private stopping = false;

  constructor(
    private readonly cleanup: CleanupRepository,
    private readonly audit: AuditRepository,
    private readonly revocations: RevocationsRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly dpopProofs: DpopRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.CLEANUP_INTERVAL * 1000);
    this.timer.unref(); // never what keeps the process alive
  }

  /** Stops the timer and lets a run in progress finish its current batch before the pool closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One full run now (tests and the timer). A run already going in this instance is joined. */
  runOnce(): Promise<CleanupReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const report = await this.runOnce();
      const { ran, ...counts } = report;
      if (ran && Object.values(counts).some((n) => n > 0)) this.logger.log(`cleanup: ${JSON.stringify(counts)}`);
    } catch (error) {
      // a failed run (database briefly away) is retried at the next tick
      this.logger.warn(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async run(): Promise<CleanupReport> {
    const grace = this.config.REFRESH_REUSE_GRACE;
    // a generation inside its grace window is still needed for the idempotent retry
    const pruneAfter = Math.max(this.config.reuseDetectionWindow, grace);
    const report = await this.cleanup.exclusively(async () => ({
      ran: true,
      expiredFamilies: await this.drain(() => this.cleanup.deleteExpiredFamilies(IDLE_MARGIN_SECONDS, BATCH)),
      prunedGenerations: await this.drain(() => this.cleanup.pruneRotatedGenerations(pruneAfter, BATCH)),
      // with REFRESH_RETRY_UNUSED=on a child's sealed token is kept until the child is rotated
      // (which erases it) or its family deleted: a retry of its parent may still need it
      clearedGraceTokens: this.config.REFRESH_RETRY_UNUSED === 'on' ? 0 : await this.drain(() => this.cleanup.clearGraceTokens(grace, BATCH)),
      // ended families and outdated-token entries alike: what guards no longer need
      lapsedRevocations: await this.drain(() => this.revocations.deleteLapsed(BATCH)) + await this.drain(() => this.revocations.deleteLapsedOutdated(BATCH)),
      auditEvents: await this.drain(() => this.audit.deleteOlderThan(this.config.AUDIT_RETENTION, BATCH)),
      lapsedRateLimits: await this.drain(() => this.rateLimits.deleteLapsed(BATCH)),
      staleDpopProofs: await this.drain(() => this.dpopProofs.deleteStale(DPOP_PROOF_MARGIN_SECONDS, BATCH)),
    }));
    if (report) this.metrics.sessionsEnded('expired', report.expiredFamilies);
    return report ?? { ran: false, expiredFamilies: 0, prunedGenerations: 0, clearedGraceTokens: 0, lapsedRevocations: 0, auditEvents: 0, lapsedRateLimits: 0, staleDpopProofs: 0 };
  }

  /** Repeats a batch while it comes back full; returns the rows it handled. */
  private async drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES && !this.stopping; i++) {
      const n = await batch();
      total += n;
      if (n < BATCH) break;
    }
    return total;
  }
}
