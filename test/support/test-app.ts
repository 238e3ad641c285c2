import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import type { Logger } from 'pino';
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
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** The JSON logger (default: none). */
  logger?: Logger;
  /** Runs after the app is built and before it listens (e.g. to add a Fastify onRoute hook). */
  beforeListen?(app: NestFastifyApplication): void;
  /** The port to listen on (default: a free one); for a URL known before the app starts, such as an OpenID Connect callback. */
  port?: number;
}

/** The real service (Fastify, filters, pipes, guard) on a fresh database and a random port. */
export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const database = await freshDatabase();
  return startInstance(database.url, env, options, () => database.drop());
}

/**
 * Another instance of the service on the database of `first`, as a second process behind a
 * load balancer would be (same MASTER_KEY and issuer, its own memory). Closing it leaves the
 * database to `first`.
 */
export function startSecondInstance(first: TestApp, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  return startInstance(first.databaseUrl, env, options, async () => undefined);
}

async function startInstance(
  databaseUrl: string,
  env: Record<string, string>,
  options: TestAppOptions,
  dropDatabase: () => Promise<void>,
): Promise<TestApp> {
  const port = 0;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'auth-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    MASTER_KEY: 'a'.repeat(64),
    AUTH_ISSUER: 'http://auth.test',
    PORT: String(port),
    ...env,
  });
  const app = await createApp(config, databaseUrl, options.logger ?? false);
  options.beforeListen?.(app);
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = await connect(databaseUrl);
  return {
    url,
    app,
    config,
    db,
    databaseUrl,
    close: async () => {
      await db.end();
      // drop kept-alive sockets rather than wait out their timeout (a client that sent a body the
      // server refused unread keeps its socket busy); and keep sweeping while closing: Node's
      // fetch opens a spare connection, a little later, when a streaming request is aborted (a
      // guard's revocation stream at its shutdown), and never sends on it
      const server = app.getHttpServer();
      const sweep = setInterval(() => server.closeAllConnections(), 50);
      server.closeAllConnections();
      await app.close().finally(() => clearInterval(sweep));
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON over fetch; `token` becomes a Bearer header. */
export async function http<T = any>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<HttpResult<T>> {
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
