// Runs once per `npm test`, outside jest's module system (jest loads global setup as plain
// Node), so it uses the compiled code that `npm test` builds first.
//
// It provides a PostgreSQL (DATABASE_URL's server, or an embedded one in a temp dir) and a
// template database with every migration applied; each test file clones the template
// (CREATE DATABASE ... TEMPLATE), which takes milliseconds.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '../../dist/src/database/database.js';
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { redirectTempDir } from './temp-dirs.mjs';

export default async function globalSetup() {
  // first: everything below, and every worker and child process after, writes temp files there
  globalThis.__tempDirs = redirectTempDir();
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // the whole temp dir goes at teardown (global-teardown.mjs), so nothing is left in /tmp
    const tempDir = mkdtempSync(path.join(tmpdir(), 'auth-test-'));
    globalThis.__pgTempDir = tempDir;
    const cluster = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'pg'), persistent: false });
    globalThis.__pgCluster = cluster;
    adminUrl = cluster.url('postgres');
  }
  const template = `auth_template_${process.pid}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${template}`);
  await client.query(`CREATE DATABASE ${template}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  await runMigrations(url.toString());
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = template;
}
