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
