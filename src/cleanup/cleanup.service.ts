import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { AdvisoryLock, tryWithLock } from '../database/advisory-locks.js';
import { CLEANUP_BATCH, CleanupTasks } from './cleanup-tasks.js';

/** Advisory lock held by the instance running cleanup. */
export const CLEANUP_LOCK = AdvisoryLock.Cleanup;
/** Batches per task and run at most, so one run ends even while rows keep coming. */
const MAX_BATCHES = 1000;

/** What one run deleted, per task (expiredFamilies, auditEvents...); `ran` is false when another instance held the lock. */
export type CleanupReport = { ran: boolean } & { [task: string]: number };

/**
 * Keeps storage bounded: every CLEANUP_INTERVAL seconds, runs the cleanup task each module
 * registered (sessions: expired families, old rotated generations, grace tokens; revocations no
 * guard needs; audit events past AUDIT_RETENTION; ended rate-limit windows; stale DPoP proofs; expired mfa tokens and WebAuthn challenges).
 * One instance at a time runs it (advisory lock); the others skip that tick.
 */
@Injectable()
export class CleanupService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CleanupService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<CleanupReport>;
  private stopping = false;

  constructor(
    private readonly tasks: CleanupTasks,
    private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
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
    const tasks = this.tasks.all();
    const report = await tryWithLock(this.dataSource, CLEANUP_LOCK, async () => {
      const counts: Record<string, number> = {};
      for (const task of tasks) counts[task.name] = await this.drain((batch) => task.run(batch));
      return counts;
    });
    return { ran: report !== undefined, ...(report ?? Object.fromEntries(tasks.map((task) => [task.name, 0]))) } as CleanupReport;
  }

  /** Repeats a batch while it comes back full; returns the rows it handled. */
  private async drain(batch: (size: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (let i = 0; i < MAX_BATCHES && !this.stopping; i++) {
      const n = await batch(CLEANUP_BATCH);
      total += n;
      if (n < CLEANUP_BATCH) break;
    }
    return total;
  }
}
