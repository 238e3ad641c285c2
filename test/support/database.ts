import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh database cloned from the migrated template; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_PG_TEMPLATE}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  // CREATE DATABASE ... TEMPLATE fails while another session is connected to the template;
  // nobody is after global setup, but retry briefly in case of a concurrent clone.
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
      return;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end();
    }
  }
}

/** A pg client on `url` for asserting database state. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Runs `during` while the database of `client` refuses connections and every other connection
 * to it is cut (the pool's among them): the service sees its database go away, then come back.
 */
export async function whileDatabaseRefuses<T>(client: pg.Client, during: () => Promise<T>): Promise<T> {
  const admin = await connect(process.env.TEST_PG_ADMIN_URL!);
  const name = client.database!;
  try {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2', [
      name,
      (client as unknown as { processID: number }).processID,
    ]);
    return await during();
  } finally {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await admin.end();
  }
}
