import pg from 'pg';

export default async function globalTeardown() {
  if (globalThis.__pgCluster) {
    await globalThis.__pgCluster.stop();
    return;
  }
  const client = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${process.env.TEST_PG_TEMPLATE} WITH (FORCE)`);
  await client.end();
}
