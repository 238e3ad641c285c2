import { afterAll, beforeAll } from '@jest/globals';
import type pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { connect, freshDatabase } from './database.js';

/**
 * A fresh database at the newest schema for the suite that calls it (its beforeAll and afterAll
 * are registered here), for a migration's test: run its `down`, write rows as the older schema
 * held them, run `up` again. `db.query` is the suite's pg client once beforeAll has run;
 * `runner()` stands in for TypeORM's query runner (a migration only runs SQL).
 */
export function migrationDb(): { db: Pick<pg.Client, 'query'>; runner(): QueryRunner } {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    database = await freshDatabase();
    client = await connect(database.url);
  });
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });
  const db = { query: ((...args: Parameters<pg.Client['query']>) => client!.query(...args)) as pg.Client['query'] };
  return { db, runner: () => db as unknown as QueryRunner };
}
