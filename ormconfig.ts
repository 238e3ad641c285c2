/**
 * The DataSource of the TypeORM CLI (npm run migration:run | migration:revert | migration:show).
 * With DATABASE_URL it uses that database; without, the embedded PostgreSQL under DATA_DIR
 * (reusing it when `npm start` is running, starting it for the command otherwise).
 */
import { DataSource } from 'typeorm';
import { loadDotEnv } from './src/config/dotenv.js';
import { dataSourceOptions } from './src/database/data-source-options.js';
import { describeDatabaseError, prepareDatabase } from './src/database/database.js';

loadDotEnv();
const databaseUrl = process.env.DATABASE_URL || undefined;
const database = await prepareDatabase(databaseUrl, process.env.DATA_DIR ?? './.data', console.error).catch((error: unknown) => {
  console.error(describeDatabaseError(error, databaseUrl));
  process.exit(1);
});

const dataSource = new DataSource(dataSourceOptions(database.url));
// Every CLI command ends with destroy(): stop the PostgreSQL we started with it, or the
// process would wait on it forever (migration:revert) or leave it running (migration:run).
const destroy = dataSource.destroy.bind(dataSource);
dataSource.destroy = async () => {
  await destroy();
  await database.stop();
};

export default dataSource;
