import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { loadDotEnv } from './config/dotenv.js';
import { prepareDatabase, runMigrations } from './database/database.js';
import { createLogger, PinoNestLogger } from './observability/logger.js';
import { UsersService } from './users/users.service.js';

/** Boot: validate config, get a database (embedded when DATABASE_URL is unset), migrate, serve. */
async function main(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config;
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
  const database = await prepareDatabase(config.DATABASE_URL, config.DATA_DIR, (line) => logger.log(line));
  if (!config.DATABASE_URL) logger.log(`embedded PostgreSQL at ${database.url.replace(/:[^:@/]+@/, ':***@')}`);
  const applied = await runMigrations(database.url);
  if (applied.length > 0) logger.log(`applied migrations: ${applied.join(', ')}`);

  const app = await createApp(config, database.url, json);
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const outcome = await app.get(UsersService).ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
    logger.log(`admin ${config.ADMIN_EMAIL}: ${outcome === 'created' ? 'created' : 'already exists, left unchanged'}`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close().catch((e) => logger.error(`closing the app: ${e}`));
    await database.stop().catch((e) => logger.error(`stopping PostgreSQL: ${e}`));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen(config.PORT, config.HOST);
  logger.log(`listening on http://${config.HOST}:${config.PORT} (issuer ${config.issuer})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
