import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryLock, withLock } from './advisory-locks.js';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgresError, startEmbeddedPostgres } from './embedded-postgres.js';

const APP_DATABASE = 'auth';

export interface PreparedDatabase {
  url: string;
  /** Stops the embedded PostgreSQL if this process started it. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL whose files live in
 * `${dataDir}/pg` and survive restarts.
 */
export async function prepareDatabase(
  databaseUrl: string | undefined,
  dataDir: string,
  log?: (line: string) => void,
): Promise<PreparedDatabase> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => undefined };
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: true, log });
  await createDatabaseIfMissing(cluster.url('postgres'), APP_DATABASE);
  return { url: cluster.url(APP_DATABASE), stop: () => cluster.stop() };
}

/** One line for a database that could not be started, reached or migrated (no stack trace). */
export function describeDatabaseError(error: unknown, databaseUrl: string | undefined): string {
  if (error instanceof EmbeddedPostgresError) return error.message;
  const why = error instanceof Error ? error.message : String(error);
  const where = databaseUrl ? `the database at ${redactPassword(databaseUrl)} (DATABASE_URL)` : 'the embedded PostgreSQL';
  return `Could not prepare ${where}: ${why}`;
}

export function redactPassword(url: string): string {
  return url.replace(/:[^:@/]+@/, ':***@');
}

export async function createDatabaseIfMissing(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
    }
  } finally {
    await client.end();
  }
}

/** Applies pending migrations, one instance at a time. Returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const applied = await withLock(dataSource, AdvisoryLock.Migrations, () => dataSource.runMigrations({ transaction: 'each' }));
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
