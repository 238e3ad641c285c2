import { existsSync } from 'node:fs';

/**
 * Loads ./.env when there is one (see .env.example). Variables already set in the environment
 * win over the file.
 */
export function loadDotEnv(file = '.env'): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
