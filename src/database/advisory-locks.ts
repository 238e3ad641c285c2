import type { DataSource, EntityManager } from 'typeorm';

/**
 * PostgreSQL advisory lock ids, in one place so no two uses collide. Each serialises one
 * kind of work across instances of the service.
 */
export const AdvisoryLock = {
  /** Applying migrations at start. */
  Migrations: 724_113_001,
  /** Creating or rotating signing and envelope keys. */
  Keys: 724_113_002,
  /** The cleanup job. */
  Cleanup: 724_113_003,
} as const;

/**
 * Runs `work` while holding the advisory lock `key`, waiting for it if another session holds it
 * (migrations, key creation). The lock lives on a dedicated connection, so `work` may run any
 * number of transactions of its own; it is released at the end, or with the connection if the
 * process dies.
 */
export async function withLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [key]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Runs `work` while holding the advisory lock `key`, or returns undefined at once when another
 * session holds it (the cleanup job: one instance per tick). The lock is transaction-scoped on
 * a dedicated connection: it cannot leak into the pool, and it is released if the process
 * dies. That transaction only takes the lock, so it holds back neither vacuum nor anyone else;
 * `work` runs its statements on other connections.
 */
export async function tryWithLock<T>(dataSource: DataSource, key: number, work: () => Promise<T>): Promise<T | undefined> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key]);
    if (!locked) return undefined;
    return await work();
  } finally {
    // ending the transaction releases the lock; if the connection broke, so did the lock
    await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

/**
 * Takes the advisory lock `key` for the rest of the transaction `tx`, waiting for it (key
 * creation): the work and its lock share one connection, so even a pool of one cannot deadlock.
 */
export async function lockForTransaction(tx: EntityManager, key: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [key]);
}
