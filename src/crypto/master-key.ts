import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key that encrypts private keys at rest (and grace-window child tokens).
 * MASTER_KEY wins; otherwise one is generated once into DATA_DIR/master.key (mode 0600),
 * which config validation refuses in production.
 */
export function resolveMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return decodeKey(configured);
  const file = path.resolve(dataDir, 'master.key');
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim());
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** The master key cannot open the private keys stored in the database: one line, what to do. */
export class MasterKeyMismatchError extends Error {
  constructor() {
    super(
      'MASTER_KEY does not open the signing keys stored in the database (they were sealed with another master key): start with the MASTER_KEY they were created with (if it was generated, the master.key file in DATA_DIR of that first start), or use a new database.',
    );
  }
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64url');
  if (key.length !== 32) throw new Error('MASTER_KEY must decode to 32 bytes');
  return key;
}
