import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createApp } from './app.factory.js';
import { type AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { loadDotEnv } from './config/dotenv.js';
import { describeDatabaseError, prepareDatabase, redactPassword, runMigrations, type PreparedDatabase } from './database/database.js';
import { createLogger, PinoNestLogger } from './observability/logger.js';
import { UsersService } from './users/users.service.js';
import { MasterKeyMismatchError } from './crypto/master-key.js';

/** How long in-flight requests may take to finish at shutdown. */
const SHUTDOWN_GRACE_MS = 5000;

/** Boot: validate config, get a database (embedded when DATABASE_URL is unset), migrate, serve. */
async function main(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config: AppConfig;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // every line from here on is JSON, Nest's own included, at LOG_LEVEL
  const json = createLogger(config.LOG_LEVEL);
  Logger.overrideLogger(new PinoNestLogger(json));
  // a database that cannot be started or reached is one line on stderr, never a stack trace
  let database: PreparedDatabase | undefined;
  try {
    database = await prepareDatabase(config.DATABASE_URL, config.DATA_DIR, (line) => logger.log(line));
    if (!config.DATABASE_URL) logger.log(`embedded PostgreSQL at ${redactPassword(database.url)}`);
    const applied = await runMigrations(database.url);
    if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    console.error(describeDatabaseError(error, config.DATABASE_URL));
    await database?.stop().catch(() => undefined);
    process.exit(1);
  }
  const db = database;

  // whatever stops the boot from here on, our PostgreSQL is stopped too: never an orphan that
  // the next start would silently reuse
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp(config, db.url, json);
    await app.init(); // loads the signing keys: a wrong MASTER_KEY shows here
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await app.get(UsersService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
      logger.log(`admin ${config.ADMIN_EMAIL}: ${outcome === 'created' ? 'created' : 'already exists, left unchanged'}`);
    }
  } catch (error) {
    console.error(error instanceof MasterKeyMismatchError ? error.message : error);
    await app?.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    // in-flight requests get a few seconds to finish; then every socket is dropped, so a client
    // holding a connection open cannot keep the process (and PostgreSQL) up
    setTimeout(() => app.getHttpServer().closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    await app.close().catch((e) => logger.error(`closing the app: ${e}`));
    const stopped = await db.stop().then(
      () => true,
      (e) => {
        logger.error(`stopping PostgreSQL: ${e}`);
        return false;
      },
    );
    // the embedded PostgreSQL is ours to stop, and a person waiting on Ctrl-C wants to know it did
    logger.log(
      config.DATABASE_URL
        ? 'stopped'
        : stopped
          ? 'stopped, and the embedded PostgreSQL with it'
          : 'stopped; the embedded PostgreSQL may still be running',
    );
    process.exit(0);
  };
  // on, not once: Ctrl-C in `npm start` reaches us twice (from the terminal and forwarded by npm)
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    // tried first on a socket of our own: Nest would log a JSON error line of its own before ours
    await probeListen(config.PORT, config.HOST);
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    // the first thing a second `npm start` meets: one line, and our PostgreSQL stopped again
    const code = (error as { code?: string }).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    const why = code === 'EADDRINUSE' ? 'is in use by another process' : 'needs privileges this user lacks';
    console.error(`Cannot listen on ${config.HOST}:${config.PORT}: the port ${why}. Stop the other process or set PORT.`);
    await app.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    process.exit(1);
  }
  logger.log(`listening on http://${config.HOST}:${config.PORT} (issuer ${config.issuer})`);
}

/** Listens on host:port and closes again at once; rejects as listen would (EADDRINUSE, EACCES). */
async function probeListen(port: number, host: string): Promise<void> {
  const server = createServer();
  server.listen(port, host);
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
