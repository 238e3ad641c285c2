/**
 * The DataSource of the TypeORM CLI (npm run migration:run | migration:revert | migration:generate).
 * With DATABASE_URL it uses that database; without, the embedded PostgreSQL under DATA_DIR
 * (reusing it when `npm start` is running, starting it for the command otherwise).
 */
import { DataSource } from 'typeorm';
import { loadDotEnv } from './src/config/dotenv.js';
import { dataSourceOptions } from './src/database/data-source-options.js';
import { prepareDatabase } from './src/database/database.js';

loadDotEnv();
const database = await prepareDatabase(process.env.DATABASE_URL || undefined, process.env.DATA_DIR ?? './.data', console.error);

export default new DataSource(dataSourceOptions(database.url));
