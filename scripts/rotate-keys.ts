/**
 * npm run keys:rotate: publishes a new signing key and a new envelope key now; every running
 * instance starts using them after KEY_ACTIVATION_DELAY (default 10 s), and the previous keys
 * stay in the JWKS until every token they signed has expired. Nobody is logged out.
 *
 *   npm run keys:rotate              # switch after KEY_ACTIVATION_DELAY
 *   npm run keys:rotate -- --now     # switch at once (instances pick it up within 30 s)
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../src/config/app-config.js';
import { loadDotEnv } from '../src/config/dotenv.js';
import { ConfigModule } from '../src/config/config.module.js';
import { CryptoModule } from '../src/crypto/crypto.module.js';
import { KeysService } from '../src/crypto/keys.service.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { prepareDatabase, runMigrations } from '../src/database/database.js';

loadDotEnv();
const config = loadConfig();
const database = await prepareDatabase(config.DATABASE_URL, config.DATA_DIR);
await runMigrations(database.url);

@Module({ imports: [ConfigModule.forConfig(config), DatabaseModule.forUrl(database.url, 2), CryptoModule] })
class RotateKeysModule {}

const app = await NestFactory.createApplicationContext(RotateKeysModule, { logger: ['error', 'warn'] });
try {
  const lead = process.argv.includes('--now') ? 0 : undefined;
  const created = await app.get(KeysService).rotateKeys(lead);
  for (const key of created) console.log(`new ${key.use} key ${key.kid}, in use from ${key.activatesAt.toISOString()}`);
} finally {
  await app.close();
  await database.stop();
}
