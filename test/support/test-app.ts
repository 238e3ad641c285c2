import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { createApp } from '../../src/app.factory.js';
import { loadConfig, type AppConfig } from '../../src/config/app-config.js';
import { connect, freshDatabase } from './database.js';

export interface TestApp {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  app: NestFastifyApplication;
  config: AppConfig;
  /** A direct connection to this app's database, for asserting state. */
  db: pg.Client;
  close(): Promise<void>;
}

/** The real service (Fastify, filters, pipes, guard) on a fresh database and a random port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const port = 0;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'auth-data-')),
    MASTER_KEY: 'a'.repeat(64),
    AUTH_ISSUER: 'http://auth.test',
    PORT: String(port),
    ...env,
  });
  const app = await createApp(config, database.url, false);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = await connect(database.url);
  return {
    url,
    app,
    config,
    db,
    close: async () => {
      await db.end();
      // Node's fetch opens a spare connection when a streaming request is aborted (a guard's
      // revocation stream at its shutdown), a little later, and never sends on it; the server
      // would wait for it until its headers timeout, so sweep until closed
      const server = app.getHttpServer();
      const sweep = setInterval(() => server.closeAllConnections(), 50);
      server.closeAllConnections();
      await app.close().finally(() => clearInterval(sweep));
      await database.drop();
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON over fetch; `token` becomes a Bearer header. */
export async function http<T = any>(base: string, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(base + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}
