import { rmSync } from 'node:fs';
import pg from 'pg';
import { checkTempDir } from './temp-dirs.mjs';

export default async function globalTeardown() {
  if (globalThis.__pgCluster) {
    await globalThis.__pgCluster.stop();
    rmSync(globalThis.__pgTempDir, { recursive: true, force: true });
  } else {
    const client = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${process.env.TEST_PG_TEMPLATE} WITH (FORCE)`);
    await client.end();
  }
  checkTempDir(globalThis.__tempDirs);
}
