import { Injectable } from '@nestjs/common';

/** Rows per statement: each statement stays short, so no refresh waits on it for long. */
export const CLEANUP_BATCH = 1000;

/**
 * One kind of row a module deletes when it is no longer needed. `run` deletes at most `batch`
 * rows and returns how many it deleted; the job repeats it while batches come back full.
 */
export interface CleanupTask {
  /** The key of its count in the run's report, e.g. expiredFamilies. */
  name: string;
  run(batch: number): Promise<number>;
}

/**
 * The cleanup tasks of every module. Each module registers its own (in its onModuleInit), so
 * the job knows no table and no module's rules; tasks run in the order they were registered.
 */
@Injectable()
export class CleanupTasks {
  private readonly tasks: CleanupTask[] = [];

  register(name: string, run: (batch: number) => Promise<number>): void {
    if (this.tasks.some((task) => task.name === name)) throw new Error(`cleanup task ${name} is registered twice`);
    this.tasks.push({ name, run });
  }

  all(): readonly CleanupTask[] {
    return this.tasks;
  }
}
