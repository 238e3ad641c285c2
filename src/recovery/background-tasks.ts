import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

/** Tasks allowed in flight at once; past it new ones are dropped (and logged), memory stays bounded. */
const MAX_IN_FLIGHT = 200;

/**
 * Work a request starts but does not wait for (a forgot-password request answers 202 at once,
 * so its timing cannot depend on whether the account exists). Failures are logged, never
 * thrown at the caller; shutdown waits for what is in flight.
 */
@Injectable()
export class BackgroundTasks implements OnModuleDestroy {
  private readonly logger = new Logger('Background');
  private readonly inFlight = new Set<Promise<void>>();

  run(name: string, task: () => Promise<void>): void {
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      this.logger.warn(`${name}: ${MAX_IN_FLIGHT} tasks already in flight, request dropped`);
      return;
    }
    const promise: Promise<void> = Promise.resolve()
      .then(task)
      .catch((error) => this.logger.error(`${name} failed: ${(error as Error).message}`))
      .finally(() => this.inFlight.delete(promise));
    this.inFlight.add(promise);
  }

  /** Resolves when every task started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  onModuleDestroy(): Promise<void> {
    return this.idle();
  }
}
